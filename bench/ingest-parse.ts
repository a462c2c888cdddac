/**
 * Times readAeronetFile on a large AERONET file: three runs, wall and CPU seconds, peak RSS.
 *
 *   node --import tsx bench/ingest-parse.ts [file] [--workers N]
 *
 * The default file is /tmp/aeronet_1M.lev20 (1,000,000 All Points rows, 1.08 GB), made by the
 * Python reference's scale.py from the real files. Peak RSS is the process maximum so far
 * (process.resourceUsage().maxRSS), so it covers all runs up to the one printed.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { readAeronetFile } from '../src/ingest/read-aeronet-file.ts';

const RUNS = 3;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string' } },
});
const file = positionals[0] ?? '/tmp/aeronet_1M.lev20';
const workers = values.workers === undefined ? undefined : Number(values.workers);
if (!existsSync(file)) {
  console.error(
    `${file} not found; create it with: /usr/bin/python3 <anchors>/scale.py --input ` +
      '<aeronet>/*.lev20 <aeronet>/aeronet-AOD15-example.txt --rows 1000000 --output ' +
      '/tmp/aeronet_1M.lev20',
  );
  process.exit(1);
}

for (let run = 1; run <= RUNS; run++) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await readAeronetFile(file, { workers });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `run ${run}: ${seconds.toFixed(3)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (all threads), ` +
      `${result.table.length.toLocaleString('en')} rows, ${result.quarantine.length} quarantined, ` +
      `peak RSS ${peakMb.toFixed(0)} MB`,
  );
}
