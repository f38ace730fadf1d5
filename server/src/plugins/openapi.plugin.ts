import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Book Tracker API',
        version: '0.1.0',
        description:
          'A self-hostable social reading tracker. Errors answer `{"error": {"code", "message", "details"?}}`; lists answer `{"items", "nextCursor"}`.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // No CSP of its own: /docs gets the pages' policy (security.plugin.ts), which allows Swagger's inline
  // styles and upgrades requests to https only in production — swagger-ui's own policy upgraded every
  // request, so /docs was blank over plain http at a network address.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
}

export const openapi = fp(openapiPlugin, { name: 'openapi' });
