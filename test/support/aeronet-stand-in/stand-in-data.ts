/**
 * The observations a stand-in AERONET web service serves, loaded from AERONET Version 3 AOD
 * files: download-tool files (`.lev15`, `.lev20`, All Points or Daily Averages) and saved
 * web-service responses. Every row is kept as a line of the web-service layout, which is the
 * download-tool row with the site name added as a leading `AERONET_Site` column.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One data row, with the fields the stand-in filters on. */
export interface StandInRow {
  site: string;
  /** Seconds since 1970-01-01T00:00:00Z of the row's date and time (UTC). */
  time: number;
  latitude: number;
  longitude: number;
  /** AERONET quality level: 10, 15 or 20. */
  level: number;
  /** The row as the web service writes it. */
  text: string;
}

/** Rows of one product (All Points or Daily Averages) and their web-service column header. */
export interface StandInProduct {
  columnHeader: string;
  rows: StandInRow[];
}

export interface StandInData {
  allPoints: StandInProduct | null;
  daily: StandInProduct | null;
  /** Header line 4 of each level, from the files, by level (10, 15, 20). */
  descriptions: Map<number, string>;
  /** Header line 5 (`Contact: PI=...`) of each site, from its file. */
  contacts: Map<string, string>;
  sites: Set<string>;
}

const COLUMN = {
  date: 'Date(dd:mm:yyyy)',
  time: 'Time(hh:mm:ss)',
  site: 'AERONET_Site_Name',
  latitude: 'Site_Latitude(Degrees)',
  longitude: 'Site_Longitude(Degrees)',
  level: 'Data_Quality_Level',
} as const;

/** Loads the files, or every AERONET AOD file in a folder (site lists and others skipped). */
export async function loadStandInData(files: string[] | string): Promise<StandInData> {
  const paths = typeof files === 'string' ? await filesIn(files) : files;
  const data: StandInData = {
    allPoints: null,
    daily: null,
    descriptions: new Map(),
    contacts: new Map(),
    sites: new Set(),
  };
  for (const path of paths) addFile(data, path, await readFile(path, 'utf8'));
  return data;
}

async function filesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  const paths: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) paths.push(path);
  }
  return paths;
}

function addFile(data: StandInData, path: string, text: string): void {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const headerAt = lines.findIndex(
    (line) => line.startsWith('Date(') || line.startsWith('AERONET_Site,'),
  );
  if (headerAt < 0) return;

  const webService = lines[headerAt]!.startsWith('AERONET_Site,');
  const columns = lines[headerAt]!.split(',');
  const columnHeader = webService ? lines[headerAt]! : `AERONET_Site,${lines[headerAt]}`;
  const daily = !columns.includes('Day_of_Year(Fraction)');
  const product = productOf(data, daily, columnHeader, path);
  const at = columnIndices(columns, path);

  const rows = lines.slice(headerAt + 1).filter((line) => line.trim() !== '');
  for (const line of rows) {
    const fields = line.split(',');
    const site = fields[at.site]!;
    product.rows.push({
      site,
      time: timeOf(fields[at.date]!, fields[at.time]!),
      latitude: Number(fields[at.latitude]),
      longitude: Number(fields[at.longitude]),
      level: Number(fields[at.level]!.replace('lev', '')),
      text: webService ? line : `${site},${line}`,
    });
    data.sites.add(site);
  }
  readPreamble(data, lines.slice(0, headerAt), rows[0]?.split(',')[at.site]);
}

function productOf(
  data: StandInData,
  daily: boolean,
  columnHeader: string,
  path: string,
): StandInProduct {
  const key = daily ? 'daily' : 'allPoints';
  const existing = data[key];
  if (existing === null) {
    const created = { columnHeader, rows: [] };
    data[key] = created;
    return created;
  }
  if (existing.columnHeader !== columnHeader) {
    throw new Error(`${path}: its column header differs from that of the files read before it`);
  }
  return existing;
}

function columnIndices(columns: string[], path: string): Record<keyof typeof COLUMN, number> {
  const entries = Object.entries(COLUMN).map(([key, name]) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`${path}: expected a column ${name}, got none`);
    return [key, index];
  });
  return Object.fromEntries(entries) as Record<keyof typeof COLUMN, number>;
}

function readPreamble(data: StandInData, preamble: string[], site: string | undefined): void {
  const levelAt = preamble.findIndex((line) => /^Version 3: AOD Level \d\.\d/.test(line));
  if (levelAt >= 0) {
    const level = Number(/Level (\d)\.(\d)/.exec(preamble[levelAt]!)!.slice(1).join(''));
    const description = preamble[levelAt + 1];
    if (description !== undefined) data.descriptions.set(level, description);
  }

  const contact = preamble.find((line) => line.startsWith('Contact:'));
  if (contact !== undefined && site !== undefined) data.contacts.set(site, contact);
}

function timeOf(date: string, time: string): number {
  const [day, month, year] = date.split(/[:-]/).map(Number) as [number, number, number];
  const [hours, minutes, seconds] = time.split(':').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day, hours, minutes, seconds) / 1000;
}
