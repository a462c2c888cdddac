/**
 * The data directory: one folder holding everything aodflow stores between runs.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Folder used when neither `--data-dir` nor `AODFLOW_DATA_DIR` is set, relative to the cwd. */
export const DEFAULT_DATA_DIR = '.aodflow';

/** Paths of the folders inside a data directory. */
export interface DataDirLayout {
  root: string;
  /** Parquet partitions and their manifest. */
  observations: string;
  /** JSON lines of rows set aside, one folder per run. */
  quarantine: string;
  /** One JSON record per flow run. */
  runs: string;
  /** Fitted model artifacts. */
  models: string;
  /** HTML profile reports, one folder per run. */
  reports: string;
  /** Scratch space DuckDB spills to when a query exceeds its memory limit. */
  tmp: string;
  /** The cached AERONET site list and its download date. */
  catalog: string;
}

/**
 * Resolves the data directory to an absolute path and creates it: the `--data-dir` option,
 * else `AODFLOW_DATA_DIR`, else `./.aodflow`.
 */
export async function resolveDataDir(
  option?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const chosen = nonEmpty(option) ?? nonEmpty(env.AODFLOW_DATA_DIR) ?? DEFAULT_DATA_DIR;
  const dataDir = resolve(chosen);

  await mkdir(dataDir, { recursive: true });
  return dataDir;
}

/** Returns the folder paths inside `dataDir`; creates nothing. */
export function dataDirLayout(dataDir: string): DataDirLayout {
  const root = resolve(dataDir);
  return {
    root,
    observations: join(root, 'observations'),
    quarantine: join(root, 'quarantine'),
    runs: join(root, 'runs'),
    models: join(root, 'models'),
    reports: join(root, 'reports'),
    tmp: join(root, 'tmp'),
    catalog: join(root, 'catalog'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
