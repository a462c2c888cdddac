/**
 * Checks a response of print_web_data_v3 and reads it into observations.
 *
 * The service responds to a query without data with one title line (`AERONET Data Download
 * (Version 3 Direct Sun)`) and an invalid query with an HTML page (monetio `read_aeronet`).
 * A data response ends with a line end, as the saved response aeronet-AOD15-example.txt does.
 * So a body that stops elsewhere, or is shorter than its Content-Length, was cut short.
 *
 * Decisions: a cut or empty body is transient (the next attempt may arrive whole). An HTML page
 * with HTTP 200 is permanent even though a busy server could send one, because the service
 * sends its own query errors that way and asking again gets the same page; overload pages come
 * with a 5xx status, which is retried. A "no data" response is NotFoundError, never retried.
 */
import { AodflowError, BadInputError, NotFoundError, TransientError } from '../../errors.ts';
import { formatBoundingBox } from '../catalog/bounding-box.ts';
import { parseAeronetBytes, type ReadResult } from '../read-aeronet-file.ts';
import { looksLikeHtml, stripTags } from '../text-lines.ts';
import type { ServiceResponse } from './download-response.ts';
import { describeTarget, type ObservationRequest } from './observation-request.ts';

const SERVICE = 'AERONET web service';
/** Start of the title line the service sends alone when a query finds no data. */
const TITLE_PREFIX = 'AERONET Data Download';
const NEWLINE = 10;
const HEAD_BYTES = 64 * 1024;
const MAX_SHOWN_CHARS = 120;
const MAX_SHOWN_SITES = 5;
/** Distance beyond a box edge, in degrees, from which a row counts as outside the box. */
const BOX_TOLERANCE_DEGREES = 0.1;

/**
 * Returns the observations of a complete data response.
 * @throws TransientError for a cut or empty body, NotFoundError (AOD_NO_DATA) for a "no data"
 *   response, BadInputError (AOD_SERVICE_BAD_ANSWER) for anything else that is not the data asked
 *   for: an HTML page, rows of other sites, another level or product, unreadable text.
 */
export function readServiceResponse(
  response: ServiceResponse,
  request: ObservationRequest,
  url: string,
  retrievedAt: string,
): ReadResult {
  rejectCutBody(response);
  const head = new TextDecoder().decode(response.bytes.subarray(0, HEAD_BYTES));
  if (head.trim() === '') {
    throw new TransientError(
      'AOD_SERVICE_BAD_ANSWER',
      `${SERVICE}: expected AERONET data, got an empty body`,
    );
  }
  if (looksLikeHtml(head)) throw htmlPage(head, url);

  const lines = head.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 1 && response.bytes.length <= HEAD_BYTES) {
    throw oneLine(lines[0]!, request, url);
  }
  if (response.bytes.at(-1) !== NEWLINE) {
    throw new TransientError(
      'AOD_SERVICE_BAD_ANSWER',
      `${SERVICE}: the response was cut short, its last line ends without a line end ` +
        `after ${response.bytes.length} bytes`,
    );
  }

  const result = parseBody(response.bytes, url, retrievedAt);
  checkSites(result, request, url);
  checkBox(result, request, url);
  checkLevelAndProduct(result, request, url);
  if (result.rowsRead === 0) throw noData(request, url);
  return result;
}

function rejectCutBody({ bytes, declaredLength }: ServiceResponse): void {
  if (declaredLength === null || declaredLength === bytes.length) return;

  throw new TransientError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE}: the response was cut short, expected ${declaredLength} bytes ` +
      `(Content-Length), got ${bytes.length}`,
  );
}

function htmlPage(head: string, url: string): BadInputError {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1];
  const text = (title ?? stripTags(head)).replace(/\s+/g, ' ').trim();
  return new BadInputError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE}: expected plain-text AERONET data (the request sets if_no_html=1), got an ` +
      `HTML page "${clip(text)}"; open the URL in a browser to read the service's message`,
    { file: url },
  );
}

function oneLine(line: string, request: ObservationRequest, url: string): AodflowError {
  if (line.trim().startsWith(TITLE_PREFIX)) return noData(request, url);

  return new BadInputError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE}: expected AERONET data or the title line "${TITLE_PREFIX} ..." of a ` +
      `response without data, got one line "${clip(line.trim())}"`,
    { file: url },
  );
}

function noData(request: ObservationRequest, url: string): NotFoundError {
  return new NotFoundError(
    'AOD_NO_DATA',
    `no data for ${describeTarget(request)} in ${request.from}..${request.to} ` +
      `(level ${request.level})`,
    { file: url },
  );
}

// The reader's own errors already name the URL and line, so the wrapper adds no location.
function parseBody(bytes: Uint8Array, url: string, retrievedAt: string): ReadResult {
  try {
    return parseAeronetBytes(bytes, url, { retrievedAt, kind: 'request' });
  } catch (error) {
    if (!(error instanceof AodflowError)) throw error;
    throw new BadInputError(
      'AOD_SERVICE_BAD_ANSWER',
      `${SERVICE}: the response does not read as AERONET Version 3 data: ${error.message}`,
      { cause: error },
    );
  }
}

// The service returns the rows of every site for a site name it does not know, so a response
// to a one-site request must hold that site alone.
function checkSites(result: ReadResult, request: ObservationRequest, url: string): void {
  if (request.site === undefined) return;

  const names = new Set<string>();
  for (let i = 0; i < result.table.length; i++) {
    names.add(result.table.siteNames[result.table.site[i]!]!);
  }
  for (const record of result.quarantine) if (record.site !== null) names.add(record.site);
  const others = [...names].filter((name) => name !== request.site).sort();
  if (others.length === 0) return;

  const listed = others.slice(0, MAX_SHOWN_SITES).join(', ');
  const more =
    others.length > MAX_SHOWN_SITES ? ` and ${others.length - MAX_SHOWN_SITES} more` : '';
  throw new BadInputError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE}: expected rows of site ${request.site} only, got rows of ` +
      `${others.length} other site${others.length === 1 ? '' : 's'} (${listed}${more}); the ` +
      'service returns every site for a site name it does not know, so the response is rejected',
    { file: url },
  );
}

/**
 * A response to a box request must contain only sites inside the box. The service selects sites by
 * their listed position, and the position in a row may differ from it by a little, so a row
 * counts as outside only beyond BOX_TOLERANCE_DEGREES.
 */
function checkBox(result: ReadResult, request: ObservationRequest, url: string): void {
  if (request.bbox === undefined) return;

  const { south, west, north, east } = request.bbox;
  const table = result.table;
  const outside = new Set<string>();
  for (let i = 0; i < table.length; i++) {
    const latitude = table.latitude[i]!;
    const longitude = table.longitude[i]!;
    const within =
      !(latitude < south - BOX_TOLERANCE_DEGREES || latitude > north + BOX_TOLERANCE_DEGREES) &&
      !(longitude < west - BOX_TOLERANCE_DEGREES || longitude > east + BOX_TOLERANCE_DEGREES);
    if (!within) outside.add(table.siteNames[table.site[i]!]!);
  }
  if (outside.size === 0) return;

  const names = [...outside].sort();
  const listed = names.slice(0, MAX_SHOWN_SITES).join(', ');
  const more = names.length > MAX_SHOWN_SITES ? ` and ${names.length - MAX_SHOWN_SITES} more` : '';
  throw new BadInputError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE}: expected rows of sites inside the box ${formatBoundingBox(request.bbox)}, got ` +
      `rows of ${names.length} site${names.length === 1 ? '' : 's'} outside it (${listed}${more}); ` +
      'the service did not apply the box, so the response is rejected',
    { file: url },
  );
}

function checkLevelAndProduct(result: ReadResult, request: ObservationRequest, url: string): void {
  const level = (result.header.level / 10).toFixed(1);
  if (level !== request.level) {
    throw new BadInputError(
      'AOD_SERVICE_BAD_ANSWER',
      `${SERVICE}: expected Level ${request.level} data, got Level ${level}`,
      { file: url },
    );
  }

  const expected = request.daily ? 'daily' : 'all_points';
  if (result.header.product !== expected) {
    throw new BadInputError(
      'AOD_SERVICE_BAD_ANSWER',
      `${SERVICE}: expected ${productName(expected)}, got ${productName(result.header.product)}`,
      { file: url },
    );
  }
}

function productName(product: string): string {
  return product === 'daily' ? 'Daily Averages' : 'All Points';
}

function clip(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}...` : text;
}
