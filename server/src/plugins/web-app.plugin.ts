import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Serves the built web app (one process, one port) with a fallback to index.html for its routes. */
async function webAppPlugin(app: FastifyInstance) {
  const dist = app.ctx.config.webDistDir;
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ dist }, 'the web app is not built: run `npm run build` (npm start does it for you)');
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    maxAge: '1h',
    setHeaders(res, filePath) {
      // Hashed asset names never change; the page itself must always be fresh.
      if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      else if (filePath.endsWith('.html')) res.header('cache-control', 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (/^\/(api|media|docs|metrics|healthz|readyz)(\/|$)/.test(url) || path.extname(url) !== '') {
      return reply.callNotFound();
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

export const webApp = fp(webAppPlugin, { name: 'web-app', dependencies: ['services'] });
