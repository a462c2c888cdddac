/**
 * Turns Ajv schema-validation errors into one `{ field, message }` per bad field, in words a
 * client can act on: what the field must be and what it got.
 */
import { NonFiniteToken } from './json-body-parser.ts';
import type { FieldError } from './prediction-schemas.ts';

/** The parts of an Ajv error (with Ajv's `verbose` option on) that the messages use. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** The value that failed (verbose mode). */
  data?: unknown;
  /** The schema holding the failed keyword (verbose mode). */
  parentSchema?: Record<string, unknown>;
}

/** At most this many fields are listed in one response. */
export const MAX_FIELD_ERRORS = 100;

/** Returns one error per field, in the order Ajv reported them. */
export function fieldErrors(errors: SchemaError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (!byField.has(field)) byField.set(field, { field, message: messageOf(error) });
  }
  return [...byField.values()];
}

/** Top-level message naming the bad fields. */
export function summarize(fields: FieldError[]): string {
  const names = fields.slice(0, 5).map((error) => error.field);
  const more = fields.length > 5 ? ` and ${fields.length - 5} more` : '';
  const noun = fields.length === 1 ? 'field' : 'fields';
  return `invalid request body: ${fields.length} bad ${noun} (${names.join(', ')}${more})`;
}

/** Returns the field path, `observations[3].date` for the JSON pointer `/observations/3/date`. */
function fieldOf(error: SchemaError): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof extra === 'string') parts.push(extra);
  if (parts.length === 0) return 'body';

  let field = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) field += `[${part}]`;
    else field += field === '' ? part : `.${part}`;
  }
  return field;
}

function messageOf(error: SchemaError): string {
  const schema = error.parentSchema ?? {};
  switch (error.keyword) {
    case 'required':
      return 'required field is missing';
    case 'additionalProperties':
      return `unknown field; expected only ${Object.keys(schema.properties ?? {}).join(', ')}`;
    case 'type':
      return `expected ${article(String(error.params.type))}, got ${describe(error.data)}`;
    case 'minimum':
    case 'maximum':
      return `out of range: expected a number from ${schema.minimum} to ${schema.maximum}, got ${describe(error.data)}`;
    case 'format':
      return `expected an ISO 8601 date (2019-03-15) or date-time (2019-03-15T10:30:00Z), got ${describe(error.data)}`;
    case 'minLength':
    case 'maxLength':
      return `expected a non-empty string of at most ${schema.maxLength} characters, got ${describe(error.data)}`;
    case 'minItems':
    case 'maxItems':
      return `expected ${schema.minItems} to ${schema.maxItems} observations, got ${(error.data as unknown[]).length}`;
    default:
      return error.message ?? `failed the ${error.keyword} check`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Describes a JSON value briefly: its type and, when small, the value itself. */
function describe(value: unknown): string {
  if (value instanceof NonFiniteToken) {
    return `bare ${value.token}, which JSON does not allow (send a finite number)`;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    if (value.length <= 40) return `string ${JSON.stringify(value)}`;
    return `a string of ${value.length} characters starting ${JSON.stringify(value.slice(0, 20))}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
