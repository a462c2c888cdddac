/**
 * Error responses of the API, all shaped `{ error: { code, message, fields } }`. Schema
 * violations name each bad field, and aodflow errors keep their code and HTTP status.
 * Fastify's own client errors (body too large, unsupported media type) keep their status.
 * Anything else is logged and gets a 500 response.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { AodflowError, type ErrorCode } from '../errors.ts';
import { InvalidPredictionInput } from '../model/predict.ts';
import { InvalidJsonError } from './json-body-parser.ts';
import { MAX_BATCH, type ErrorBody, type FieldError } from './prediction-schemas.ts';
import { fieldErrors, MAX_FIELD_ERRORS, summarize, type SchemaError } from './validation-errors.ts';

/**
 * Installs the error and not-found handlers on `app`. `routes` are `METHOD /path` strings. A
 * request for one of their paths with another method gets 405 and an Allow header instead of
 * 404, as RFC 9110 section 15.5.6 requires.
 */
export function installErrorReplies(app: FastifyInstance, routes: string[]): void {
  app.setErrorHandler((error: FastifyError, request, reply) => replyToError(error, request, reply));

  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(routes, request.url);
    if (allowed.length > 0) {
      const message = `${request.method} is not allowed on ${request.url.split('?')[0]}; use ${allowed.join(' or ')}`;
      reply.header('allow', allowed.join(', '));
      return reply.code(405).send(errorBody('AOD_METHOD_NOT_ALLOWED', message));
    }
    const message = `no route for ${request.method} ${request.url}; routes: ${routes.join(', ')}`;
    return reply.code(404).send(errorBody('AOD_ROUTE_NOT_FOUND', message));
  });
}

/** Returns the methods `routes` serve on the path of `url`, with HEAD for every GET route. */
function allowedMethods(routes: string[], url: string): string[] {
  const path = url.split('?')[0];
  const methods = routes
    .map((route) => route.split(' '))
    .filter(([, routePath]) => routePath === path)
    .map(([method]) => method!);
  if (methods.includes('GET')) methods.push('HEAD');
  return methods;
}

function replyToError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    const fields = fieldErrors(error.validation as SchemaError[]);
    const listed = fields.slice(0, MAX_FIELD_ERRORS);
    return reply.code(400).send(errorBody('AOD_REQUEST_INVALID', summarize(fields), listed));
  }
  if (error instanceof InvalidJsonError) {
    return reply.code(400).send(errorBody(error.code, error.message));
  }
  if (error instanceof InvalidPredictionInput) {
    const fields = [{ field: error.field, message: error.detail }];
    return reply.code(400).send(errorBody(error.code, error.message, fields));
  }
  if (error instanceof AodflowError) {
    if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(error.statusCode).send(errorBody(error.code, error.message));
  }

  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message = clientErrorMessage(error, request);
    return reply.code(status).send(errorBody('AOD_REQUEST_INVALID', message));
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .code(500)
    .send(errorBody('AOD_INTERNAL', 'internal error; the server log has the details'));
}

/** Fastify's client errors, reworded to say what to send instead. */
function clientErrorMessage(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported media type ${JSON.stringify(request.headers['content-type'] ?? '')}; send application/json`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body is larger than ${request.routeOptions.bodyLimit} bytes; send at most ${MAX_BATCH} observations per batch`;
    default:
      return error.message;
  }
}

export function errorBody(code: ErrorCode, message: string, fields: FieldError[] = []): ErrorBody {
  return { error: { code, message, fields } };
}
