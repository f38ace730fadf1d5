import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseRange } from 'range-parser';
import type { LocalStorage } from '../../storage/local-storage.ts';
import type { AttachmentFile } from './notes.service.ts';

/**
 * Answers with a stored attachment so that it can never act as a page of this site: a download
 * (inline only for images we re-encoded ourselves), the exact type with no sniffing, a sandbox
 * CSP in case it is opened anyway, a content-hash ETag, private caching and byte ranges.
 */
export function sendAttachment(
  request: FastifyRequest,
  reply: FastifyReply,
  storage: LocalStorage,
  file: AttachmentFile,
) {
  const etag = `"${file.sha256}"`;
  reply.header('content-type', file.mimeType);
  reply.header(
    'content-disposition',
    contentDisposition(file.fileName, { type: file.inline ? 'inline' : 'attachment' }),
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'");
  reply.header('etag', etag);
  // Only the reader's own browser may keep a copy, and must ask again after a while (access can change).
  reply.header('cache-control', 'private, max-age=300');
  reply.header('accept-ranges', 'bytes');

  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return reply.status(304).send();
  }

  const rangeHeader = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (rangeHeader && (ifRange === undefined || ifRange === etag)) {
    const parsed = parseRange(file.size, rangeHeader);
    if (parsed.code === -1 || (parsed.type === 'bytes' && parsed.ranges.length === 0)) {
      reply.header('content-range', `bytes */${file.size}`);
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.removeHeader('content-disposition');
      return reply.status(416).send({
        error: { code: 'range_not_satisfiable', message: `The file has ${file.size} bytes.` },
      });
    }
    // One range is answered as asked; several (rare for PDF readers) get the whole file.
    const only =
      parsed.code >= 0 && parsed.type === 'bytes' && parsed.ranges.length === 1
        ? parsed.ranges[0]
        : undefined;
    if (only) {
      reply.header('content-range', `bytes ${only.start}-${only.end}/${file.size}`);
      reply.header('content-length', String(only.end - only.start + 1));
      return reply.status(206).send(storage.read(file.key, only));
    }
  }
  reply.header('content-length', String(file.size));
  return reply.send(storage.read(file.key));
}
