/**
 * Ingest state of the embedded store as JSON files: one file per (level, product, site) under
 * `<dataDir>/ingest-state/`, mapping each month to its partition state.
 *
 * Each save reads the site's file, changes one month and replaces the file atomically (temp
 * file, fsync, rename) while holding a lock file beside it. Processes saving different sites
 * touch different files and do not wait for each other. Two processes saving months of the
 * same site take turns on the lock, so neither loses the other's month.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { Product } from '../observation.ts';
import { writeFileAtomic } from './atomic-file.ts';
import {
  partitionId,
  type IngestStateStore,
  type PartitionState,
  type PartitionStatus,
} from './ingest-state.ts';
import { acquireWriteLock, errorCode } from './write-lock.ts';

const FORMAT = 1;

/** Partition state as stored in a site file, without the fields the file name gives. */
type MonthState = Omit<PartitionState, 'site' | 'month' | 'level' | 'product'>;

interface SiteFile {
  format: typeof FORMAT;
  site: string;
  level: number;
  product: Product;
  /** Keyed by month, `YYYY-MM`. */
  months: Record<string, MonthState>;
}

export interface FileIngestStateOptions {
  logger?: Logger;
  /** Maximum wait for another process saving the same site, in milliseconds. @default 30000 */
  lockTimeoutMs?: number;
}

export class FileIngestState implements IngestStateStore {
  readonly dir: string;
  private readonly logger: Logger;
  private readonly lockTimeoutMs: number;

  /** Keeps files under `<dataDir>/ingest-state/`, created on the first save. */
  constructor(dataDir: string, options: FileIngestStateOptions = {}) {
    this.dir = join(dataDir, 'ingest-state');
    this.logger = options.logger ?? silentLogger;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  }

  /** Reads the sites' files in parallel; a site without a file has no partition state. */
  async readPartitions(filter: {
    sites: string[];
    level: number;
    product: Product;
  }): Promise<Map<string, PartitionState>> {
    const files = await Promise.all(
      filter.sites.map((site) => this.readSiteFile(site, filter.level, filter.product)),
    );

    const states = new Map<string, PartitionState>();
    for (const file of files) {
      if (file === null) continue;
      for (const [month, state] of Object.entries(file.months)) {
        const full = { site: file.site, month, level: file.level, product: file.product, ...state };
        states.set(partitionId(full), full);
      }
    }
    return states;
  }

  async savePartition(state: PartitionState): Promise<void> {
    const { site, month, level, product, ...monthState } = state;
    const path = this.pathOf(site, level, product);
    await mkdir(join(this.dir, folderOf(level, product)), { recursive: true });

    const lock = await acquireWriteLock(`${path}.lock`, {
      timeoutMs: this.lockTimeoutMs,
      logger: this.logger,
    });
    try {
      const file = (await this.readSiteFile(site, level, product)) ?? {
        format: FORMAT,
        site,
        level,
        product,
        months: {},
      };
      file.months[month] = monthState;
      file.months = sortedByMonth(file.months);
      await writeFileAtomic(path, `${JSON.stringify(file, null, 1)}\n`);
    } finally {
      await lock.release();
    }
  }

  private pathOf(site: string, level: number, product: Product): string {
    return join(this.dir, folderOf(level, product), fileNameOf(site));
  }

  private async readSiteFile(
    site: string,
    level: number,
    product: Product,
  ): Promise<SiteFile | null> {
    const path = this.pathOf(site, level, product);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    return parseSiteFile(text, path, { site, level, product });
  }
}

function folderOf(level: number, product: Product): string {
  return `lev${level}-${product}`;
}

/**
 * Encodes `site` as a file name: percent-encoding keeps `/` and other unsafe characters out,
 * and a leading dot is encoded so the file is never hidden nor named `..`.
 */
function fileNameOf(site: string): string {
  return `${encodeURIComponent(site).replace(/^\./, '%2E')}.json`;
}

function sortedByMonth(months: Record<string, MonthState>): Record<string, MonthState> {
  return Object.fromEntries(Object.entries(months).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const STATUSES: PartitionStatus[] = ['complete', 'empty'];

function parseSiteFile(
  text: string,
  path: string,
  expected: { site: string; level: number; product: Product },
): SiteFile {
  let parsed: Partial<SiteFile>;
  try {
    parsed = JSON.parse(text) as Partial<SiteFile>;
  } catch (error) {
    throw corrupt(path, 'it is not valid JSON', error);
  }

  if (parsed.format !== FORMAT) {
    throw corrupt(path, `expected format ${FORMAT}, got ${JSON.stringify(parsed.format)}`);
  }
  const sameKey =
    parsed.site === expected.site &&
    parsed.level === expected.level &&
    parsed.product === expected.product;
  if (!sameKey) {
    throw corrupt(
      path,
      `expected site ${JSON.stringify(expected.site)}, level ${expected.level} and product ` +
        `${expected.product}, got ${JSON.stringify(parsed.site)}, ${parsed.level} and ` +
        `${parsed.product}`,
    );
  }
  if (typeof parsed.months !== 'object' || parsed.months === null) {
    throw corrupt(path, 'expected a "months" object');
  }
  for (const [month, state] of Object.entries(parsed.months)) {
    if (!STATUSES.includes(state?.status)) {
      throw corrupt(
        path,
        `month ${month}: expected status complete or empty, got ${JSON.stringify(state?.status)}`,
      );
    }
  }
  return parsed as SiteFile;
}

function corrupt(path: string, detail: string, cause?: unknown): BadInputError {
  return new BadInputError(
    'AOD_STORE_CORRUPT',
    `ingest state file is unreadable: ${detail}; delete it to download its partitions again`,
    { file: path, cause },
  );
}
