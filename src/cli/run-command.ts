import { join } from 'node:path';
import type { Command } from 'commander';

import { createLogger } from '../logger.ts';
import { writeSampleFiles } from '../ingest/sample/write-sample-files.ts';
import { runAodFlow } from '../orchestrate/aod-flow.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { createProgress, formatRunSummary } from './progress.ts';

interface RunOptions {
  input?: string[];
  dataDir?: string;
  workers: string;
  json?: boolean;
}

const TASKS = ['ingest', 'store', 'clean', 'profile', 'model'];

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the whole flow: ingest, store, clean, profile and model')
    .option(
      '-i, --input <path...>',
      'AERONET files or folders (default: the bundled synthetic sample)',
    )
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option('--workers <n>', 'parser threads per large file', '2')
    .option('--json', 'print the run record as JSON on stdout')
    .action(async (options: RunOptions) => {
      await runCommand(options);
    });
}

async function runCommand(options: RunOptions): Promise<void> {
  const dataDir = await resolveDataDir(options.dataDir);
  const logger = createLogger({ level: process.env.AODFLOW_LOG_LEVEL ?? 'warn' });
  const synthetic = !options.input || options.input.length === 0;
  const inputs = synthetic ? await sampleInputs(dataDir) : options.input!;

  const progress = createProgress(TASKS);
  try {
    const result = await runAodFlow({
      inputs,
      dataDir,
      synthetic,
      workers: Number(options.workers),
      logger,
      onEvent: (event) => progress.onEvent(event),
    });
    progress.stop();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result.run, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${formatRunSummary(result.run)}\n`);
    process.stdout.write(`  report ${result.reportPath}\n  model  ${result.modelVersion}\n`);
    if (synthetic)
      process.stdout.write('  (inputs: the bundled synthetic sample, not real data)\n');
  } finally {
    progress.stop();
  }
}

async function sampleInputs(dataDir: string): Promise<string[]> {
  const sample = await writeSampleFiles(join(dataDir, 'sample'));
  return [...sample.files, sample.siteListFile];
}
