/**
 * Quarantine records on disk: JSON lines, one new file per write under a folder per run, so
 * several writers never touch the same file. Each file is written atomically.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError } from '../errors.ts';
import { QUARANTINE_REASONS, type QuarantineRecord } from '../quarantine.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { assertRunId } from './run-id.ts';
import { errorCode } from './write-lock.ts';

const EXTENSION = '.jsonl';

/** Writes `records` as a new file of run `runId`; writes nothing when there are none. */
export async function appendQuarantineFile(
  quarantineDir: string,
  runId: string,
  records: QuarantineRecord[],
): Promise<void> {
  assertRunId(runId);
  if (records.length === 0) return;

  const runDir = join(quarantineDir, runId);
  await mkdir(runDir, { recursive: true });

  // Names sort by write time, so reading them in name order keeps the write order.
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const name = `${stamp}-${process.pid}-${randomBytes(3).toString('hex')}${EXTENSION}`;
  const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
  await writeFileAtomic(join(runDir, name), text);
}

/** Reads the records of one run, or of every run in run-id order when `runId` is omitted. */
export async function readQuarantineFiles(
  quarantineDir: string,
  runId?: string,
): Promise<QuarantineRecord[]> {
  if (runId !== undefined) assertRunId(runId);
  const runIds = runId === undefined ? await listNames(quarantineDir, 'dirs') : [runId];

  const records: QuarantineRecord[] = [];
  for (const id of runIds.sort()) {
    const runDir = join(quarantineDir, id);
    const files = (await listNames(runDir, 'files')).filter((f) => f.endsWith(EXTENSION));
    for (const file of files.sort()) records.push(...(await readRecords(join(runDir, file))));
  }
  return records;
}

async function listNames(dir: string, kind: 'dirs' | 'files'): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (kind === 'dirs' ? e.isDirectory() : e.isFile()))
      .map((e) => e.name)
      .filter((name) => !name.startsWith('.'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

async function readRecords(path: string): Promise<QuarantineRecord[]> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const records: QuarantineRecord[] = [];

  lines.forEach((line, index) => {
    if (line === '') return;
    records.push(parseRecord(line, path, index + 1));
  });
  return records;
}

function parseRecord(text: string, file: string, line: number): QuarantineRecord {
  let parsed: Partial<QuarantineRecord>;
  try {
    parsed = JSON.parse(text) as Partial<QuarantineRecord>;
  } catch (error) {
    throw corrupt('it is not valid JSON', file, line, error);
  }

  if (typeof parsed.reason !== 'string' || !(parsed.reason in QUARANTINE_REASONS)) {
    throw corrupt(`expected a quarantine reason, got ${JSON.stringify(parsed.reason)}`, file, line);
  }
  if (typeof parsed.source !== 'string' || typeof parsed.line !== 'number') {
    throw corrupt('expected a string "source" and a number "line"', file, line);
  }
  return parsed as QuarantineRecord;
}

function corrupt(detail: string, file: string, line: number, cause?: unknown): BadInputError {
  return new BadInputError('AOD_STORE_CORRUPT', `quarantine record is unreadable: ${detail}`, {
    file,
    line,
    cause,
  });
}
