/**
 * Terminal display of a flow run: one line per task as it finishes (a live bar on a TTY).
 * Writes to stderr so stdout can carry the summary or `--json` output.
 */
import cliProgress from 'cli-progress';

import type { FlowEvent } from '../orchestrate/flow-run.ts';
import { formatDuration } from './format.ts';
import { formatRows, padTask, taskNote } from './run-summary.ts';

export interface Progress {
  onEvent(event: FlowEvent): void;
  /** Prints one line above the live bar. */
  print(line: string): void;
  stop(): void;
  /** True once a task failed or was cancelled, so its error is already on the terminal. */
  readonly reportedFailure: boolean;
}

export function createProgress(
  taskNames: string[],
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
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
  let running = live;
  let reportedFailure = false;
  if (live) bar.start(taskNames.length, 0, { task: 'starting' });

  const print = (line: string): void => {
    if (running) bar.stop();
    stream.write(`${line}\n`);
    if (running && done < taskNames.length) bar.start(taskNames.length, done, { task: '' });
  };

  return {
    onEvent(event: FlowEvent): void {
      if (event.type === 'task-started' && running) bar.update(done, { task: event.task });
      if (event.type === 'task-retrying') {
        print(
          `  ↻ ${event.task}: attempt ${event.attempt} failed (${event.error}), retry in ${event.delayMs} ms`,
        );
      }
      if (event.type === 'task-completed') {
        done++;
        const r = event.record;
        const note = taskNote(r);
        const line = `  ✔ ${padTask(r.task)} ${formatRows(r.rowsIn, r.rowsOut)} ${formatDuration(r.durationMs).padStart(8)}`;
        print(note === '' ? line : `${line}  ${note}`);
      }
      if (event.type === 'task-failed' || event.type === 'task-cancelled') {
        reportedFailure = true;
        print(`  ✘ ${padTask(event.task)} ${event.record.error ?? ''}`);
      }
    },
    print,
    stop(): void {
      if (running) bar.stop();
      running = false;
    },
    get reportedFailure() {
      return reportedFailure;
    },
  };
}
