/**
 * Reads every input of a run: AERONET data files into one observation table, site lists into
 * catalogs. A rejected file stops the whole ingest before anything is stored, so a bad file
 * never leaves a half-ingested run behind.
 */
import { basename, resolve } from 'node:path';

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
  /** Files of input folders left out because they are neither AERONET data nor a site list. */
  skipped: string[];
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
    throw new BadInputError('AOD_NO_ROWS', noDataMessage(inputs, classified.skipped));
  }
  const tables: ObservationTable[] = [];
  const result: IngestResult = {
    table: concatTables([]),
    quarantine: [],
    warnings: [],
    rowsRead: 0,
    files: [],
    catalogs: [],
    skipped: classified.skipped,
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

// Data files are recognised by their first line, so web-service responses saved under any name
// are read, or else by a .lev10/.lev15/.lev20 extension (see classify-inputs.ts).
function noDataMessage(inputs: string[], skipped: string[]): string {
  const names = skipped.slice(0, 5).map((file) => basename(file));
  if (skipped.length > names.length) names.push(`${skipped.length - names.length} more`);
  const leftOut = names.length === 0 ? '' : ` (left out: ${names.join(', ')})`;
  return (
    'expected at least one AERONET Version 3 data file among the inputs, got none in ' +
    `${inputs.join(', ')}${leftOut}; pass download-tool files (.lev10, .lev15, .lev20), ` +
    'saved web-service responses (first line starting with "AERONET") or a folder of them'
  );
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
