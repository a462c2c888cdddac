/**
 * Terminal display of a flow run: one line per task as it finishes (a live bar on a TTY) and a
 * summary table at the end. Writes to stderr so stdout can carry `--json` output.
 */
import cliProgress from 'cli-progress';

import type { FlowEvent } from '../orchestrate/flow-run.ts';
import type { RunRecord } from '../store/run-history.ts';
import { formatDuration, formatCount } from './format.ts';

export function createProgress(taskNames: string[], stream: NodeJS.WriteStream = process.stderr) {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'flow run [{bar}] {value}/{total} tasks | {task}',
      noTTYOutput: false,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const live = Boolean(stream.isTTY);
  let done = 0;
  if (live) bar.start(taskNames.length, 0, { task: 'starting' });

  const print = (line: string): void => {
    if (live) bar.stop();
    stream.write(`${line}\n`);
    if (live && done < taskNames.length) bar.start(taskNames.length, done, { task: '' });
  };

  return {
    onEvent(event: FlowEvent): void {
      if (event.type === 'task-started' && live) bar.update(done, { task: event.task });
      if (event.type === 'task-retrying') {
        print(
          `  ↻ ${event.task}: attempt ${event.attempt} failed (${event.error}), retry in ${event.delayMs} ms`,
        );
      }
      if (event.type === 'task-completed') {
        done++;
        const r = event.record;
        print(`  ✔ ${pad(r.task)} ${rows(r.rowsIn, r.rowsOut)} ${formatDuration(r.durationMs)}`);
      }
      if (event.type === 'task-failed') {
        print(`  ✘ ${pad(event.task)} ${event.record.error ?? ''}`);
      }
    },
    stop(): void {
      if (live) bar.stop();
    },
  };
}

function pad(task: string): string {
  return task.padEnd(8);
}

function rows(rowsIn: number | null, rowsOut: number | null): string {
  if (rowsIn === null && rowsOut === null) return ''.padEnd(28);
  return `${formatCount(rowsIn)} → ${formatCount(rowsOut)} rows`.padEnd(28);
}

/** Renders the end-of-run summary: state, duration and each task's row counts. */
export function formatRunSummary(run: RunRecord): string {
  const lines = [
    `run ${run.runId} ${run.state} in ${formatDuration(run.durationMs)}`,
    ...run.tasks.map(
      (t) =>
        `  ${pad(t.task)} ${t.state.padEnd(9)} ${rows(t.rowsIn, t.rowsOut)} ` +
        `${formatDuration(t.durationMs).padStart(8)}  attempts ${t.attempts}`,
    ),
  ];
  if (run.dataVersion) lines.push(`  data version ${run.dataVersion.slice(0, 16)}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines.join('\n');
}
