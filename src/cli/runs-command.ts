import { existsSync } from 'node:fs';
import type { Command } from 'commander';

import { resolveDataDir } from '../store/data-dir.ts';
import { openStore } from '../store/open-store.ts';
import type { RunHistory } from '../store/run-history.ts';
import type { RunRecord } from '../store/run-history.ts';
import { formatDuration } from './format.ts';
import { parsePositiveInteger } from './parse-options.ts';
import { runLogPath } from './run-log.ts';
import { formatRunSummary } from './run-summary.ts';

interface RunsOptions {
  dataDir?: string;
  limit: string;
  json?: boolean;
  databaseUrl?: string;
}

export function registerRunsCommand(program: Command): void {
  program
    .command('runs [runId]')
    .description('list past flow runs with their states and durations, or show one run')
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option('--database-url <url>', 'PostgreSQL store (default: $AODFLOW_DATABASE_URL)')
    .option('-n, --limit <n>', 'number of runs to list, newest first', '20')
    .option('--json', 'print JSON')
    .action(async (runId: string | undefined, options: RunsOptions) => {
      await runsCommand(runId, options);
    });
}

async function runsCommand(runId: string | undefined, options: RunsOptions): Promise<void> {
  const limit = parsePositiveInteger('--limit', options.limit);
  const dataDir = await resolveDataDir(options.dataDir);
  const store = await openStore({ dataDir, databaseUrl: options.databaseUrl });
  try {
    await printRuns(store.runs, dataDir, runId, limit, options);
  } finally {
    await store.close();
  }
}

async function printRuns(
  history: RunHistory,
  dataDir: string,
  runId: string | undefined,
  limit: number,
  options: RunsOptions,
): Promise<void> {
  if (runId) {
    const run = await history.getRun(runId);
    const logFile = runLogPath(dataDir, run.runId);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      return;
    }
    const summary = formatRunSummary(run, { logFile: existsSync(logFile) ? logFile : null });
    process.stdout.write(`${summary}\n`);
    return;
  }

  const runs = await history.listRuns({ limit });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    return;
  }
  if (runs.length === 0) {
    process.stdout.write('no runs yet: start one with `aodflow run`\n');
    return;
  }
  process.stdout.write(formatRunTable(runs));
}

function formatRunTable(runs: RunRecord[]): string {
  const header = `${'run id'.padEnd(28)} ${'state'.padEnd(10)} ${'started'.padEnd(20)} duration  tasks\n`;
  const rows = runs.map((run) => {
    const tasks = run.tasks.map((t) => `${t.task}:${t.state}`).join(' ');
    const started = run.startedAt.slice(0, 19).padEnd(20);
    const duration = formatDuration(run.durationMs).padStart(8);
    return `${run.runId.padEnd(28)} ${run.state.padEnd(10)} ${started} ${duration}  ${tasks}\n`;
  });
  return header + rows.join('');
}
