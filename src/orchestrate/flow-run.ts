/**
 * A flow run: named tasks executed in order, each with retries, timings, row counts and a state
 * saved to the run history after every change, so another process (`aodflow runs`, a dashboard)
 * can follow the run as it goes.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { AodflowError, describeError, isRetryable } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { RunHistory, RunRecord, TaskRunRecord } from '../store/run-history.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/** The error a run is cancelled with; its message is the run's error, `cancelled by SIGINT`. */
export class RunCancelledError extends AodflowError {
  /** Signal that cancelled the run, when a signal did. */
  readonly signal: NodeJS.Signals | undefined;

  constructor(message: string, signal?: NodeJS.Signals) {
    super('AOD_RUN_CANCELLED', message);
    this.signal = signal;
  }

  static fromSignal(signal: NodeJS.Signals): RunCancelledError {
    return new RunCancelledError(`cancelled by ${signal}`, signal);
  }
}

/** Result of a task body: its value plus the facts recorded in the run history. */
export interface TaskOutcome<T> {
  value: T;
  rowsIn?: number;
  rowsOut?: number;
  details?: Record<string, unknown>;
}

export interface TaskOptions {
  retry?: Partial<RetryPolicy>;
}

/** Lifecycle events for progress displays. */
export type FlowEvent =
  | { type: 'task-started'; task: string; attempt: number }
  | { type: 'task-retrying'; task: string; attempt: number; delayMs: number; error: string }
  | { type: 'task-completed'; task: string; record: TaskRunRecord }
  | { type: 'task-failed'; task: string; record: TaskRunRecord }
  | { type: 'task-cancelled'; task: string; record: TaskRunRecord };

export interface FlowRunOptions {
  runId: string;
  flow: string;
  parameters: Record<string, unknown>;
  history: RunHistory;
  logger?: Logger;
  onEvent?: (event: FlowEvent) => void;
  /** Injected for tests: sleeps between attempts and draws retry jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class FlowRun {
  readonly record: RunRecord;
  private readonly options: FlowRunOptions;
  private readonly logger: Logger;
  /** Saves run one after another, so an older state never overwrites a newer one. */
  private saving: Promise<void> = Promise.resolve();
  /** Set by `cancel`; every later task start and record update is refused with it. */
  private cancellation: unknown = undefined;

  constructor(options: FlowRunOptions) {
    this.options = options;
    this.logger = (options.logger ?? silentLogger).child({ runId: options.runId });
    this.record = {
      runId: options.runId,
      flow: options.flow,
      state: 'pending',
      startedAt: new Date().toISOString(),
      endedAt: null,
      durationMs: null,
      parameters: options.parameters,
      tasks: [],
      error: null,
      dataVersion: null,
    };
  }

  async start(): Promise<void> {
    this.record.state = 'running';
    this.logger.info({ flow: this.record.flow }, 'flow run started');
    await this.save();
  }

  /**
   * Runs one task: retries a retryable failure by the task's policy, records every attempt,
   * and rethrows the final error with the task name added.
   */
  async task<T>(
    name: string,
    body: (attempt: number) => Promise<TaskOutcome<T>>,
    options: TaskOptions = {},
  ): Promise<T> {
    this.throwIfCancelled();
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const task = this.addTask(name);
    const started = performance.now();

    for (let attempt = 1; ; attempt++) {
      task.attempts = attempt;
      task.state = 'running';
      this.emit({ type: 'task-started', task: name, attempt });
      this.logger.info({ task: name, attempt }, 'task attempt started');
      await this.save();

      try {
        const outcome = await body(attempt);
        this.throwIfCancelled();
        this.completeTask(task, outcome, started);
        await this.save();
        return outcome.value;
      } catch (error) {
        if (this.isCancelled) throw this.cancellation;
        task.error = describeError(error);
        if (!isRetryable(error) || attempt > policy.retries) {
          await this.failTask(task, error, started);
          throw wrapTaskError(name, error);
        }

        const delayMs = retryDelayMs(policy, attempt, this.options.random);
        task.state = 'retrying';
        this.logger.warn(
          { task: name, attempt, retries: policy.retries, delayMs, err: error },
          'task attempt failed, will retry',
        );
        this.emit({ type: 'task-retrying', task: name, attempt, delayMs, error: task.error });
        await this.save();
        await (this.options.sleep ?? sleep)(delayMs);
        this.throwIfCancelled();
      }
    }
  }

  /** True once `cancel` was called. */
  get isCancelled(): boolean {
    return this.cancellation !== undefined;
  }

  /**
   * Marks the run and its unfinished task cancelled with `error` (an AOD_RUN_CANCELLED error,
   * say), and saves it. A task body still running is not interrupted, but its outcome is
   * dropped: from now on the record stays as saved and `task` throws `error`.
   */
  async cancel(error: unknown): Promise<RunRecord> {
    if (this.isCancelled) {
      await this.saving;
      return this.record;
    }
    this.cancellation = error;

    const message = describeError(error);
    const endedAt = new Date().toISOString();
    for (const task of this.record.tasks) {
      if (task.state !== 'running' && task.state !== 'retrying' && task.state !== 'pending') {
        continue;
      }
      task.state = 'cancelled';
      task.error = message;
      task.endedAt = endedAt;
      task.durationMs = elapsedMs(task.startedAt, endedAt);
      this.emit({ type: 'task-cancelled', task: task.task, record: task });
    }
    this.record.state = 'cancelled';
    this.record.error = message;
    this.record.endedAt = endedAt;
    this.record.durationMs = elapsedMs(this.record.startedAt, endedAt);

    this.logger.warn({ state: 'cancelled', err: error }, 'flow run cancelled');
    await this.enqueueSave();
    return this.record;
  }

  /** Marks the run completed, or failed with `error`, and saves it. */
  async finish(error?: unknown): Promise<RunRecord> {
    if (this.isCancelled) return this.record;

    this.record.endedAt = new Date().toISOString();
    this.record.durationMs = Date.parse(this.record.endedAt) - Date.parse(this.record.startedAt);
    this.record.state = error === undefined ? 'completed' : 'failed';
    this.record.error = error === undefined ? null : describeError(error);

    const fields = { state: this.record.state, durationMs: this.record.durationMs };
    if (error === undefined) this.logger.info(fields, 'flow run finished');
    else this.logger.error({ ...fields, err: error }, 'flow run finished');
    await this.save();
    return this.record;
  }

  private addTask(name: string): TaskRunRecord {
    const task: TaskRunRecord = {
      task: name,
      state: 'pending',
      attempts: 0,
      startedAt: new Date().toISOString(),
      endedAt: null,
      durationMs: null,
      rowsIn: null,
      rowsOut: null,
      error: null,
      details: {},
    };
    this.record.tasks.push(task);
    return task;
  }

  private completeTask<T>(task: TaskRunRecord, outcome: TaskOutcome<T>, started: number): void {
    task.state = 'completed';
    task.endedAt = new Date().toISOString();
    task.durationMs = Math.round(performance.now() - started);
    task.rowsIn = outcome.rowsIn ?? null;
    task.rowsOut = outcome.rowsOut ?? null;
    task.details = outcome.details ?? {};
    task.error = null;

    const { task: name, attempts, durationMs, rowsIn, rowsOut } = task;
    this.logger.info(
      { task: name, attempt: attempts, durationMs, rowsIn, rowsOut },
      'task completed',
    );
    this.emit({ type: 'task-completed', task: name, record: task });
  }

  private async failTask(task: TaskRunRecord, error: unknown, started: number): Promise<void> {
    task.state = 'failed';
    task.endedAt = new Date().toISOString();
    task.durationMs = Math.round(performance.now() - started);
    this.logger.error({ task: task.task, attempt: task.attempts, err: error }, 'task failed');
    this.emit({ type: 'task-failed', task: task.task, record: task });
    await this.save();
  }

  private emit(event: FlowEvent): void {
    this.options.onEvent?.(event);
  }

  private throwIfCancelled(): void {
    if (this.isCancelled) throw this.cancellation;
  }

  /** Saves the record unless the run was cancelled, whose saved record is final. */
  private async save(): Promise<void> {
    if (this.isCancelled) return;
    await this.enqueueSave();
  }

  private enqueueSave(): Promise<void> {
    const saved = this.saving.then(() => this.options.history.saveRun(this.record));
    this.saving = saved.catch(() => undefined);
    return saved;
  }
}

function elapsedMs(startedAt: string | null, endedAt: string): number | null {
  return startedAt === null ? null : Date.parse(endedAt) - Date.parse(startedAt);
}

/** Adds the task name to an error's message while keeping its class, code and cause. */
function wrapTaskError(task: string, error: unknown): unknown {
  if (!(error instanceof AodflowError)) return error;

  error.message = `task ${task} failed: ${error.message}`;
  return error;
}
