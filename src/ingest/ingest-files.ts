/**
 * Reads every input of a run: AERONET data files into one observation table, site lists into
 * catalogs. A rejected file stops the whole ingest before anything is stored, so a bad file
 * never leaves a half-ingested run behind.
 */
import { resolve } from 'node:path';

import { BadInputError } from '../errors.ts';
import { concatTables, type ObservationTable } from '../observation.ts';
import type { QuarantineRecord } from '../quarantine.ts';
import { classifyInputs } from './classify-inputs.ts';
import { readAeronetFile } from './read-aeronet-file.ts';
import { readSiteCatalog, type SiteCatalog } from './site-catalog.ts';

export interface IngestResult {
  table: ObservationTable;
  quarantine: QuarantineRecord[];
  warnings: string[];
  /** Data rows read, including quarantined ones. */
  rowsRead: number;
  files: { file: string; rows: number; quarantined: number; level: number; product: string }[];
  catalogs: { file: string; sites: number; catalog: SiteCatalog }[];
}

export async function ingestFiles(
  inputs: string[],
  options: { workers?: number } = {},
): Promise<IngestResult> {
  const classified = await classifyInputs(inputs);
  // A file named twice (directly and through its folder) is read once.
  const dataFiles = unique(classified.dataFiles);
  const catalogFiles = unique(classified.catalogFiles);
  if (dataFiles.length === 0) {
    throw new BadInputError(
      'AOD_NO_ROWS',
      `expected at least one AERONET data file among the inputs, got none in ${inputs.join(', ')}; ` +
        'pass AERONET Version 3 .lev10/.lev15/.lev20 files or a folder holding them',
    );
  }
  const tables: ObservationTable[] = [];
  const result: IngestResult = {
    table: concatTables([]),
    quarantine: [],
    warnings: [],
    rowsRead: 0,
    files: [],
    catalogs: [],
  };

  for (const file of dataFiles) {
    const read = await readAeronetFile(file, { workers: options.workers });
    tables.push(read.table);
    result.quarantine.push(...read.quarantine);
    result.warnings.push(...read.warnings);
    result.rowsRead += read.rowsRead;
    result.files.push({
      file,
      rows: read.table.length,
      quarantined: read.quarantine.length,
      level: read.header.level,
      product: read.header.product,
    });
  }

  for (const file of catalogFiles) {
    const catalog = await readSiteCatalog(file);
    result.catalogs.push({ file, sites: catalog.sites.length, catalog });
  }

  result.table = tables.length === 1 ? tables[0]! : concatTables(tables);
  return result;
}

function unique(paths: string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((path) => {
    const key = resolve(path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
