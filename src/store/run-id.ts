/**
 * Run ids: sortable by start time, and safe as file and folder names.
 */
import { randomBytes } from 'node:crypto';

import { BadInputError } from '../errors.ts';

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Returns a new run id such as `20261204T153000Z-a1b2c3`: the UTC start second, then six random
 * hex digits. Ids sort by start time; ids of the same second sort in random order.
 */
export function newRunId(now: Date = new Date()): string {
  const second = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
  return `${second}Z-${randomBytes(3).toString('hex')}`;
}

/** Rejects an id that is empty, too long, or could escape its folder as a file name. */
export function assertRunId(runId: string): void {
  if (RUN_ID_PATTERN.test(runId)) return;

  throw new BadInputError(
    'AOD_RUN_ID_INVALID',
    `expected a run id of 1 to 128 letters, digits, ".", "-" or "_" starting with a letter or ` +
      `digit, got ${JSON.stringify(runId)}`,
  );
}

/** Returns true when `runId` passes `assertRunId`. */
export function isValidRunId(runId: string): boolean {
  return RUN_ID_PATTERN.test(runId);
}
