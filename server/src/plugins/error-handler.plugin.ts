import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns Ajv's issues into `{field: message}`, naming the field the way the client sent it. */
export function validationDetails(issues: ValidationIssue[], context?: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of issues) {
    let field = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
      field = field ? `${field}.${issue.params.missingProperty}` : issue.params.missingProperty;
      message = 'is required';
    } else if (issue.keyword === 'additionalProperties' && typeof issue.params?.additionalProperty === 'string') {
      field = field ? `${field}.${issue.params.additionalProperty}` : issue.params.additionalProperty;
      message = 'is not an accepted field';
    } else if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues)) {
      message = `must be one of: ${issue.params.allowedValues.join(', ')}`;
    }
    const key = field || context || 'body';
    details[key] ??= message;
  }
  return details;
}

function send(reply: import('fastify').FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
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
        FST_INVALID_MULTIPART_CONTENT_TYPE: ['unsupported_media_type', 'Send the file as multipart/form-data.'],
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

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`),
  );
}

export const errorHandler = fp(errorHandlerPlugin, { name: 'error-handler' });
