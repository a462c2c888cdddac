/**
 * How the stand-in responds to a print_web_data_v3 query, following the real service:
 *
 * - a data response is five header lines, the column header `AERONET_Site,...`, then the rows;
 * - a query that selects no row gets the title line alone;
 * - a site name the service does not know is ignored, so every site is returned;
 * - `site` takes precedence over the box `lat1, lon1, lat2, lon2`;
 * - without `if_no_html=1` the text is wrapped in an HTML page with `<br>` line ends;
 * - an invalid query gets an HTML error page with HTTP 200.
 *
 * The time range runs from `hour` (default 0) of the first day to the end of `hour2`
 * (default 23) of the last; daily averages are selected by their day alone.
 * `AVG=20` needs Daily Averages files; without them the stand-in responds with HTTP 400.
 */
import type { StandInData, StandInProduct, StandInRow } from './stand-in-data.ts';

export interface StandInResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The title line, which the service also sends alone when a query finds no data. */
export const TITLE_LINE = 'AERONET Data Download (Version 3 Direct Sun)';
const MULTI_SITE_CONTACT =
  'Contact: Please visit https://aeronet.gsfc.nasa.gov/new_web/data_usage.html for the PIs';
const LEVELS = { AOD10: 10, AOD15: 15, AOD20: 20 } as const;
const DAY_SECONDS = 86_400;

interface Query {
  level: number;
  daily: boolean;
  startTime: number;
  endTime: number;
  site: string | null;
  box: { south: number; west: number; north: number; east: number } | null;
  html: boolean;
}

/** Returns the response to a query; `knownSites` are the names accepted in `site=`. */
export function respondToQuery(
  data: StandInData,
  params: URLSearchParams,
  knownSites: ReadonlySet<string>,
): StandInResponse {
  const query = parseQuery(params, knownSites);
  if (typeof query === 'string') return errorPage(query);

  const product = query.daily ? data.daily : data.allPoints;
  if (product === null) {
    const what = query.daily ? 'Daily Averages' : 'All Points';
    return { status: 400, contentType: 'text/plain', body: `stand-in has no ${what} files\n` };
  }

  const rows = product.rows.filter((row) => selects(query, row));
  const lines = rows.length === 0 ? [TITLE_LINE] : dataLines(data, product, query, rows);
  return query.html ? htmlResponse(lines) : plainResponse(lines);
}

/** Returns the HTML page sent for an invalid query or an injected HTML fault. */
export function errorPage(reason: string): StandInResponse {
  const body =
    '<html><head><title>AERONET Data Download Error</title></head><body>' +
    `<h2>Error</h2><p>${reason}</p></body></html>\n`;
  return { status: 200, contentType: 'text/html', body };
}

function parseQuery(params: URLSearchParams, knownSites: ReadonlySet<string>): Query | string {
  const levels = Object.entries(LEVELS).filter(([name]) => params.get(name) === '1');
  if (levels.length !== 1) return 'choose exactly one of AOD10, AOD15 and AOD20';

  const average = params.get('AVG');
  if (average !== '10' && average !== '20') return 'AVG must be 10 (all points) or 20 (daily)';

  const start = datePart(params, '', 0);
  const end = datePart(params, '2', 23);
  if (start === null || end === null) return 'the date range is incomplete or invalid';

  const site = params.get('site');
  return {
    level: levels[0]![1],
    daily: average === '20',
    startTime: start,
    endTime: end + 3599,
    site: site !== null && knownSites.has(site) ? site : null,
    box: boxOf(params),
    html: params.get('if_no_html') !== '1',
  };
}

// Seconds since the epoch at the start of hour `hour<suffix>` of the given day.
function datePart(params: URLSearchParams, suffix: string, defaultHour: number): number | null {
  const [year, month, day] = ['year', 'month', 'day'].map((name) =>
    Number(params.get(`${name}${suffix}`) ?? NaN),
  ) as [number, number, number];
  const hourText = params.get(`hour${suffix}`);
  const hour = hourText === null ? defaultHour : Number(hourText);
  const parts = [year, month, day, hour];
  if (!parts.every(Number.isInteger) || hour < 0 || hour > 23) return null;

  const time = Date.UTC(year, month - 1, day, hour);
  return Number.isNaN(time) ? null : time / 1000;
}

function boxOf(params: URLSearchParams): Query['box'] {
  const edges = ['lat1', 'lon1', 'lat2', 'lon2'].map((name) => params.get(name));
  if (edges.some((edge) => edge === null)) return null;

  const [south, west, north, east] = edges.map(Number) as [number, number, number, number];
  return { south, west, north, east };
}

function selects(query: Query, row: StandInRow): boolean {
  if (row.level !== query.level) return false;
  if (query.site !== null && row.site !== query.site) return false;
  if (query.site === null && query.box !== null && !inBox(query.box, row)) return false;
  if (!query.daily) return row.time >= query.startTime && row.time <= query.endTime;

  const day = Math.floor(row.time / DAY_SECONDS);
  return (
    day >= Math.floor(query.startTime / DAY_SECONDS) &&
    day <= Math.floor(query.endTime / DAY_SECONDS)
  );
}

function inBox(box: NonNullable<Query['box']>, row: StandInRow): boolean {
  return (
    row.latitude >= box.south &&
    row.latitude <= box.north &&
    row.longitude >= box.west &&
    row.longitude <= box.east
  );
}

function dataLines(
  data: StandInData,
  product: StandInProduct,
  query: Query,
  rows: StandInRow[],
): string[] {
  const levelName = `${Math.floor(query.level / 10)}.${query.level % 10}`;
  const sites = new Set(rows.map((row) => row.site));
  const onlySite = sites.size === 1 ? [...sites][0]! : null;
  const contact =
    (onlySite !== null ? data.contacts.get(onlySite) : undefined) ?? MULTI_SITE_CONTACT;
  return [
    TITLE_LINE,
    'AERONET Version 3;',
    `Version 3: AOD Level ${levelName}`,
    data.descriptions.get(query.level) ?? `Level ${levelName} data.`,
    contact,
    product.columnHeader,
    ...rows.map((row) => row.text),
  ];
}

function plainResponse(lines: string[]): StandInResponse {
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: `${lines.join('\n')}\n` };
}

function htmlResponse(lines: string[]): StandInResponse {
  const body = `<html><body>\n${lines.map((line) => `${line}<br>`).join('\n')}\n</body></html>\n`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body };
}
