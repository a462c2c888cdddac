/**
 * A polite limit on requests to a shared public service: at most `maxConcurrent` requests in
 * flight, and request starts at least `minIntervalMs` apart. Waiting requests start in the
 * order they arrived. Clock and sleep are injected so tests run without waiting.
 */
import { BadInputError } from '../../errors.ts';

export interface RequestGateOptions {
  /** Requests in flight at once. @default 2 */
  maxConcurrent?: number;
  /** Minimum time between two request starts, in milliseconds. @default 1000 */
  minIntervalMs?: number;
  /** Current time in milliseconds. @default Date.now */
  clock?: () => number;
  /** Resolves after `ms` milliseconds. @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
}

export class RequestGate {
  readonly maxConcurrent: number;
  readonly minIntervalMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStartMs = -Infinity;

  constructor(options: RequestGateOptions = {}) {
    this.maxConcurrent = positiveInteger('maxConcurrent', options.maxConcurrent ?? 2);
    this.minIntervalMs = Math.max(0, options.minIntervalMs ?? 1000);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Runs `task` once a slot is free and the interval since the last start has passed. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.maxConcurrent && this.waiting.length === 0) {
      this.active++;
    } else {
      // release() hands its slot straight to the first waiter, so `active` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }

    // Start times are reserved in turn, so requests that pass the slot check together
    // still start minIntervalMs apart.
    const now = this.clock();
    const startMs = Math.max(now, this.nextStartMs);
    this.nextStartMs = startMs + this.minIntervalMs;
    if (startMs > now) await this.sleep(startMs - now);
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active--;
    else next();
  }
}

/** Resolves after `ms` milliseconds of real time. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positiveInteger(name: string, value: number): number {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `request gate ${name}: expected an integer of at least 1, got ${value}`,
  );
}
