/**
 * Reference statistics from pandas, computed by the system Python on the same rows, so tests can
 * hold aodflow's numbers to what pandas users see.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** pandas statistics of one column, null where pandas returns NaN. */
export interface PandasColumn {
  count: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  '25%': number | null;
  '50%': number | null;
  '75%': number | null;
  max: number | null;
  q05: number | null;
  q95: number | null;
  skew: number | null;
  kurt: number | null;
}

/** Statistics in exact rational arithmetic, rounded to double at the end. */
export interface ExactColumn {
  mean: number;
  std: number;
  skew: number;
  kurt: number;
  /** Pearson r with every other column over pairwise-complete rows, null where undefined. */
  corr: Record<string, number | null>;
}

export interface PandasReference {
  version: string;
  columns: Record<string, PandasColumn>;
  /** `DataFrame.corr()` by column, then by other column. */
  corr: Record<string, Record<string, number | null>>;
  /** Exact statistics of the columns asked for, where pandas' own rounding shows. */
  exact: Record<string, ExactColumn>;
}

const SCRIPT = `
import json, math, sys
from fractions import Fraction
import pandas as pd

def clean(value):
    value = float(value)
    return None if math.isnan(value) else value

df = pd.read_csv(sys.argv[1], float_precision='round_trip')
columns = {}
for name in df.columns:
    s = df[name].astype('float64')
    d = s.describe()
    keys = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']
    columns[name] = {key: clean(d[key]) for key in keys}
    columns[name].update(q05=clean(s.quantile(0.05)), q95=clean(s.quantile(0.95)),
                         skew=clean(s.skew()), kurt=clean(s.kurt()))
corr = df.astype('float64').corr()

def present(*names):
    rows = df[list(names)].astype('float64').dropna()
    return [[Fraction(v) for v in rows[name]] for name in names]

def exact_r(a, b):
    xs, ys = present(a, b) if a != b else present(a) * 2
    if not xs:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return None if sxx * syy == 0 else float(sxy) / math.sqrt(float(sxx) * float(syy))

def exact_column(name):
    (xs,) = present(name)
    n = len(xs)
    m = sum(xs) / n
    m2, m3, m4 = (sum((x - m) ** k for x in xs) for k in (2, 3, 4))
    skew = n * math.sqrt(n - 1) / (n - 2) * float(m3) / float(m2) ** 1.5
    kurt = float(Fraction(n * (n + 1) * (n - 1)) * m4 / (Fraction((n - 2) * (n - 3)) * m2 ** 2)
                 - Fraction(3 * (n - 1) ** 2, (n - 2) * (n - 3)))
    return {'mean': float(m), 'std': math.sqrt(float(m2 / (n - 1))), 'skew': skew, 'kurt': kurt,
            'corr': {other: exact_r(name, other) for other in df.columns}}

exact = {name: exact_column(name) for name in sys.argv[2].split(',') if name}
out = {'version': pd.__version__, 'columns': columns, 'exact': exact,
       'corr': {a: {b: clean(corr.loc[a, b]) for b in df.columns} for a in df.columns}}
print(json.dumps(out, allow_nan=False))
`;

/** Returns why pandas cannot be used, or null when `/usr/bin/python3` imports it. */
export function pandasUnavailableReason(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) return `${PYTHON} cannot import pandas: ${probe.stderr.trim()}`;
  return null;
}

/**
 * Writes the columns to a CSV (NaN as an empty cell) and returns pandas' statistics of it, plus
 * exact statistics of the `exactColumns`.
 */
export function pandasReference(
  columns: Record<string, Float64Array>,
  length: number,
  exactColumns: string[] = [],
): PandasReference {
  const directory = mkdtempSync(join(tmpdir(), 'aodflow-pandas-'));
  try {
    const csv = join(directory, 'rows.csv');
    writeFileSync(csv, toCsv(columns, length));

    const run = spawnSync(PYTHON, ['-c', SCRIPT, csv, exactColumns.join(',')], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (run.status !== 0) throw new Error(`pandas reference script failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as PandasReference;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function toCsv(columns: Record<string, Float64Array>, length: number): string {
  const names = Object.keys(columns);
  const lines = [names.join(',')];
  for (let i = 0; i < length; i++) {
    // String(number) is the shortest text that reads back as the same double.
    lines.push(names.map((name) => formatCell(columns[name]![i]!)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function formatCell(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}
