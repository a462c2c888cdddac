/**
 * Ctrl-C (SIGINT) and SIGTERM during a run. The first signal aborts the run, which saves it as
 * cancelled. A second one exits at once, in case saving hangs.
 */
import { RunCancelledError } from '../orchestrate/flow-run.ts';
import { SIGNAL_EXIT_CODES, type CancelSignal } from './exit-code.ts';

export interface SignalCancellation {
  /** Aborted with a RunCancelledError naming the signal. */
  signal: AbortSignal;
  /** Removes the handlers, so later signals have their default effect again. */
  dispose(): void;
}

export function cancelOnSignals(): SignalCancellation {
  const controller = new AbortController();
  const signals = Object.keys(SIGNAL_EXIT_CODES) as CancelSignal[];

  const onSignal = (received: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[received as CancelSignal]);
    controller.abort(RunCancelledError.fromSignal(received));
  };
  for (const name of signals) process.on(name, onSignal);

  return {
    signal: controller.signal,
    dispose(): void {
      for (const name of signals) process.off(name, onSignal);
    },
  };
}
