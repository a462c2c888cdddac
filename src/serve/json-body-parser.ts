/**
 * The JSON body parser of the API. Bodies parse with JSON.parse as usual. When that fails,
 * the bare tokens NaN, Infinity and -Infinity are looked for: Python's json module writes
 * them, but JSON does not allow them. Each is replaced by a marker, so schema validation can
 * name the fields that contain them instead of failing the whole body with a syntax error.
 *
 * Unlike Fastify's default parser, this one keeps `__proto__` and `constructor` keys. Every
 * body schema sets additionalProperties: false, so such keys are rejected as unknown fields.
 */
import { randomBytes } from 'node:crypto';

import { BadInputError } from '../errors.ts';

/** A bare NaN, Infinity or -Infinity that stood in the body where a value belongs. */
export class NonFiniteToken {
  constructor(readonly token: string) {}
}

/** A request body that is not JSON; `fields` is empty because no field can be named. */
export class InvalidJsonError extends BadInputError {
  readonly fields: Array<{ field: string; message: string }> = [];
}

const TOKENS = ['-Infinity', '+Infinity', 'Infinity', '-NaN', '+NaN', 'NaN'];

/** Marker strings carry a per-process nonce, so no client string can pass for one. */
const MARKER = `\u0000non-finite-${randomBytes(8).toString('hex')}:`;
const MARKER_JSON = JSON.stringify(MARKER).slice(1, -1);

/** Parses a request body; bare non-finite numbers become NonFiniteToken values. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const marked = markNonFiniteTokens(text);
    if (marked === undefined) throw invalidJson(text, error);

    try {
      return JSON.parse(marked, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(MARKER)
          ? new NonFiniteToken(value.slice(MARKER.length))
          : value,
      );
    } catch {
      throw invalidJson(text, error);
    }
  }
}

/** Returns `text` with each bare non-finite token outside strings made a marker string. */
function markNonFiniteTokens(text: string): string | undefined {
  let out = '';
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }

    const token = TOKENS.find((candidate) => text.startsWith(candidate, i));
    if (token === undefined || /[\w$]/.test(text[i + token.length] ?? '')) continue;

    out += `${text.slice(copiedTo, i)}"${MARKER_JSON}${token}"`;
    i += token.length - 1;
    copiedTo = i + 1;
  }
  return copiedTo === 0 ? undefined : out + text.slice(copiedTo);
}

function invalidJson(text: string, error: unknown): InvalidJsonError {
  const message =
    text.trim() === ''
      ? 'request body is empty; expected a JSON object'
      : `request body is not valid JSON: ${(error as Error).message}`;
  return new InvalidJsonError('AOD_REQUEST_INVALID', message, { cause: error });
}
