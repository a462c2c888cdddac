/**
 * Quarantine records in the `quarantine` table, one row per record. Rows are numbered by a
 * sequence in write order, so a run's records read back in the order they were written.
 */
import type pg from 'pg';

import type { QuarantineRecord, QuarantineReason } from '../../quarantine.ts';
import { assertRunId } from '../run-id.ts';

const FIELDS = ['reason', 'source', 'line', 'site', 'time', 'field', 'value', 'detail'] as const;

/** Appends `records` to run `runId` in one statement; writes nothing when there are none. */
export async function insertQuarantine(
  pool: pg.Pool,
  schema: string,
  runId: string,
  records: QuarantineRecord[],
): Promise<void> {
  assertRunId(runId);
  if (records.length === 0) return;

  const params = FIELDS.map((field) => records.map((record) => record[field]));
  await pool.query(
    `INSERT INTO ${schema}.quarantine (run_id, ${FIELDS.join(', ')})
     SELECT $1, ${FIELDS.map((f) => `u.${f}`).join(', ')}
     FROM unnest($2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[]) WITH ORDINALITY AS u(${FIELDS.join(', ')}, n)
     ORDER BY u.n`,
    [runId, ...params],
  );
}

/** Returns the records of one run, or of every run in run-id order when `runId` is omitted. */
export async function selectQuarantine(
  pool: pg.Pool,
  schema: string,
  runId?: string,
): Promise<QuarantineRecord[]> {
  if (runId !== undefined) assertRunId(runId);

  const result = await pool.query<QuarantineRow>(
    `SELECT ${FIELDS.join(', ')} FROM ${schema}.quarantine
     WHERE $1::text IS NULL OR run_id = $1
     ORDER BY run_id, quarantine_id`,
    [runId ?? null],
  );
  return result.rows.map((row) => ({ ...row, line: Number(row.line) }));
}

interface QuarantineRow {
  reason: QuarantineReason;
  source: string;
  line: string;
  site: string | null;
  time: string | null;
  field: string | null;
  value: string | null;
  detail: string;
}
