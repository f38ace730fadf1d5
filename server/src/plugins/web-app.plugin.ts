import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { pageDataUrls, SESSION_URL } from '../../../web/src/app/page-preloads.ts';
import { type AppPage, matchAppPath } from '../../../web/src/app/route-paths.ts';

/** The session cookie's value in a Cookie header (cookies are parsed only under /api). */
const SESSION_COOKIE_VALUE = /(?:^|;\s*)bt_session=([^;]+)/;

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
    // `/` is a page like any other (sendWebAppIndex, with its preloads); /index.html stays a file.
    index: false,
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
  // The page every client-side route answers with, kept in memory with its compressed twins, each
  // page's variant naming what that page loads first (see pagePreloadTags).
  let build = readBuild(dist);
  const variants = new Map<string, CompressedPage>();
  /**
   * The build in memory, read again when index.html changed: `npm run build` while the server runs
   * replaces the hashed assets, and the old page would name scripts that are gone (a blank app).
   * Two stats per page load; a build caught half-written is read again once its files change.
   */
  function currentBuild(): Build {
    let version: string;
    try {
      version = buildVersion(dist);
    } catch {
      return build; // Between a build's clean-up and its new index.html: the last page read.
    }
    if (version !== build.version) {
      try {
        build = readBuild(dist);
        variants.clear();
        app.log.info({ dist }, 'the web app was rebuilt: serving the new build');
      } catch (error) {
        app.log.warn({ err: error, dist }, 'the web app build could not be read; serving the last one');
      }
    }
    return build;
  }
  /**
   * Whether the request carries a live session: only then may the page preload the reader's data.
   * A dead cookie (signed out elsewhere, a password change) would make each data preload answer
   * 401 before the app's session probe has told the reader why.
   */
  async function liveSession(request: FastifyRequest): Promise<boolean> {
    const raw = SESSION_COOKIE_VALUE.exec(String(request.headers.cookie ?? ''))?.[1];
    if (!raw) return false;
    let token: string;
    try {
      token = decodeURIComponent(raw);
    } catch {
      return false;
    }
    return (await app.services.auth.authenticate(token, request.ip)) !== null;
  }

  app.decorate('sendWebAppIndex', async (request: FastifyRequest, reply: FastifyReply, status: number) => {
    const url = new URL(request.url, 'http://localhost');
    const matched = status === 200 ? matchAppPath(url.pathname) : null;
    const signedIn = matched !== null && (await liveSession(request));
    const { template, preloads } = currentBuild();
    const tags = matched ? pagePreloadTags(preloads, matched.page, matched.params, url.search, signedIn) : '';
    let page = variants.get(tags);
    if (!page) {
      // One variant per page (and per book for a signed-in reader): bounded, but never unbounded.
      if (variants.size >= 500) variants.clear();
      page = compressPage(injectPreloads(template, tags));
      variants.set(tags, page);
    }
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
    // The page differs by sign-in (it names the reader's first API answers, never their content);
    // no shared cache may keep it.
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('vary', 'accept-encoding, cookie');
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.raw);
  });
  // The home page (the static plugin would answer the folder with 403: it lists no directories).
  app.get('/', { schema: { hide: true } }, (request, reply) => app.sendWebAppIndex?.(request, reply, 200));
}

interface Build {
  template: string;
  preloads: PreloadManifest;
  /** The files' modification times when they were read (buildVersion). */
  version: string;
}

/** index.html's and page-preloads.json's modification times; throws when index.html is missing. */
function buildVersion(dist: string): string {
  const index = statSync(path.join(dist, 'index.html')).mtimeMs;
  const preloads = statSync(path.join(dist, 'page-preloads.json'), { throwIfNoEntry: false })?.mtimeMs;
  return `${index}:${preloads ?? '-'}`;
}

function readBuild(dist: string): Build {
  const version = buildVersion(dist);
  return {
    template: readFileSync(path.join(dist, 'index.html'), 'utf8'),
    preloads: readPreloadManifest(path.join(dist, 'page-preloads.json')),
    version,
  };
}

interface CompressedPage {
  raw: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function compressPage(html: string): CompressedPage {
  const raw = Buffer.from(html);
  return {
    raw,
    br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
    gzip: gzipSync(raw, { level: 9 }),
  };
}

interface PreloadManifest {
  /** Each page's lazy chunk and the chunks it imports, as /assets/… paths. */
  modules: Partial<Record<AppPage, string[]>>;
  /** False when the build talks to an API on another origin (VITE_API_BASE_URL): no data preloads. */
  sameOriginApi: boolean;
}

function readPreloadManifest(file: string): PreloadManifest {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PreloadManifest;
  } catch {
    // An older build without the file: pages load as before, just without the hints.
    return { modules: {}, sameOriginApi: false };
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The hints that let a slow phone fetch a page's code and first API answers alongside the app's
 * script instead of one after another: the page's chunks as modulepreloads, the session probe and
 * (for a signed-in reader) the page's first API GETs as fetch preloads the app's own requests
 * then pick up. Without a session cookie the page's data would answer 401, so only the probe.
 */
export function pagePreloadTags(
  manifest: PreloadManifest,
  page: AppPage,
  params: Record<string, string>,
  search: string,
  signedIn: boolean,
): string {
  const tags: string[] = [];
  if (manifest.sameOriginApi) {
    const urls = [SESSION_URL, ...(signedIn ? pageDataUrls(page, params, search) : [])];
    for (const url of urls) {
      tags.push(
        `<link rel="preload" as="fetch" crossorigin="use-credentials" href="${escapeAttribute(url)}">`,
      );
    }
  }
  for (const file of manifest.modules[page] ?? []) {
    tags.push(`<link rel="modulepreload" crossorigin href="${escapeAttribute(file)}">`);
  }
  return tags.join('');
}

/** Right after the app's own script tag, so the browser's preload scanner sees them at once. */
function injectPreloads(html: string, tags: string): string {
  if (!tags) return html;
  const script = /<script type="module"[^>]*><\/script>/.exec(html);
  if (!script) return html.replace('</head>', `${tags}</head>`);
  const at = script.index + script[0].length;
  return `${html.slice(0, at)}${tags}${html.slice(at)}`;
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
    sendWebAppIndex?: (request: FastifyRequest, reply: FastifyReply, status: number) => Promise<FastifyReply>;
  }
}

export const webApp = fp(webAppPlugin, { name: 'web-app', dependencies: ['services'] });
