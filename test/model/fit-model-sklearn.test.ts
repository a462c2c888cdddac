/**
 * The TypeScript fit against pandas + scikit-learn (and numpy/scipy for the OLS statistics)
 * on the same rows, through /usr/bin/python3 and test/model/sklearn-fit.py.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { CleanTable } from '../../src/clean/clean-table.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { cleanTableOf, syntheticTable, writeTableCsv, type FixtureRow } from './fixtures.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./sklearn-fit.py', import.meta.url));

interface PythonFit {
  target: string;
  rows: number;
  rows_train: number;
  sparse: boolean;
  categories: string[];
  intercept: number;
  coefficients: Record<string, number>;
  exact_intercept: number;
  exact_coefficients: Record<string, number>;
  metrics?: { r2: number | null; rmse: number; mae: number };
  ols: {
    std_errors: number[];
    t: number[];
    p: number[];
    ci_lower: number[];
    ci_upper: number[];
    r2: number;
    adjusted_r2: number;
    f: number;
    f_p: number;
    residual_std_error: number;
    log_likelihood: number;
    aic: number;
    bic: number;
    condition_number: number;
    df_resid: number;
  };
}

let dir = '';
let sklearnMissing: string | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aodflow-sklearn-'));
  try {
    await run(PYTHON, ['-c', 'import sklearn, pandas, scipy']);
  } catch (error) {
    sklearnMissing = `scikit-learn, pandas or scipy cannot be imported by ${PYTHON}: ${(error as Error).message.split('\n')[0]}`;
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fitWithPython(t: TestContext, table: CleanTable, testFraction = 0.2) {
  if (sklearnMissing !== undefined) {
    t.skip(sklearnMissing);
    return undefined;
  }
  const csv = join(dir, `${t.name.replace(/\W+/g, '-')}.csv`);
  await writeTableCsv(csv, table);
  const { stdout } = await run(PYTHON, [SCRIPT, csv, String(testFraction)], {
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as PythonFit;
}

function assertClose(got: number | null, expected: number, tolerance: number, label: string) {
  assert.ok(got !== null, `${label}: expected ${expected}, got null`);
  const error = Math.abs(got - expected);
  assert.ok(
    error <= tolerance * Math.max(Math.abs(expected), 1e-6),
    `${label}: expected ${expected}, got ${got} (relative error ${error / Math.abs(expected)})`,
  );
}

function assertCoefficients(
  got: { intercept: number; coefficients: Record<string, number> },
  intercept: number,
  coefficients: Record<string, number>,
  tolerance: number,
) {
  assert.deepEqual(Object.keys(got.coefficients), Object.keys(coefficients));
  assertClose(got.intercept, intercept, tolerance, 'intercept');
  for (const [name, value] of Object.entries(coefficients)) {
    assertClose(got.coefficients[name]!, value, tolerance, name);
  }
}

test('coefficients match scikit-learn', async (t) => {
  const { table } = syntheticTable({ sites: 4, rows: 500, noise: 0.3, seed: 3 });
  const python = await fitWithPython(t, table);
  if (python === undefined) return;

  const { artifact } = fitModel(table);

  assert.equal(python.sparse, false);
  assert.equal(artifact.metrics.rowsTrain, python.rows_train);
  assert.deepEqual(artifact.encoder.categories, python.categories);
  assertCoefficients(artifact, python.intercept, python.coefficients, 1e-6);
  assertClose(artifact.metrics.r2, python.metrics!.r2!, 1e-9, 'r2');
  assertClose(artifact.metrics.rmse, python.metrics!.rmse, 1e-9, 'rmse');
  assertClose(artifact.metrics.mae, python.metrics!.mae, 1e-9, 'mae');
});

test('statistics match textbook OLS', async (t) => {
  const { table } = syntheticTable({ sites: 5, rows: 400, noise: 0.4, seed: 9 });
  const python = await fitWithPython(t, table);
  if (python === undefined) return;

  const { diagnostics } = fitModel(table).artifact;
  const ols = python.ols;

  assert.equal(diagnostics.dfResidual, ols.df_resid);
  diagnostics.terms.forEach((term, i) => {
    assertClose(term.stdError, ols.std_errors[i]!, 1e-8, `${term.name} stdError`);
    assertClose(term.tStatistic, ols.t[i]!, 1e-8, `${term.name} t`);
    assertClose(term.pValue, ols.p[i]!, 1e-6, `${term.name} p`);
    assertClose(term.ciLower, ols.ci_lower[i]!, 1e-8, `${term.name} ciLower`);
    assertClose(term.ciUpper, ols.ci_upper[i]!, 1e-8, `${term.name} ciUpper`);
  });
  assertClose(diagnostics.r2, ols.r2, 1e-10, 'r2');
  assertClose(diagnostics.adjustedR2, ols.adjusted_r2, 1e-10, 'adjustedR2');
  assertClose(diagnostics.fStatistic, ols.f, 1e-9, 'fStatistic');
  assertClose(diagnostics.fPValue, ols.f_p, 1e-6, 'fPValue');
  assertClose(diagnostics.residualStdError, ols.residual_std_error, 1e-10, 'residualStdError');
  assertClose(diagnostics.logLikelihood, ols.log_likelihood, 1e-10, 'logLikelihood');
  assertClose(diagnostics.aic, ols.aic, 1e-10, 'aic');
  assertClose(diagnostics.bic, ols.bic, 1e-10, 'bic');
  assertClose(diagnostics.conditionNumber, ols.condition_number, 1e-8, 'conditionNumber');
});

test('awkward rows match scikit-learn', async (t) => {
  // Site names out of UTF-16 order, a site seen only in the test part, missing values,
  // non-positive AOD and a latitude that varies within one site.
  const sites = ['Zinder Airport', 'agoufou', '\uFB01gure', '\u{1D538}ra', 'Dakar'];
  const rows: FixtureRow[] = Array.from({ length: 220 }, (_, i) => ({
    site: i >= 200 && i % 3 === 0 ? 'Ilorin' : sites[(i * 7) % sites.length]!,
    time: new Date(Date.UTC(2018, 11, 20) + i * 37 * 3600_000).toISOString(),
    aod550: i % 29 === 0 ? 0 : 0.05 + ((i * 13) % 17) / 20,
    precipitableWater: i % 31 === 0 ? NaN : 0.3 + ((i * 5) % 23) / 7,
    angstrom: 0.1 + ((i * 11) % 19) / 12,
    latitude: sites[(i * 7) % sites.length] === 'Dakar' ? 14.7 + (i % 4) * 0.001 : 13.5,
  }));
  const table = cleanTableOf(rows);
  const python = await fitWithPython(t, table);
  if (python === undefined) return;

  const { artifact } = fitModel(table);

  assert.deepEqual(artifact.encoder.categories, python.categories);
  assert.equal(artifact.data.rows, python.rows);
  assert.ok('latitude' in artifact.coefficients);
  assertCoefficients(artifact, python.intercept, python.coefficients, 1e-6);
  assertClose(artifact.metrics.rmse, python.metrics!.rmse, 1e-9, 'rmse');
});

test('aod_500 target matches scikit-learn', async (t) => {
  const rows = syntheticRows(120).map((row) => ({ ...row, aod550: NaN }));
  const table = cleanTableOf(rows);
  const python = await fitWithPython(t, table, 0.25);
  if (python === undefined) return;

  const { artifact } = fitModel(table, { testFraction: 0.25 });

  assert.equal(python.target, 'aod_500');
  assert.equal(artifact.target, 'aod_500');
  assertCoefficients(artifact, python.intercept, python.coefficients, 1e-6);
});

function syntheticRows(count: number): FixtureRow[] {
  return Array.from({ length: count }, (_, i) => ({
    site: ['Ilorin', 'Dakar', 'Mongu'][i % 3]!,
    time: new Date(Date.UTC(2019, 0, 1) + i * 86_400_000).toISOString(),
    aod550: 0.3,
    aod500: 0.1 + ((i * 17) % 13) / 10,
    precipitableWater: 0.5 + ((i * 7) % 11) / 3,
    angstrom: 0.2 + ((i * 3) % 7) / 5,
  }));
}

test('sparse design matches exact least squares', async (t) => {
  // With 40 sites the one-hot design is sparse, so scikit-learn solves with LSQR, which
  // stops at atol = btol = 1e-6; numpy's dense lstsq gives the exact solution.
  const { table } = syntheticTable({ sites: 40, rows: 20_000, noise: 0.3, seed: 5 });
  const python = await fitWithPython(t, table);
  if (python === undefined) return;

  const { artifact } = fitModel(table);

  assert.equal(python.sparse, true);
  assertCoefficients(artifact, python.exact_intercept, python.exact_coefficients, 1e-9);
  for (const [name, value] of Object.entries(python.coefficients)) {
    const difference = Math.abs(artifact.coefficients[name]! - value);
    assert.ok(difference < 1e-4, `${name}: LSQR ${value}, exact ${artifact.coefficients[name]}`);
  }
});
