import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
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
  }
}

export const webApp = fp(webAppPlugin, { name: 'web-app', dependencies: ['services'] });
