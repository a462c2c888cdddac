/**
 * Exit codes of the `aodflow` command: 0 success, 1 a failure inside aodflow or outside it
 * (a crash, a store fault), 2 bad input or usage, 128 + n for a run ended by signal n.
 */
import { AodflowError } from '../errors.ts';

/** Exit codes of a run cancelled by a signal, 128 + the signal number as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type CancelSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Returns 2 for an error in what the user passed (a 4xx status) and 1 for any other. */
export function exitCodeFor(error: unknown): number {
  return error instanceof AodflowError && error.statusCode < 500 ? 2 : 1;
}
