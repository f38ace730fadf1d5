import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { type AppContext, closeContext, createContext } from './app-context.ts';
import type { Config } from './config.ts';
import { feedRoutes } from './features/activities/index.ts';
import { authRoutes } from './features/auth/index.ts';
import { booksRoutes, coverMediaRoutes } from './features/books/index.ts';
import { exportsRoutes } from './features/exports/index.ts';
import { goalsRoutes } from './features/goals/index.ts';
import { healthRoutes } from './features/health/index.ts';
import { importsRoutes } from './features/imports/index.ts';
import { journalsRoutes } from './features/journals/index.ts';
import { libraryRoutes } from './features/library/index.ts';
import { reviewsRoutes } from './features/reviews/index.ts';
import { socialRoutes } from './features/social/index.ts';
import { statsRoutes } from './features/stats/index.ts';
import { mediaRoutes, usersRoutes } from './features/users/index.ts';
import { AJV_OPTIONS, buildRequestValidator } from './lib/request-validation.ts';
import { authentication } from './plugins/auth.plugin.ts';
import {
  acceptableRequestId,
  answerFrameworkError,
  errorHandler,
  writeClientError,
} from './plugins/error-handler.plugin.ts';
import { inputRules } from './plugins/input-rules.plugin.ts';
import { metrics } from './plugins/metrics.plugin.ts';
import { openapi } from './plugins/openapi.plugin.ts';
import { rateLimits } from './plugins/rate-limit.plugin.ts';
import { buildSecurityHeaders, security } from './plugins/security.plugin.ts';
import { uploads } from './plugins/uploads.plugin.ts';
import { webApp } from './plugins/web-app.plugin.ts';
import { servicesPlugin } from './services.ts';

export interface BuildAppOptions {
  /** Use these connections instead of opening new ones (tests share one database). */
  context?: Partial<AppContext>;
  /** Serve the built web app (off in API tests). */
  serveWebApp?: boolean;
  /** Where logs go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const ctx = createContext(config, options.context);
  const headers = buildSecurityHeaders(config);
  const app = Fastify({
    // Request logs carry method, URL, host and remote address, never headers, so tokens and
    // cookies stay out of them (Fastify's serializers; a test checks). pino's `redact` would
    // also work but costs ~35,000 instructions per request for every child logger, even unused.
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(config.nodeEnv === 'development' && process.stdout.isTTY
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
            },
          }
        : {}),
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A client's X-Request-Id is kept only when short and plain; it ends up in logs and headers.
    requestIdHeader: false,
    genReqId: (request) => acceptableRequestId(request.headers['x-request-id']) ?? randomUUID(),
    return503OnClosing: true,
    // A slow client may hold a socket (and an upload's temp file) only so long. Node checks the
    // deadlines every `connectionsCheckingInterval`, by default only every 30 s.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(5000, Math.ceil(config.headersTimeoutMs / 2)),
    },
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator() as never } },
    // Errors raised before a request reaches Fastify's hooks answer in the API's error shape too.
    frameworkErrors: (error, request, reply) => answerFrameworkError(error, request, reply, headers.api),
    clientErrorHandler: (error, socket) => writeClientError(error, socket, headers.api),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // While shutting down, a connection that finishes its in-flight response is closed at once;
  // otherwise the server would wait out the keep-alive timeout (72 s) before it could stop.
  app.addHook('preClose', async () => {
    app.server.keepAliveTimeout = 1;
  });
  app.addHook('onClose', async () => {
    // Close only the connections this app opened; a passed-in database belongs to the caller.
    await closeContext(ctx, {
      database: !options.context?.database,
      redis: options.context?.redis === undefined,
    });
  });

  await app.register(errorHandler);
  await app.register(servicesPlugin, { ctx });
  await app.register(security);
  await app.register(inputRules);
  await app.register(metrics);
  await app.register(openapi);
  await app.register(rateLimits);
  await app.register(authentication);
  await app.register(uploads);

  // Imports run in this process (a thread started when needed); a job left by a stopped process is
  // resumed by whichever runs next.
  app.addHook('onReady', async () => {
    await app.services.importRunner.start(app.server);
  });
  // Covers are fetched in the background: at start (what a restart left pending), on a timer, after adds.
  app.addHook('onReady', async () => app.services.books.covers.start());
  app.addHook('preClose', async () => app.services.books.covers.stop());
  // Readers' own books are completed from the providers in the background (throttled, resumable).
  app.addHook('onReady', async () => app.services.books.enrichment.start());
  app.addHook('preClose', async () => app.services.books.enrichment.stop());
  app.addHook('preClose', async () => app.services.importRunner.stop());

  await app.register(healthRoutes);
  await app.register(mediaRoutes);
  await app.register(coverMediaRoutes);
  await app.register(
    async (api) => {
      // Cookies (the web app's session) matter only to the API, so other routes skip their hooks.
      await api.register(cookie);
      await api.register(authRoutes);
      await api.register(usersRoutes);
      await api.register(socialRoutes);
      await api.register(feedRoutes);
      await api.register(reviewsRoutes);
      await api.register(booksRoutes);
      await api.register(libraryRoutes);
      await api.register(statsRoutes);
      await api.register(goalsRoutes);
      await api.register(importsRoutes);
      await api.register(exportsRoutes);
      await api.register(journalsRoutes);
    },
    { prefix: '/api' },
  );

  if (options.serveWebApp ?? true) await app.register(webApp);
  return app;
}
