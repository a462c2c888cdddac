import { join } from 'node:path';
import type { Command } from 'commander';

import { writeSampleFiles } from '../ingest/sample/write-sample-files.ts';
import { FLOW_SCOPES, runAodFlow, type FlowScope } from '../orchestrate/aod-flow.ts';
import { RunCancelledError } from '../orchestrate/flow-run.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { newRunId } from '../store/file-run-history.ts';
import { openStore } from '../store/open-store.ts';
import type { RunRecord } from '../store/run-history.ts';
import { cancelOnSignals } from './cancel-on-signals.ts';
import { exitCodeFor, SIGNAL_EXIT_CODES, type CancelSignal } from './exit-code.ts';
import { parseChoice, parseIntegerOption } from './parse-options.ts';
import { createProgress } from './progress.ts';
import { createRunLogger, logLevelFromEnv } from './run-log.ts';
import { formatRunSummary } from './run-summary.ts';

interface RunOptions {
  input?: string[];
  dataDir?: string;
  workers: string;
  scope: string;
  json?: boolean;
  logStderr?: boolean;
  databaseUrl?: string;
}

/** Checked option values; parsed before any file is touched. */
interface RunSettings {
  workers: number;
  scope: FlowScope;
  logLevel: string;
}

const TASKS = ['ingest', 'store', 'clean', 'profile', 'model'];

/** Parser threads per file, bounded so a typo cannot start hundreds of threads. */
const MAX_WORKERS = 16;

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the whole flow: ingest, store, clean, profile and model')
    .option(
      '-i, --input <path...>',
      'AERONET files or folders (default: the bundled synthetic sample)',
    )
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option('--database-url <url>', 'PostgreSQL store (default: $AODFLOW_DATABASE_URL)')
    .option('--workers <n>', `parser threads per large file, 1 to ${MAX_WORKERS}`, '2')
    .option(
      '--scope <scope>',
      "observations to clean, profile and model: 'inputs' (this run's files) or 'store' (all stored)",
      'inputs',
    )
    .option('--json', 'print the run record as JSON on stdout')
    .option(
      '--log-stderr',
      'write the JSON logs to stderr instead of <data-dir>/logs/<run id>.jsonl',
    )
    .action(async (options: RunOptions) => {
      await runCommand(options);
    });
}

function parseSettings(options: RunOptions): RunSettings {
  return {
    workers: parseIntegerOption('--workers', options.workers, 1, MAX_WORKERS),
    scope: parseChoice('--scope', options.scope, FLOW_SCOPES),
    logLevel: logLevelFromEnv(),
  };
}

async function runCommand(options: RunOptions): Promise<void> {
  const settings = parseSettings(options);
  const dataDir = await resolveDataDir(options.dataDir);
  const runId = newRunId();
  const log = createRunLogger(dataDir, runId, {
    level: settings.logLevel,
    toStderr: options.logStderr,
  });
  const synthetic = !options.input || options.input.length === 0;
  const inputs = synthetic ? await sampleInputs(dataDir) : options.input!;

  const progress = createProgress(TASKS);
  const cancellation = cancelOnSignals();
  try {
    const result = await runAodFlow({
      inputs,
      dataDir,
      runId,
      scope: settings.scope,
      synthetic,
      workers: settings.workers,
      databaseUrl: options.databaseUrl,
      logger: log.logger,
      onEvent: (event) => progress.onEvent(event),
      signal: cancellation.signal,
    });
    progress.stop();
    printRun(result.run, options, log.file);
    if (synthetic && !options.json) {
      process.stdout.write('  (inputs: the bundled synthetic sample, not real data)\n');
    }
  } catch (error) {
    progress.stop();
    if (error instanceof RunCancelledError) exitCancelled(error, runId, log.file);
    // Other failures before any task ran (the store cannot open, say) go to main's handler.
    if (!progress.reportedFailure) throw error;

    const store = await openStore({ dataDir, databaseUrl: options.databaseUrl });
    const run = await store.runs.getRun(runId).finally(() => store.close());
    printRun(run, options, log.file);
    process.exitCode = exitCodeFor(error);
  } finally {
    cancellation.dispose();
  }
}

/** Prints the run record as JSON, or the summary; a failed task's error was printed already. */
function printRun(run: RunRecord, options: RunOptions, logFile: string | null): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return;
  }
  const summary = formatRunSummary({ ...run, error: null }, { logFile });
  process.stdout.write(`${summary}\n`);
}

/** Exits at once, because the cancelled task may still be running in the background. */
function exitCancelled(error: RunCancelledError, runId: string, logFile: string | null): never {
  const where = logFile === null ? '' : `; log ${logFile}`;
  process.stderr.write(`run ${runId} ${error.message}${where}\n`);
  const signal = error.signal as CancelSignal | undefined;
  process.exit(signal === undefined ? 1 : SIGNAL_EXIT_CODES[signal]);
}

async function sampleInputs(dataDir: string): Promise<string[]> {
  const sample = await writeSampleFiles(join(dataDir, 'sample'));
  return [...sample.files, sample.siteListFile];
}
