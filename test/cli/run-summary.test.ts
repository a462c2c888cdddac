import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatRunSummary, taskNote } from '../../src/cli/run-summary.ts';
import type { RunRecord, TaskRunRecord } from '../../src/store/run-history.ts';

function task(name: string, fields: Partial<TaskRunRecord> = {}): TaskRunRecord {
  return {
    task: name,
    state: 'completed',
    attempts: 1,
    startedAt: '2024-05-01T10:00:00.000Z',
    endedAt: '2024-05-01T10:00:01.000Z',
    durationMs: 1000,
    rowsIn: 10,
    rowsOut: 10,
    error: null,
    details: {},
    ...fields,
  };
}

function run(tasks: TaskRunRecord[], fields: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: '20240501T100000Z-abc123',
    flow: 'aod',
    state: 'completed',
    startedAt: '2024-05-01T10:00:00.000Z',
    endedAt: '2024-05-01T10:00:05.000Z',
    durationMs: 5000,
    parameters: {},
    tasks,
    error: null,
    dataVersion: null,
    ...fields,
  };
}

const METRICS = { r2: 0.8123, rmse: 0.31, mae: 0.2449, rowsTrain: 1498, rowsTest: 375 };

function modelTask(details: Record<string, unknown> = {}): TaskRunRecord {
  return task('model', {
    details: {
      modelVersion: 'aod-ols-20240501T100004Z-eae4e54d',
      scope: 'inputs',
      rowsCleaned: 1873,
      target: 'log_aod_550',
      wavelengthNm: 550,
      metrics: METRICS,
      ...details,
    },
  });
}

describe('formatRunSummary', () => {
  it('shows store changes after the row counts', () => {
    const store = task('store', {
      rowsIn: 1874,
      rowsOut: 1874,
      details: { added: 0, replaced: 0, unchanged: 1874 },
    });

    const lines = formatRunSummary(run([store])).split('\n');

    assert.equal(
      lines[1],
      '  store    completed 1,874 → 1,874 rows          1.0 s  attempts 1  ' +
        'added 0, replaced 0, unchanged 1,874',
    );
  });

  it('names skipped files', () => {
    const ingest = task('ingest', { details: { skipped: ['/data/in/x.txt', '/data/in/y.md'] } });

    const lines = formatRunSummary(run([ingest])).split('\n');

    assert.equal(
      lines[2],
      '  skipped 2 files that are neither AERONET data nor a site list: x.txt, y.md',
    );
  });

  it('names the installed site catalog', () => {
    const siteCatalog = { file: '/data/in/sites.txt', sites: 1624, generatedOn: '2024-12-13' };
    const ingest = task('ingest', { details: { siteCatalog } });

    const lines = formatRunSummary(run([ingest])).split('\n');

    assert.equal(
      lines[2],
      '  site catalog sites.txt (1,624 sites, generated 2024-12-13) installed for aodflow sites ' +
        'and ingest',
    );
  });

  it('lists ingest warnings with file and line', () => {
    const warning =
      '/data/in/Dakar.lev20 line 729: expected 113 fields, got 73: the last line is cut short; ' +
      'the row is quarantined as truncated_row';
    const ingest = task('ingest', { details: { warnings: [warning] } });

    const lines = formatRunSummary(run([ingest])).split('\n');

    assert.deepEqual(lines.slice(2), ['  warnings (1):', `    ${warning}`]);
  });

  it('caps warnings at ten', () => {
    const warnings = Array.from({ length: 12 }, (_, i) => `/d/a.lev20 line ${i + 8}: cut`);
    const ingest = task('ingest', { details: { warnings } });

    const lines = formatRunSummary(run([ingest])).split('\n');

    assert.equal(lines.length, 2 + 1 + 10 + 1);
    assert.equal(
      lines.at(-1),
      '    … 2 more in the run record (aodflow runs 20240501T100000Z-abc123 --json)',
    );
  });

  it('summarizes quarantine by reason', () => {
    const ingest = task('ingest', {
      details: {
        quarantine: {
          malformed_row: {
            rows: 1,
            examples: [
              { source: '/in/b.lev20', line: 20, detail: 'AOD_1020nm: expected a number' },
            ],
          },
        },
      },
    });
    const store = task('store', {
      details: { added: 1, replaced: 0, unchanged: 0, quarantineDir: '/dd/quarantine/r1' },
    });
    const clean = task('clean', {
      details: {
        quarantine: {
          no_target: {
            rows: 5,
            examples: [
              { source: '/in/a.lev20', line: 8, detail: 'AOD_500nm: missing' },
              { source: '/in/a.lev20', line: 9, detail: 'AOD_500nm: missing' },
              { source: '/in/a.lev20', line: 12, detail: 'AOD_500nm: missing' },
            ],
          },
        },
      },
    });

    const lines = formatRunSummary(run([ingest, store, clean])).split('\n');

    assert.deepEqual(lines.slice(4), [
      '  quarantine: 6 rows set aside; full records in /dd/quarantine/r1',
      '    malformed_row         1 row  b.lev20:20 (AOD_1020nm: expected a number)',
      '    no_target            5 rows  a.lev20:8, a.lev20:9, a.lev20:12, … (AOD_500nm: missing)',
    ]);
  });

  it('shows model scores and what was fitted', () => {
    const lines = formatRunSummary(run([modelTask()])).split('\n');

    assert.deepEqual(lines.slice(2), [
      "  model  aod-ols-20240501T100004Z-eae4e54d fitted on the 1,873 cleaned rows of this run's inputs",
      '         test R² 0.812, RMSE 0.310, MAE 0.245 on ln AOD at 550 nm; rows train 1,498, test 375',
    ]);
  });

  it('names all stored observations for scope store', () => {
    const lines = formatRunSummary(run([modelTask({ scope: 'store' })])).split('\n');

    assert.match(lines[2]!, /fitted on the 1,873 cleaned rows of all stored observations$/);
  });

  it('warns when test R² is negative', () => {
    const model = modelTask({ metrics: { ...METRICS, r2: -0.2412 } });

    const lines = formatRunSummary(run([model])).split('\n');

    assert.equal(
      lines[4],
      '  warning: test R² is -0.241: the model predicts the test part worse than its mean ' +
        '(the test part is the latest 20 % of rows in time)',
    );
  });

  it('warns about each dropped feature', () => {
    const dropped = [
      {
        feature: 'doy_cos',
        reason: 'collinear',
        collinearWith: ['doy_sin'],
        conditionNumber: 1.18e8,
      },
      { feature: 'angstrom_440_870', reason: 'constant', collinearWith: [], conditionNumber: null },
      { feature: 'latitude', reason: 'unknown' },
    ];
    const model = modelTask({ droppedFeatures: dropped });

    const lines = formatRunSummary(run([model])).split('\n');

    assert.deepEqual(lines.slice(4), [
      '  warning: feature doy_cos left out of the model: collinear with doy_sin (with it, the ' +
        'scaled design would have condition number 1.18e+8, above 1e6); add observations where ' +
        'they vary independently to fit it',
      '  warning: feature angstrom_440_870 left out of the model: it is constant over the ' +
        'training rows; add observations where it varies to fit it',
    ]);
  });

  it('warns about rows under a year', () => {
    const short = modelTask({
      span: { from: '2019-02-02T10:00:00.000Z', to: '2019-02-11T16:00:00.000Z' },
    });
    const year = modelTask({
      span: { from: '2019-01-01T00:00:00.000Z', to: '2020-01-01T00:00:00.000Z' },
    });

    const lines = formatRunSummary(run([short])).split('\n');

    assert.deepEqual(lines.slice(4), [
      '  warning: the modelled rows span 2019-02-02 to 2019-02-11, less than a year: ' +
        'predictions for other days of the year extrapolate the seasonal features (the API ' +
        'marks them "season_covered": false)',
    ]);
    assert.equal(formatRunSummary(run([year])).split('\n').length, 4);
  });

  it('ends with report, log and error', () => {
    const profile = task('profile', { details: { report: '/dd/reports/r1/report.html' } });
    const failed = run([profile], { state: 'failed', error: 'AOD_NO_ROWS: no rows' });

    const lines = formatRunSummary(failed, { logFile: '/dd/logs/r1.jsonl' }).split('\n');

    assert.deepEqual(lines.slice(2), [
      '  report /dd/reports/r1/report.html',
      '  log    /dd/logs/r1.jsonl',
      '  error: AOD_NO_ROWS: no rows',
    ]);
  });
});

describe('taskNote', () => {
  it('counts quarantined rows of ingest', () => {
    const ingest = task('ingest', {
      details: { quarantine: { truncated_row: { rows: 2, examples: [] } } },
    });

    assert.equal(taskNote(ingest), '2 quarantined');
  });

  it('is empty for a task without facts', () => {
    assert.equal(taskNote(task('profile')), '');
  });
});
