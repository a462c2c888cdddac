import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shiftAod } from '../../src/clean/angstrom.ts';
import { cleanObservations } from '../../src/clean/clean-observations.ts';
import { GOOD, tableOf } from './fixtures.ts';

describe('cleanObservations', () => {
  it('derives AOD at 550 nm from 500 nm by the Angstrom law', () => {
    const { table, summary } = cleanObservations(
      tableOf([{ site: 'Dakar', time: '2024-03-01T10:00:00Z', values: GOOD }]),
    );

    assert.equal(table.length, 1);
    // exp(-alpha ln(l / l0)) stays within two units in the last place of Math.pow.
    const powerLaw = 0.4 * Math.pow(550 / 500, -1.2);
    assert.ok(Math.abs(table.aod550[0]! - powerLaw) <= 2 * Number.EPSILON * powerLaw);
    assert.equal(table.aod550SourceNm[0], 500);
    assert.equal(summary.aod550From500, 1);
  });

  it('falls back to 440 nm when 500 nm is missing', () => {
    const values = { aod_440: 0.5, angstrom_440_870: 0.3 };
    const { table, summary } = cleanObservations(
      tableOf([{ site: 'Dakar', time: '2024-03-01T10:00:00Z', values }]),
    );

    assert.equal(table.aod550[0], shiftAod(0.5, 440, 550, 0.3));
    assert.equal(table.aod550SourceNm[0], 440);
    assert.equal(summary.aod550From440, 1);
  });

  it('quarantines a row without a usable target', () => {
    const { table, quarantine, summary } = cleanObservations(
      tableOf([{ site: 'Dakar', time: '2024-03-01T10:00:00Z', values: { aod_500: 0.3 } }]),
    );

    assert.equal(table.length, 0);
    assert.equal(summary.removed.no_target, 1);
    assert.equal(quarantine.length, 1);
    assert.equal(quarantine[0]!.reason, 'no_target');
    assert.equal(quarantine[0]!.source, 'fixture.lev20');
    assert.equal(quarantine[0]!.line, 7);
    assert.equal(quarantine[0]!.time, '2024-03-01T10:00:00.000Z');
  });

  it('quarantines an impossible value with expected and got', () => {
    const values = { ...GOOD, precipitable_water: 12.5 };
    const { quarantine, summary } = cleanObservations(
      tableOf([{ site: 'Ilorin', time: '2024-01-05T11:00:00Z', values }]),
    );

    assert.equal(summary.removed.impossible_value, 1);
    assert.deepEqual(quarantine[0], {
      reason: 'impossible_value',
      source: 'fixture.lev20',
      line: 7,
      site: 'Ilorin',
      time: '2024-01-05T11:00:00.000Z',
      field: 'Precipitable_Water(cm)',
      value: '12.5',
      detail: 'Precipitable_Water(cm): expected a value in 0..10, got 12.5',
    });
  });

  it('keeps small negative AOD and counts it', () => {
    const values = { ...GOOD, aod_1020: -0.008 };
    const { table, summary } = cleanObservations(
      tableOf([{ site: 'Mauna_Loa', time: '2024-01-05T11:00:00Z', values }]),
    );

    assert.equal(table.length, 1);
    assert.equal(summary.smallNegativeAodKept, 1);
  });

  it('rejects AOD below the small negative limit', () => {
    const values = { ...GOOD, aod_1020: -0.05 };
    const { table, quarantine } = cleanObservations(
      tableOf([{ site: 'Mauna_Loa', time: '2024-01-05T11:00:00Z', values }]),
    );

    assert.equal(table.length, 0);
    assert.equal(quarantine[0]!.detail, 'AOD_1020nm: expected a value in -0.02..10, got -0.05');
  });

  it('keeps the first of duplicate site and time rows', () => {
    const { table, quarantine, summary } = cleanObservations(
      tableOf([
        { site: 'Dakar', time: '2024-03-01T10:00:00Z', values: GOOD },
        { site: 'Ilorin', time: '2024-03-01T10:00:00Z', values: GOOD },
        { site: 'Dakar', time: '2024-03-01T10:00:00Z', values: { ...GOOD, aod_500: 0.9 } },
      ]),
    );

    assert.equal(table.length, 2);
    assert.equal(table.values.aod_500[0], 0.4);
    assert.equal(summary.removed.duplicate, 1);
    assert.equal(quarantine[0]!.reason, 'duplicate');
    assert.equal(quarantine[0]!.line, 9);
    assert.equal(
      quarantine[0]!.detail,
      'same site and time as fixture.lev20 line 7, which is kept',
    );
  });

  it('orders rows by time keeping input order on ties', () => {
    const { table } = cleanObservations(
      tableOf([
        { site: 'B', time: '2024-03-02T10:00:00Z', values: GOOD },
        { site: 'C', time: '2024-03-01T10:00:00Z', values: GOOD },
        { site: 'A', time: '2024-03-01T10:00:00Z', values: GOOD },
      ]),
    );

    const sites = Array.from(table.site, (s) => table.siteNames[s]);
    assert.deepEqual(sites, ['C', 'A', 'B']);
    assert.deepEqual(Array.from(table.line), [8, 9, 7]);
  });

  it('counts missing cells per measurement', () => {
    const { summary } = cleanObservations(
      tableOf([
        { site: 'Dakar', time: '2024-03-01T10:00:00Z', values: GOOD },
        { site: 'Dakar', time: '2024-03-01T11:00:00Z', values: { ...GOOD, aod_1020: 0.2 } },
      ]),
    );

    assert.equal(summary.missingCells.aod_1020, 1);
    assert.equal(summary.missingCells.aod_500, 0);
    assert.equal(summary.missingCells.aod_1640, 2);
  });
});
