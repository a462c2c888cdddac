/**
 * One HTTP attempt at the AERONET web service: the status, the whole body and its declared
 * length, within a time limit.
 *
 * Faults that may clear on a later attempt throw TransientError: HTTP 5xx, 408 and 429, a
 * failed or reset connection, a connection closed mid-body, and the time limit. These errors
 * carry no location, because the client adds the URL and the attempt count once it stops
 * retrying. Other HTTP statuses throw BadInputError naming the URL, because the same request
 * fails the same way again.
 */
import { AodflowError, BadInputError, TransientError } from '../../errors.ts';
import { stripTags } from '../text-lines.ts';

/** Status, body and declared length of a service response. */
export interface ServiceResponse {
  status: number;
  bytes: Uint8Array;
  /** Content-Length when the body was sent without content encoding, else null. */
  declaredLength: number | null;
}

const SERVICE = 'AERONET web service';
const MAX_SHOWN_CHARS = 200;

/** Statuses worth another attempt: server errors, request timeout, too many requests. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Fetches `url` and reads the whole body before `timeoutMs` runs out. */
export async function downloadResponse(
  fetchFn: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<ServiceResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const progress = { headersReceived: false, bytes: 0 };
  try {
    const response = await fetchFn(url, { signal: controller.signal });
    progress.headersReceived = true;
    if (response.status < 200 || response.status > 299) await rejectStatus(response, url);

    const bytes = await readBody(response, progress);
    return { status: response.status, bytes, declaredLength: declaredLength(response) };
  } catch (error) {
    if (error instanceof AodflowError) throw error;
    if (controller.signal.aborted) {
      throw new TransientError(
        'AOD_SERVICE_TIMEOUT',
        `${SERVICE}: expected a complete response within ${timeoutMs} ms, got ` +
          (progress.headersReceived ? `${progress.bytes} bytes of the body` : 'no response'),
        { cause: error },
      );
    }
    if (blockedPort(error)) {
      throw new BadInputError(
        'AOD_CONFIG_INVALID',
        `${SERVICE}: fetch refuses port ${new URL(url).port} of the service URL, one of the ` +
          'ports the Fetch standard blocks; serve the mirror on another port',
        { file: url, cause: error },
      );
    }
    if (progress.headersReceived) {
      throw new TransientError(
        'AOD_SERVICE_BAD_ANSWER',
        `${SERVICE}: the response was cut short, the connection closed after ` +
          `${progress.bytes} bytes of the body (${networkReason(error)})`,
        { cause: error },
      );
    }
    throw new TransientError(
      'AOD_SERVICE_UNAVAILABLE',
      `${SERVICE}: the connection failed (${networkReason(error)})`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A transient HTTP status whose response named a wait in `Retry-After`, in milliseconds
 * (null without a usable header).
 */
export class ServiceBusyError extends TransientError {
  readonly retryAfterMs: number | null;

  constructor(message: string, retryAfterMs: number | null) {
    super('AOD_SERVICE_UNAVAILABLE', message);
    this.retryAfterMs = retryAfterMs;
  }
}

async function rejectStatus(response: Response, url: string): Promise<never> {
  const status = `${response.status} ${response.statusText}`.trim();
  if (isTransientStatus(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ServiceBusyError(
      `${SERVICE}: expected HTTP 200, got ${status}`,
      retryAfterMs(response.headers.get('retry-after'), Date.now()),
    );
  }

  const body = await response.text().catch(() => '');
  const bodyText = clip(stripTags(body).replace(/\s+/g, ' ').trim());
  throw new BadInputError(
    'AOD_SERVICE_BAD_ANSWER',
    `${SERVICE} rejected the request: expected HTTP 200, got ${status}` +
      `${bodyText === '' ? '' : ` ("${bodyText}")`}; check the service URL ` +
      '(option baseUrl or AODFLOW_AERONET_URL) and the request',
    { file: url },
  );
}

/**
 * Returns the wait a `Retry-After` value requests, in milliseconds: whole seconds, or an HTTP
 * date measured from `now`. Null when the header is absent or neither form.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;

  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month, and Date.parse reads bare numbers as years.
  if (!/[A-Za-z]/.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

// Reads the body chunk by chunk so a cut connection reports how much arrived.
async function readBody(response: Response, progress: { bytes: number }): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);

  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress.bytes += value.length;
  }

  const bytes = new Uint8Array(progress.bytes);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

// fetch decodes gzip and deflate bodies, so a declared length only counts plain bodies.
function declaredLength(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return null;

  const text = response.headers.get('content-length');
  if (text === null || !/^\d+$/.test(text.trim())) return null;
  return Number(text);
}

// Node's fetch reports network faults as TypeError("fetch failed") with the socket error as
// its cause, e.g. ECONNRESET or UND_ERR_SOCKET "other side closed".
// fetch rejects a URL on a port the Fetch standard blocks (such as 9 or 25) before it connects,
// with "bad port" as the cause. No later attempt can succeed, so it is not retried.
function blockedPort(error: unknown): boolean {
  return (
    error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port'
  );
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  if (!(cause instanceof Error)) return String(cause);

  const code = (cause as NodeJS.ErrnoException).code;
  return code === undefined ? cause.message : `${code}: ${cause.message}`;
}

function clip(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}...` : text;
}
