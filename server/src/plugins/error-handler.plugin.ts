import http from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isAppPath } from '../../../web/src/app/route-paths.ts';
import { AppError } from '../errors.ts';
import { wantsWebApp } from './web-app.plugin.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/**
 * Turns Ajv's issues into `{field: message}`, naming the field the way the client sent it.
 * A union (`"a" | "b"`, `string | null`) fails once per branch; those are folded into one message.
 */
export function validationDetails(issues: ValidationIssue[], context?: string): Record<string, string> {
  const fields = new Map<string, { consts: string[]; types: string[]; messages: string[] }>();
  for (const issue of issues) {
    let field = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const p = issue.params ?? {};
    if (issue.keyword === 'required' && typeof p.missingProperty === 'string') {
      field = field ? `${field}.${p.missingProperty}` : p.missingProperty;
    } else if (issue.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
      field = field ? `${field}.${p.additionalProperty}` : p.additionalProperty;
    }
    const key = field || context || 'body';
    const entry = fields.get(key) ?? { consts: [], types: [], messages: [] };
    fields.set(key, entry);
    if (issue.keyword === 'const') entry.consts.push(String(p.allowedValue));
    else if (issue.keyword === 'type') entry.types.push(String(p.type));
    else if (issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf') entry.messages.push(humanMessage(issue));
  }
  const details: Record<string, string> = {};
  for (const [key, { consts, types, messages }] of fields) {
    if (consts.length > 0) {
      details[key] = `must be one of: ${[...consts, ...(types.includes('null') ? ['null'] : [])].join(', ')}`;
    } else if (messages.length > 0) {
      details[key] = messages[0] as string;
    } else if (types.length > 0) {
      details[key] = humanMessage({ keyword: 'type', params: { type: types.join(' or ') } });
    } else {
      details[key] = 'is not an accepted value';
    }
  }
  return details;
}

/** Ajv's terse messages, as sentences a person can act on. */
function humanMessage(issue: ValidationIssue): string {
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'minimum':
      return `must be ${p.limit} or more`;
    case 'maximum':
      return `must be ${p.limit} or less`;
    case 'exclusiveMinimum':
      return `must be more than ${p.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${p.limit}`;
    case 'multipleOf':
      return `must be a multiple of ${p.multipleOf}`;
    case 'minItems':
      return `must have at least ${p.limit} items`;
    case 'maxItems':
      return `must have at most ${p.limit} items`;
    case 'uniqueItems':
      return 'must not repeat items';
    case 'type':
      return `must be ${String(p.type)
        .split(/,| or /)
        .map((t) =>
          t === 'integer'
            ? 'a whole number'
            : t === 'null'
              ? 'null'
              : t === 'array'
                ? 'a list'
                : t === 'object'
                  ? 'an object'
                  : `a ${t}`,
        )
        .join(' or ')}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an accepted field';
    case 'format':
      return p.format === 'email' ? 'must be a valid email address' : `must be a valid ${p.format}`;
    case 'pattern':
      return 'has characters that are not allowed';
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return Array.isArray(p.allowedValues)
        ? `must be one of: ${p.allowedValues.join(', ')}`
        : 'is not an accepted value';
    case 'anyOf':
    case 'oneOf':
      return 'is not an accepted value';
    default:
      return issue.message ?? 'is invalid';
  }
}

const PLAIN_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A client's request id, when it is short and plain enough to log and echo; else null. */
export function acceptableRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && PLAIN_REQUEST_ID.test(header) ? header : null;
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request took too long to arrive.'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The URL or the request headers are too large.'],
};

/**
 * Answers a request Node's HTTP parser refused (too slow, headers or URL too large, not HTTP)
 * in the API's error shape with the API's security headers, then closes the socket. Fastify's
 * own handler answers these in a shape of its own without headers.
 */
export function writeClientError(
  error: Error & { code?: string },
  socket: import('node:stream').Duplex,
  headers: Record<string, string>,
) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'bad_request',
    'The request could not be read.',
  ];
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    const lines = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** Fastify's router errors (bad percent-encoding, an over-long parameter), without echoing the URL. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Record<string, string>,
) {
  reply.headers(headers);
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 414, 'uri_too_long', 'A part of the URL is too long.');
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, 400, 'bad_url', 'The URL is not valid (check its percent-encoding).');
  }
  request.log.error({ err: error }, 'router error');
  return send(reply, 500, 'internal_error', 'Something went wrong on our side. Please try again.');
}

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

async function errorHandlerPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return send(reply, error.statusCode, error.code, error.message, error.details);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      return send(
        reply,
        400,
        'validation_failed',
        'Some fields are missing or invalid.',
        validationDetails(fe.validation as ValidationIssue[], fe.validationContext),
      );
    }
    const status = fe.statusCode ?? 500;
    if (status === 429) {
      return send(reply, 429, 'rate_limited', 'Too many requests. Try again later.');
    }
    if (status >= 400 && status < 500) {
      const known: Record<string, [string, string]> = {
        FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'The request body is not valid JSON.'],
        FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'The request body is empty but declared as JSON.'],
        FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large.'],
        FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'This content type is not accepted here.'],
        FST_REQ_FILE_TOO_LARGE: ['payload_too_large', 'The file is too large.'],
        FST_INVALID_MULTIPART_CONTENT_TYPE: [
          'unsupported_media_type',
          'Send the file as multipart/form-data.',
        ],
        FST_PARTS_LIMIT: ['bad_multipart', 'The multipart body has too many parts.'],
        FST_FILES_LIMIT: ['bad_multipart', 'Send one file.'],
        FST_FIELDS_LIMIT: ['bad_multipart', 'The multipart body has too many fields.'],
      };
      const [code, message] = known[fe.code] ?? [
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request',
        fe.message || 'The request is not valid.',
      ];
      if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe instanceof SyntaxError && status === 400)) {
        return send(reply, 400, 'malformed_json', 'The request body is not valid JSON.');
      }
      return send(reply, status, code, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal_error', 'Something went wrong on our side. Please try again.');
  });

  app.setNotFoundHandler((request, reply) => {
    // The web app's own routes (/library, /books/12 …) are answered with its index.html.
    // Any other path still gets the app, which shows its not-found page, but with HTTP 404.
    if (app.webAppFallback && wantsWebApp(request.method, request.url)) {
      reply.header('cache-control', 'no-cache');
      const pathname = request.url.split('?')[0] ?? '/';
      const status = isAppPath(pathname) ? 200 : 404;
      return app.sendWebAppIndex
        ? app.sendWebAppIndex(request, reply, status)
        : reply.code(status).sendFile('index.html');
    }
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    return send(reply, 404, 'not_found', `No route for ${request.method} ${path}.`);
  });
}

export const errorHandler = fp(errorHandlerPlugin, { name: 'error-handler' });
