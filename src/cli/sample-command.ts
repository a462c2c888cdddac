import type { Command } from 'commander';

import { writeSampleFiles } from '../ingest/sample/write-sample-files.ts';
import { parseIntegerOption } from './parse-options.ts';

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('write the synthetic AERONET Version 3 sample files (for trying aodflow offline)')
    .option('-o, --out <dir>', 'output folder', 'aodflow-sample')
    .option('--seed <n>', 'random seed; the same seed gives identical files', '1')
    .action(async (options: { out: string; seed: string }) => {
      const seed = parseIntegerOption('--seed', options.seed, 0, 2 ** 32 - 1);
      const result = await writeSampleFiles(options.out, { seed });
      process.stdout.write(
        `wrote ${result.files.length} files, ${result.rows.toLocaleString('en-US')} rows, ` +
          `sites ${result.sites.join(', ')}\n  site list ${result.siteListFile}\n` +
          '  synthetic data generated from published climatologies, not measurements\n',
      );
    });
}
