import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  mergeQuarantineSummaries,
  summarizeQuarantine,
} from '../../src/orchestrate/quarantine-summary.ts';
import type { QuarantineReason, QuarantineRecord } from '../../src/quarantine.ts';

function record(reason: QuarantineReason, line: number): QuarantineRecord {
  return {
    reason,
    source: '/in/Dakar.lev20',
    line,
    site: 'Dakar',
    time: null,
    field: null,
    value: null,
    detail: `${reason} at ${line}`,
  };
}

describe('summarizeQuarantine', () => {
  it('counts rows by reason in registry order', () => {
    const records = [
      record('no_target', 30),
      record('malformed_row', 9),
      record('no_target', 31),
      record('no_target', 32),
      record('no_target', 33),
    ];

    assert.deepEqual(summarizeQuarantine(records), {
      malformed_row: {
        rows: 1,
        examples: [{ source: '/in/Dakar.lev20', line: 9, detail: 'malformed_row at 9' }],
      },
      no_target: {
        rows: 4,
        examples: [30, 31, 32].map((line) => ({
          source: '/in/Dakar.lev20',
          line,
          detail: `no_target at ${line}`,
        })),
      },
    });
  });

  it('is empty without records', () => {
    assert.deepEqual(summarizeQuarantine([]), {});
  });
});

describe('mergeQuarantineSummaries', () => {
  it('adds counts and keeps the first examples', () => {
    const ingest = summarizeQuarantine([record('truncated_row', 700)]);
    const clean = summarizeQuarantine([record('duplicate', 8), record('duplicate', 9)], 1);
    const again = summarizeQuarantine([record('duplicate', 50)]);

    const merged = mergeQuarantineSummaries([ingest, clean, again], 2);

    assert.deepEqual(Object.keys(merged), ['truncated_row', 'duplicate']);
    assert.equal(merged.duplicate!.rows, 3);
    assert.deepEqual(
      merged.duplicate!.examples.map((example) => example.line),
      [8, 50],
    );
  });
});
