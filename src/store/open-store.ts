/**
 * Opens the store selected by configuration: the shared PostgreSQL store when a database URL
 * is configured, else the embedded store under the data directory.
 *
 * The database URL is taken from, in order: the `databaseUrl` option (`--database-url`), the
 * `AODFLOW_DATABASE_URL` environment variable, and `databaseUrl` in `<dataDir>/aodflow.json`.
 * Model artifacts and reports stay in the data directory with either store.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { dataDirLayout } from './data-dir.ts';
import { openEmbeddedStore } from './embedded-store.ts';
import { FileIngestState } from './file-ingest-state.ts';
import { FileRunHistory } from './file-run-history.ts';
import type { IngestStateStore } from './ingest-state.ts';
import { parseDatabaseUrl, redactUrl, URL_EXAMPLE } from './postgres/connect-postgres.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import type { RunHistory } from './run-history.ts';
import type { ObservationStore } from './store.ts';
import { errorCode } from './write-lock.ts';

export const CONFIG_FILE = 'aodflow.json';
export const DATABASE_URL_ENV = 'AODFLOW_DATABASE_URL';

export interface OpenStoreOptions {
  /** Absolute data directory, containing the embedded store and `aodflow.json`. */
  dataDir: string;
  /** PostgreSQL URL; takes precedence over the environment and the config file. */
  databaseUrl?: string;
  /** PostgreSQL schema of the shared store. @default $AODFLOW_DATABASE_SCHEMA, else 'aodflow' */
  schema?: string;
  logger?: Logger;
  /** Environment to read `AODFLOW_DATABASE_URL` from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface OpenedStore {
  observations: ObservationStore;
  runs: RunHistory;
  ingestState: IngestStateStore;
  kind: 'embedded' | 'postgres';
  /** Location of the store: the data directory, or the database URL without its password and the schema. */
  location: string;
  close(): Promise<void>;
}

/** A database URL and the place it was configured, for messages. */
interface ConfiguredUrl {
  url: string;
  origin: string;
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const logger = options.logger ?? silentLogger;
  const configured = await configuredDatabaseUrl(options);

  if (configured === undefined) return openEmbedded(options.dataDir, logger);

  const url = parseDatabaseUrl(configured.url, configured.origin);
  const store = await openPostgresStore(configured.url, {
    logger,
    ...schemaOption(options),
  });
  logger.info({ store: 'postgres', url: redactUrl(url), origin: configured.origin }, 'store open');
  return {
    observations: store,
    runs: store,
    ingestState: store,
    kind: 'postgres',
    location: `${redactUrl(url)} schema ${store.schema}`,
    close: () => store.close(),
  };
}

async function openEmbedded(dataDir: string, logger: Logger): Promise<OpenedStore> {
  const observations = await openEmbeddedStore(dataDir, { logger });
  return {
    observations,
    runs: new FileRunHistory(dataDirLayout(dataDir).runs, { logger }),
    ingestState: new FileIngestState(dataDir, { logger }),
    kind: 'embedded',
    location: dataDirLayout(dataDir).root,
    close: () => observations.close(),
  };
}

/** Returns the first database URL configured, or undefined for the embedded store. */
async function configuredDatabaseUrl(
  options: OpenStoreOptions,
): Promise<ConfiguredUrl | undefined> {
  if (nonEmpty(options.databaseUrl)) {
    return { url: options.databaseUrl!, origin: 'the database URL option' };
  }

  const fromEnv = (options.env ?? process.env)[DATABASE_URL_ENV];
  if (nonEmpty(fromEnv))
    return { url: fromEnv!, origin: `environment variable ${DATABASE_URL_ENV}` };

  return readConfigFile(join(options.dataDir, CONFIG_FILE));
}

async function readConfigFile(path: string): Promise<ConfiguredUrl | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidConfig(path, 'it is not valid JSON', error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidConfig(path, 'expected a JSON object');
  }

  const databaseUrl = (parsed as { databaseUrl?: unknown }).databaseUrl;
  if (databaseUrl === undefined) return undefined;
  if (typeof databaseUrl !== 'string' || !nonEmpty(databaseUrl)) {
    throw invalidConfig(path, `expected "databaseUrl" to be a URL such as ${URL_EXAMPLE}`);
  }
  return { url: databaseUrl, origin: `"databaseUrl" in ${path}` };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function invalidConfig(path: string, detail: string, cause?: unknown): BadInputError {
  return new BadInputError('AOD_CONFIG_INVALID', `config file is invalid: ${detail}`, {
    file: path,
    cause,
  });
}

function schemaOption(options: OpenStoreOptions): { schema?: string } {
  const env = options.env ?? process.env;
  const schema = options.schema ?? (env.AODFLOW_DATABASE_SCHEMA || undefined);
  return schema === undefined ? {} : { schema };
}
