/**
 * Reads an AERONET site list (`aeronet_locations_v3.txt`): a banner line with the generation
 * date, a column-header line, then one site per line. Longitude comes before latitude.
 */
import { createReadStream } from 'node:fs';

import { BadInputError, NotFoundError } from '../errors.ts';
import { daysFromCivil, parseNumberText } from './scan-rows.js';
import { TextLineSplitter, type TextLine } from './text-lines.ts';

export interface CatalogSite {
  name: string;
  /** Decimal degrees, north positive. */
  latitude: number;
  /** Decimal degrees, east positive. */
  longitude: number;
  /** Metres above sea level. */
  elevation: number;
}

export interface SiteCatalog {
  /** Date the list was generated, ISO 8601 (`2024-12-13`). */
  generatedOn: string;
  sites: CatalogSite[];
}

/** First-line prefix that marks an AERONET site list. */
export const SITE_LIST_BANNER = 'AERONET_Database_Site_List';
const BANNER = /^AERONET_Database_Site_List,Num=\d+,Date_Generated=(\d\d):(\d\d):(\d\d\d\d)$/;
const COLUMN_HEADER =
  'Site_Name,Longitude(decimal_degrees),Latitude(decimal_degrees),Elevation(meters)';

export async function readSiteCatalog(path: string): Promise<SiteCatalog> {
  const catalog = new CatalogParser(path);
  const splitter = new TextLineSplitter(false);
  try {
    for await (const chunk of createReadStream(path)) {
      for (const line of splitter.push(chunk as Buffer)) catalog.read(line);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NotFoundError(
      'AOD_INPUT_NOT_FOUND',
      'expected an AERONET site list, got a path that does not exist; check the path',
      { file: path, cause: error },
    );
  }
  for (const line of splitter.end()) catalog.read(line);
  return catalog.finish();
}

class CatalogParser {
  private generatedOn: string | null = null;
  private headerSeen = false;
  private readonly sites: CatalogSite[] = [];
  private readonly lineOf = new Map<string, number>();

  constructor(private readonly file: string) {}

  read({ text, line }: TextLine): void {
    if (text.trim() === '') return;

    if (this.generatedOn === null) {
      this.generatedOn = this.readBanner(text, line);
    } else if (!this.headerSeen) {
      this.expect(text === COLUMN_HEADER, `the column header "${COLUMN_HEADER}"`, text, line);
      this.headerSeen = true;
    } else {
      this.readSite(text, line);
    }
  }

  finish(): SiteCatalog {
    if (this.generatedOn === null) throw this.error('a banner line', 'an empty file', 1);
    if (!this.headerSeen) {
      throw this.error(`the column header "${COLUMN_HEADER}"`, 'the end of the file', 2);
    }
    return { generatedOn: this.generatedOn, sites: this.sites };
  }

  private readBanner(text: string, line: number): string {
    const match = BANNER.exec(text);
    const expected = `a banner "${SITE_LIST_BANNER},Num=2,Date_Generated=dd:mm:yyyy"`;
    this.expect(match !== null, expected, text, line);

    const [day, month, year] = [match![1], match![2], match![3]].map(Number) as number[];
    this.expect(!Number.isNaN(daysFromCivil(year!, month!, day!)), expected, text, line);
    return `${match![3]}-${match![2]}-${match![1]}`;
  }

  private readSite(text: string, line: number): void {
    const fields = text.split(',');
    const row = 'a row "name,longitude,latitude,elevation"';
    this.expect(fields.length === 4 && fields[0] !== '', row, text, line);

    const [name, longitudeText, latitudeText, elevationText] = fields as [
      string,
      string,
      string,
      string,
    ];
    const longitude = this.coordinate('longitude', longitudeText, 180, line);
    const latitude = this.coordinate('latitude', latitudeText, 90, line);
    const elevation = parseNumberText(elevationText);
    this.expect(!Number.isNaN(elevation), 'an elevation in metres', elevationText, line);

    const earlier = this.lineOf.get(name);
    this.expect(earlier === undefined, `a site name not used before (line ${earlier})`, name, line);
    this.lineOf.set(name, line);
    this.sites.push({ name, latitude, longitude, elevation });
  }

  private coordinate(what: string, text: string, limit: number, line: number): number {
    const value = parseNumberText(text);
    const expected = `a ${what} between -${limit} and ${limit} degrees`;
    this.expect(Math.abs(value) <= limit, expected, text, line);
    return value;
  }

  private expect(condition: boolean, expected: string, got: string, line: number): void {
    if (!condition) throw this.error(expected, `"${clip(got)}"`, line);
  }

  private error(expected: string, got: string, line: number): BadInputError {
    return new BadInputError(
      'AOD_CATALOG_FORMAT',
      `expected ${expected}, got ${got}; pass an AERONET site list such as ` +
        'aeronet_locations_v3.txt from aeronet.gsfc.nasa.gov',
      { file: this.file, line },
    );
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
