/**
 * Benchmark: aodflow against the Python reference pipeline (pandas + scikit-learn) on the same
 * inputs, in one run on one machine, alternating the two so that machine noise hits both.
 * Prints per-stage seconds, the ratios reference / aodflow (above 1 means aodflow is faster)
 * and peak RSS of each process.
 *
 *   npm run bench                       # real files and a 1,000,000-row file
 *   BENCH_ROWS=200000 BENCH_REPEAT=1 npm run bench
 *
 * Environment: AODFLOW_SAMPLE_DATA (real AERONET files), AODFLOW_REFERENCE_DIR (reference.py and
 * scale.py), BENCH_SCALED (path of the scaled file, made by scale.py when absent), BENCH_ROWS
 * (default 1000000), BENCH_REPEAT (runs per side, default 3; the median is reported).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dataDir = process.env.AODFLOW_SAMPLE_DATA ?? resolve(root, '../shared/data/aeronet');
const referenceDir = process.env.AODFLOW_REFERENCE_DIR ?? resolve(root, '../shared/anchors');
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const scaled = process.env.BENCH_SCALED ?? `/tmp/aeronet_${rows}.lev20`;
const python = '/usr/bin/python3';

interface StageResult {
  seconds: Record<string, number>;
  peakRssMb: number;
  /** Peak RSS at the end of each stage (aodflow only). */
  peakRssMbByStage?: Record<string, number>;
  rowsClean: number;
}

function realInputs(): string[] {
  const names = readdirSync(dataDir).sort();
  return [
    ...names.filter((n) => n.endsWith('.lev20')),
    'aeronet-AOD15-example.txt',
    ...names.filter((n) => n.endsWith('.lev15')),
  ].map((n) => join(dataDir, n));
}

function runReference(inputs: string[]): StageResult {
  const out = execFileSync(
    python,
    [join(referenceDir, 'reference.py'), '--json', '--input', ...inputs],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1)!);
  return { seconds: result.seconds, peakRssMb: result.peak_rss_mb, rowsClean: result.rows_clean };
}

function runAodflow(inputs: string[], storeAt?: string): StageResult {
  const args = [join(root, 'bench/aodflow-stages.mjs')];
  if (storeAt) args.push('--store', storeAt);
  const out = execFileSync(process.execPath, [...args, ...inputs], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function compare(label: string, inputs: string[]): void {
  const reference: StageResult[] = [];
  const aodflow: StageResult[] = [];
  for (let i = 0; i < repeat; i++) {
    reference.push(runReference(inputs));
    aodflow.push(runAodflow(inputs));
  }
  const storeDir = mkdtempSync(join(tmpdir(), 'aodflow-bench-'));
  const stored = runAodflow(inputs, storeDir);
  rmSync(storeDir, { recursive: true, force: true });

  const ref = (key: string) => median(reference.map((r) => r.seconds[key] ?? 0));
  const ours = (key: string) => median(aodflow.map((r) => r.seconds[key] ?? 0));
  const rows: [string, number, number][] = [
    ['read (parse)', ref('read'), ours('read')],
    ['clean', ref('clean'), ours('clean')],
    ['ingest + clean', ref('read') + ref('clean'), ours('read') + ours('clean')],
    ['features + fit + predict', ref('features') + ref('fit') + ref('predict'), ours('fit')],
  ];

  console.log(`\n== ${label}: ${inputs.length} file(s), median of ${repeat} runs per side`);
  console.log(`rows clean: reference ${reference[0]!.rowsClean}, aodflow ${aodflow[0]!.rowsClean}`);
  console.log(
    `${'stage'.padEnd(26)}${'reference s'.padStart(12)}${'aodflow s'.padStart(12)}${'ratio'.padStart(8)}`,
  );
  for (const [name, r, a] of rows) {
    console.log(
      `${name.padEnd(26)}${r.toFixed(3).padStart(12)}${a.toFixed(3).padStart(12)}${(r / a).toFixed(2).padStart(8)}`,
    );
  }
  const refPeak = median(reference.map((r) => r.peakRssMb));
  const ourPeak = median(aodflow.map((r) => r.peakRssMb));
  const ourCleanPeak = median(aodflow.map((r) => r.peakRssMbByStage?.clean ?? 0));
  console.log(
    `peak RSS MB: reference ${refPeak.toFixed(0)}, aodflow ${ourPeak.toFixed(0)} (ratio ${(ourPeak / refPeak).toFixed(2)}); ` +
      `aodflow after read + clean ${ourCleanPeak.toFixed(0)}`,
  );
  console.log(
    `aodflow store write (Parquet, no reference counterpart): ${stored.seconds.store!.toFixed(3)} s, ` +
      `peak RSS of that run ${stored.peakRssMb.toFixed(0)} MB`,
  );
}

if (!existsSync(join(dataDir, 'aeronet_locations_v3.txt'))) {
  console.error(`real AERONET files not found at ${dataDir}: set AODFLOW_SAMPLE_DATA`);
  process.exit(1);
}
console.log(
  `machine: ${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString()}`,
);
compare('real files', realInputs());

if (!existsSync(scaled)) {
  console.log(`making ${scaled} with scale.py (${rows} rows)`);
  const allPoints = realInputs().filter((f) => !f.endsWith('.lev15'));
  execFileSync(
    python,
    [
      join(referenceDir, 'scale.py'),
      '--input',
      ...allPoints,
      '--rows',
      String(rows),
      '--output',
      scaled,
    ],
    {
      stdio: 'inherit',
    },
  );
}
compare(`scaled file ${scaled}`, [scaled]);
