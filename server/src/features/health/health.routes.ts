import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pendingMigrations } from '../../db/migrator.ts';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.String(),
  database: Type.String(),
  pendingMigrations: Type.Optional(Type.Array(Type.String())),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get(
    '/healthz',
    {
      schema: { tags: ['operations'], summary: 'Answers while the process lives', response: { 200: Health } },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Ready when the database is reachable and migrated',
        response: { 200: Ready, 503: Ready },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      try {
        await database.ping();
        const pending = await pendingMigrations(database);
        if (pending.length > 0) {
          return reply
            .status(503)
            .send({ status: 'unavailable', database: 'not migrated', pendingMigrations: pending });
        }
        return { status: 'ok', database: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
      }
    },
  );
};
