import type { Command } from 'commander';

import { dataDirLayout, resolveDataDir } from '../store/data-dir.ts';
import { FileRunHistory } from '../store/file-run-history.ts';
import { formatDuration } from './format.ts';
import { formatRunSummary } from './progress.ts';

export function registerRunsCommand(program: Command): void {
  program
    .command('runs [runId]')
    .description('list past flow runs with their states and durations, or show one run')
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option('-n, --limit <n>', 'number of runs to list', '20')
    .option('--json', 'print JSON')
    .action(
      async (
        runId: string | undefined,
        options: { dataDir?: string; limit: string; json?: boolean },
      ) => {
        const history = new FileRunHistory(
          dataDirLayout(await resolveDataDir(options.dataDir)).runs,
        );
        if (runId) {
          const run = await history.getRun(runId);
          process.stdout.write(
            options.json ? `${JSON.stringify(run, null, 2)}\n` : `${formatRunSummary(run)}\n`,
          );
          return;
        }

        const runs = await history.listRuns({ limit: Number(options.limit) });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) {
          process.stdout.write('no runs yet: start one with `aodflow run`\n');
          return;
        }
        process.stdout.write(
          `${'run id'.padEnd(28)} ${'state'.padEnd(10)} ${'started'.padEnd(20)} duration  tasks\n`,
        );
        for (const run of runs) {
          const tasks = run.tasks.map((t) => `${t.task}:${t.state}`).join(' ');
          process.stdout.write(
            `${run.runId.padEnd(28)} ${run.state.padEnd(10)} ${run.startedAt.slice(0, 19).padEnd(20)} ` +
              `${formatDuration(run.durationMs).padStart(8)}  ${tasks}\n`,
          );
        }
      },
    );
}
