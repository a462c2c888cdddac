/**
 * Observation requests to the AERONET web service print_web_data_v3, and their URLs.
 *
 * Parameter names are those of the Version 3 AOD service as used by the readers monetio
 * (`monetio/obs/aeronet.py`, `build_url`) and pyaeronet: `year, month, day, hour` and
 * `year2, month2, day2, hour2` bound the time range, `AOD10/AOD15/AOD20=1` pick the level,
 * `AVG=10` asks for all points and `AVG=20` for daily averages, `site=` or
 * `lat1, lon1, lat2, lon2` (lower-left and upper-right corners) pick the sites, and
 * `if_no_html=1` asks for plain text.
 */
import { BadInputError } from '../../errors.ts';
import {
  formatBoundingBox,
  validateBoundingBox,
  type BoundingBox,
} from '../catalog/bounding-box.ts';

/** The print_web_data_v3 endpoint of NASA GSFC. */
export const DEFAULT_SERVICE_URL = 'https://aeronet.gsfc.nasa.gov/cgi-bin/print_web_data_v3';

/** AERONET quality level: 1.0 unscreened, 1.5 cloud-screened, 2.0 quality-assured. */
export type AodLevel = '1.0' | '1.5' | '2.0';

export interface ObservationRequest {
  /** AERONET site name, case-sensitive. Leave out, with `bbox`, for every site in the box. */
  site?: string;
  /** Sites inside this box; not allowed together with `site`. */
  bbox?: BoundingBox;
  /** First day, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day, `YYYY-MM-DD` (UTC), included whole. */
  to: string;
  level: AodLevel;
  /** True for daily averages (`AVG=20`), false for all points (`AVG=10`). */
  daily: boolean;
}

const LEVEL_PARAMETER: Record<AodLevel, string> = {
  '1.0': 'AOD10',
  '1.5': 'AOD15',
  '2.0': 'AOD20',
};
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Returns the service URL: the `baseUrl` option, else `AODFLOW_AERONET_URL`, else the NASA
 * GSFC endpoint.
 */
export function resolveServiceUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = [option, env.AODFLOW_AERONET_URL].find(
    (value) => value !== undefined && value.trim() !== '',
  );
  const url = chosen?.trim() ?? DEFAULT_SERVICE_URL;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `AERONET service URL: expected an http or https URL, got "${url}"`,
    );
  }
  return url;
}

/**
 * Checks a request and returns a copy with a validated box.
 * @throws BadInputError (AOD_CONFIG_INVALID) naming the field, what it expects and what it got.
 */
export function validateRequest(request: ObservationRequest): ObservationRequest {
  const from = parseDay('from', request.from);
  const to = parseDay('to', request.to);
  if (to < from) {
    throw invalid('date range', 'from <= to', `from ${request.from} and to ${request.to}`);
  }
  if (!(request.level in LEVEL_PARAMETER)) {
    throw invalid('level', '"1.0", "1.5" or "2.0"', String(request.level));
  }
  if (request.site !== undefined && request.bbox !== undefined) {
    // The service ignores the box when a site is named, so both together is a mistake.
    throw invalid('sites', 'a site or a bounding box', 'both');
  }
  if (request.site !== undefined && !/^[\w.-]+$/.test(request.site)) {
    throw invalid('site', 'an AERONET site name (letters, digits, _ . -)', request.site);
  }

  const bbox = request.bbox === undefined ? undefined : validateBoundingBox(request.bbox);
  return { ...request, ...(bbox === undefined ? {} : { bbox }) };
}

/**
 * Builds the request URL, parameters in the order the service's own example URLs use.
 *
 * The service reads whole hours, from hour `hour` of the first day to hour `hour2` of the
 * last, so aodflow sends `hour=0` and `hour2=23` to take the last day whole.
 * NOTE: that `hour2=23` reaches 23:59:59 is inferred from readers that pass the hour of the
 * last observation they want (monetio `build_url`). The service's help page
 * (print_web_data_help_v3_new.html) was not available to confirm it.
 */
export function buildRequestUrl(baseUrl: string, request: ObservationRequest): string {
  const [year, month, day] = dateParts(request.from);
  const [year2, month2, day2] = dateParts(request.to);
  const parameters: [string, string][] = [
    ['year', year],
    ['month', month],
    ['day', day],
    ['hour', '0'],
    ['year2', year2],
    ['month2', month2],
    ['day2', day2],
    ['hour2', '23'],
    [LEVEL_PARAMETER[request.level], '1'],
    ['AVG', request.daily ? '20' : '10'],
  ];
  if (request.site !== undefined) parameters.push(['site', request.site]);
  if (request.bbox !== undefined) {
    const { south, west, north, east } = request.bbox;
    parameters.push(['lat1', String(south)], ['lon1', String(west)]);
    parameters.push(['lat2', String(north)], ['lon2', String(east)]);
  }
  parameters.push(['if_no_html', '1']);

  const query = new URLSearchParams(parameters).toString();
  return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${query}`;
}

/** Names what a request covers, for messages: `Skukuza`, `sites in 10,-20,20,0` or `all sites`. */
export function describeTarget(request: ObservationRequest): string {
  if (request.site !== undefined) return request.site;
  if (request.bbox !== undefined) return `sites in ${formatBoundingBox(request.bbox)}`;
  return 'all sites';
}

// Year, month and day as the service's example URLs write them: `2000`, `6`, `1`.
function dateParts(text: string): [string, string, string] {
  const match = DATE_TEXT.exec(text)!;
  return [match[1]!, String(Number(match[2])), String(Number(match[3]))];
}

function parseDay(field: string, text: string): number {
  const match = typeof text === 'string' ? DATE_TEXT.exec(text) : null;
  if (match !== null) {
    const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [
      number,
      number,
      number,
    ];
    const date = new Date(Date.UTC(year, month - 1, day));
    const sameDay =
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day;
    // The floor catches two-digit years; AERONET measurements begin in the 1990s.
    if (year >= 1990 && sameDay) return date.getTime();
  }
  throw invalid(field, 'a calendar date YYYY-MM-DD from 1990 on', String(text));
}

function invalid(field: string, expected: string, got: string): BadInputError {
  return new BadInputError(
    'AOD_CONFIG_INVALID',
    `AERONET request ${field}: expected ${expected}, got "${got}"`,
  );
}
