/**
 * Splits the rows of an ObservationTable into batches of whole partitions (site × UTC year), so
 * the embedded store merges and writes one batch at a time. Every merge step looks only at rows
 * of one partition, so a batch gives the same result as the whole table. DuckDB then keeps one
 * batch's rows instead of all of them, and a million-row write in one piece peaked at 1.1 GB.
 */
import type { ObservationTable } from '../observation.ts';
import { utcYear } from './stored-columns.ts';

export interface BatchLimits {
  /** A batch stops growing at this many rows, unless its first partition alone has more. */
  rows: number;
  partitions: number;
}

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;
/** Stored times lie in years 1 to 9999, so site × 10000 + year names a partition. */
const YEARS_PER_SITE = 10_000;

/**
 * Returns the row indices of each batch, ascending within a batch. Partitions go into batches
 * in order of site name and year, so batches are the same for the same table.
 */
export function partitionBatches(table: ObservationTable, limits: BatchLimits): Uint32Array[] {
  const { partitionOf, partitions } = numberPartitions(table);
  const rowsOf = new Uint32Array(partitions.length);
  for (let i = 0; i < table.length; i++) rowsOf[partitionOf[i]!]!++;

  const batchOf = new Uint32Array(partitions.length);
  const batchRows: number[] = [];
  let members = 0;
  for (const partition of sortedPartitions(partitions)) {
    const size = rowsOf[partition.number]!;
    const last = batchRows.length - 1;
    if (last < 0 || batchRows[last]! + size > limits.rows || members === limits.partitions) {
      batchRows.push(0);
      members = 0;
    }
    batchOf[partition.number] = batchRows.length - 1;
    batchRows[batchRows.length - 1]! += size;
    members++;
  }

  const batches = batchRows.map((size) => new Uint32Array(size));
  const filled = new Uint32Array(batches.length);
  for (let i = 0; i < table.length; i++) {
    const batch = batchOf[partitionOf[i]!]!;
    batches[batch]![filled[batch]!++] = i;
  }
  return batches;
}

interface Partition {
  number: number;
  site: string;
  year: number;
}

/**
 * Numbers the distinct (site name, year) pairs in order of first appearance. Two site codes
 * with one name share partitions, because partitions are named by site.
 */
function numberPartitions(table: ObservationTable): {
  partitionOf: Uint32Array;
  partitions: Partition[];
} {
  const siteGroup = siteGroupsOf(table.siteNames);
  const numbers = new Map<number, number>();
  const partitions: Partition[] = [];
  const partitionOf = new Uint32Array(table.length);
  const year = new YearOfTime();

  for (let i = 0; i < table.length; i++) {
    const group = siteGroup[table.site[i]!]!;
    const rowYear = year.of(table.time[i]!);
    const key = group * YEARS_PER_SITE + rowYear;
    let number = numbers.get(key);
    if (number === undefined) {
      number = partitions.length;
      numbers.set(key, number);
      partitions.push({ number, site: table.siteNames[group]!, year: rowYear });
    }
    partitionOf[i] = number;
  }
  return { partitionOf, partitions };
}

/** Maps each site code to the first code with the same name. */
function siteGroupsOf(siteNames: readonly string[]): Uint32Array {
  const first = new Map<string, number>();
  const group = new Uint32Array(siteNames.length);
  siteNames.forEach((name, code) => {
    if (!first.has(name)) first.set(name, code);
    group[code] = first.get(name)!;
  });
  return group;
}

function sortedPartitions(partitions: Partition[]): Partition[] {
  return [...partitions].sort(bySiteThenYear);
}

function bySiteThenYear(a: Partition, b: Partition): number {
  if (a.site !== b.site) return a.site < b.site ? -1 : 1;
  return a.year - b.year;
}

/**
 * UTC year of epoch seconds, remembering the last year's day range: rows come in runs of one
 * year, so most rows need two comparisons instead of a Date.
 */
class YearOfTime {
  private firstDay = 0;
  private endDay = 0;
  private year = 0;

  of(seconds: number): number {
    const day = Math.floor(seconds / SECONDS_PER_DAY);
    if (day >= this.firstDay && day < this.endDay) return this.year;

    this.year = utcYear(seconds);
    this.firstDay = firstDayOf(this.year);
    this.endDay = firstDayOf(this.year + 1);
    return this.year;
  }
}

/** Days from the epoch to 1 January of `year`; Date.UTC would read years 0 to 99 as 1900s. */
function firstDayOf(year: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date.getTime() / MS_PER_DAY;
}
