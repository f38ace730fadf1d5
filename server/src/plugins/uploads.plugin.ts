import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { ErrorResponse } from '../lib/http-schemas.ts';
import { FileTooLargeError } from '../storage/local-storage.ts';

export interface ReceivedFile {
  tempPath: string;
  size: number;
  fileName: string;
  declaredType: string;
  /** Text fields sent before the file part. */
  fields: Record<string, string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Streams the multipart `file` field to a temporary file, enforcing `maxBytes` (MAX_FILE_SIZE
     * unless told) as the bytes arrive. The caller checks the content and moves or removes the
     * temporary file.
     */
    receiveFile: (request: FastifyRequest, maxBytes?: number) => Promise<ReceivedFile>;
  }
}

/** The OpenAPI description of a single-file multipart body. */
export const fileUploadBody = {
  consumes: ['multipart/form-data'],
  description: 'multipart/form-data with one field `file`',
};

/** What every upload may answer besides its own: too large (413), not a file we take (415). */
export const fileUploadResponses = { 413: ErrorResponse, 415: ErrorResponse };

/**
 * Multipart bodies are parsed only in the scope of the routes that take a file (`fileRoutes`).
 * @fastify/multipart adds two async hooks (and a 'close' listener) to every request of the scope
 * it is registered in, which at the root cost every request of the API for the sake of three
 * routes. Elsewhere a multipart body is refused with 415.
 */
const fileUploads = fp(
  async (app: FastifyInstance) => {
    const { config } = app.ctx;
    await app.register(multipart, {
      limits: { fileSize: config.maxFileSize, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    });
  },
  { name: 'file-uploads', dependencies: ['uploads'] },
);

/** Routes that take a file, registered in a scope of their own where multipart bodies are parsed. */
export function fileRoutes(routes: FastifyPluginAsyncTypebox): FastifyPluginAsyncTypebox {
  return async (scope, options) => {
    await scope.register(fileUploads);
    await routes(scope, options);
  };
}

async function uploadsPlugin(app: FastifyInstance) {
  const { config } = app.ctx;
  const storage = app.ctx.storage;
  // What an upload killed midway (crash, kill -9) left behind; nothing else writes there before
  // the app is ready.
  app.addHook('onReady', async () => {
    const swept = await storage.sweepTemp();
    if (swept > 0) app.log.info({ swept }, 'removed unfinished uploads');
  });

  let receiving = 0;
  app.decorate('receiveFile', async (request: FastifyRequest, maxBytes?: number): Promise<ReceivedFile> => {
    if (typeof request.isMultipart !== 'function') {
      throw new Error(
        `${request.routeOptions.url}: a route that takes a file is registered with fileRoutes()`,
      );
    }
    if (!request.isMultipart()) throw new UnsupportedMediaTypeError('Send the file as multipart/form-data.');
    if (receiving >= config.maxConcurrentUploads) {
      throw new AppError(503, 'too_many_uploads', 'Too many uploads are in progress. Try again shortly.', {
        headers: { 'retry-after': '5' },
      });
    }
    receiving++;
    try {
      return await receive(request, maxBytes ?? config.maxFileSize);
    } catch (err) {
      throw asClientError(err);
    } finally {
      receiving--;
    }
  });

  async function receive(request: FastifyRequest, maxBytes: number): Promise<ReceivedFile> {
    const part = await request.file({ limits: { fileSize: maxBytes } });
    if (!part)
      throw new ValidationError('The multipart body has no file.', { file: 'is required' }, 'file_missing');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new ValidationError(
        'Send the file in a field named "file".',
        { file: 'is required' },
        'file_missing',
      );
    }
    try {
      const received = await storage.receive(part.file, maxBytes);
      if (part.file.truncated) {
        await storage.removeTemp(received.tempPath);
        throw tooLarge(maxBytes);
      }
      if (received.size === 0) {
        await storage.removeTemp(received.tempPath);
        throw new ValidationError('The file is empty.', { file: 'is empty' }, 'file_empty');
      }
      const fields: Record<string, string> = {};
      for (const [name, field] of Object.entries(part.fields)) {
        const value = Array.isArray(field) ? field[0] : field;
        if (value && value.type === 'field' && typeof value.value === 'string') fields[name] = value.value;
      }
      return { ...received, fileName: part.filename.slice(0, 255), declaredType: part.mimetype, fields };
    } catch (err) {
      if (err instanceof FileTooLargeError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw tooLarge(maxBytes);
      }
      throw err;
    }
  }
}

/**
 * busboy reports a malformed body (no boundary, a cut-off part, a bad header) as a plain Error
 * without a code; that is the client's mistake, not ours. Disk errors (ENOSPC …) carry a code
 * and stay 500s.
 */
function asClientError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const { statusCode, code } = err as { statusCode?: number; code?: string };
  if (typeof statusCode === 'number' && statusCode < 500) return err;
  if (err instanceof Error && code === undefined) {
    return new ValidationError(
      'The multipart body could not be read.',
      { file: 'could not be read' },
      'bad_multipart',
    );
  }
  return err;
}

function tooLarge(limit: number) {
  return new PayloadTooLargeError(`The file is larger than the limit of ${(limit / 1048576).toFixed(1)} MB.`);
}

export const uploads = fp(uploadsPlugin, { name: 'uploads', dependencies: ['services'] });
