import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const SERVER_PATHS = /^\/(api|media|docs|metrics|healthz|readyz|openapi\.json)(\/|$)/;

/** Serves the built web app (one process, one port), answering its client-side routes with index.html. */
async function webAppPlugin(app: FastifyInstance) {
  const dist = app.ctx.config.webDistDir;
  if (!existsSync(path.join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'the web app is not built: run `npm run build` (npm start does it for you)');
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: ['index.html'],
    // The build writes .br and .gz beside each file (web/vite.config.ts); a phone on a slow
    // network gets a quarter of the bytes.
    preCompressed: true,
    setHeaders(res, filePath) {
      // Hashed asset names never change; the page itself must always be fresh.
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.header('cache-control', 'no-cache');
      }
    },
  });
  app.decorate('webAppFallback', true);
  // The page every client-side route answers with, kept in memory with its compressed twins (the
  // static plugin's own fallback path walks its encodings once per listener and warns about it).
  const index = {
    raw: readFileSync(path.join(dist, 'index.html')),
    br: readIfExists(path.join(dist, 'index.html.br')),
    gzip: readIfExists(path.join(dist, 'index.html.gz')),
  };
  app.decorate('sendWebAppIndex', (request: FastifyRequest, reply: FastifyReply, status: number) => {
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoding =
      index.br && /\bbr\b/.test(accepted) ? 'br' : index.gzip && /\bgzip\b/.test(accepted) ? 'gzip' : null;
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('vary', 'accept-encoding');
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding === 'br' ? index.br : encoding === 'gzip' ? index.gzip : index.raw);
  });
}

function readIfExists(file: string): Buffer | null {
  return existsSync(file) ? readFileSync(file) : null;
}

/** True when a request that found no route should get the web app's index.html. */
export function wantsWebApp(method: string, url: string): boolean {
  const pathname = url.split('?')[0] ?? '/';
  return (
    (method === 'GET' || method === 'HEAD') && !SERVER_PATHS.test(pathname) && path.extname(pathname) === ''
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    webAppFallback?: boolean;
    sendWebAppIndex?: (request: FastifyRequest, reply: FastifyReply, status: number) => FastifyReply;
  }
}

export const webApp = fp(webAppPlugin, { name: 'web-app', dependencies: ['services'] });
