/**
 * Run records in the `runs` table: the whole record as jsonb, plus its start time as a column
 * for listing newest first. One statement replaces a record, so each save is atomic.
 */
import type pg from 'pg';

import { NotFoundError } from '../../errors.ts';
import type { RunRecord } from '../run-history.ts';
import { assertRunId, isValidRunId } from '../run-id.ts';

export async function upsertRun(pool: pg.Pool, schema: string, run: RunRecord): Promise<void> {
  assertRunId(run.runId);

  await pool.query(
    `INSERT INTO ${schema}.runs (run_id, started_at, record) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, record = excluded.record`,
    [run.runId, run.startedAt, JSON.stringify(run)],
  );
}

export async function selectRun(pool: pg.Pool, schema: string, runId: string): Promise<RunRecord> {
  if (!isValidRunId(runId)) throw notFound(runId);

  const result = await pool.query<{ record: RunRecord }>(
    `SELECT record FROM ${schema}.runs WHERE run_id = $1`,
    [runId],
  );
  const row = result.rows[0];
  if (row === undefined) throw notFound(runId);
  return row.record;
}

/** Lists runs newest first by start time, then by run id. */
export async function selectRuns(
  pool: pg.Pool,
  schema: string,
  limit?: number,
): Promise<RunRecord[]> {
  const result = await pool.query<{ record: RunRecord }>(
    `SELECT record FROM ${schema}.runs ORDER BY started_at DESC, run_id DESC LIMIT $1`,
    [limit === undefined ? null : Math.max(0, Math.floor(limit))],
  );
  return result.rows.map((row) => row.record);
}

function notFound(runId: string): NotFoundError {
  return new NotFoundError(
    'AOD_RUN_NOT_FOUND',
    `no run with id ${JSON.stringify(runId)}; list runs with \`aodflow runs\``,
  );
}
