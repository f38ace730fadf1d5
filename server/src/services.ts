import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from './app-context.ts';
import { ActivityWriter } from './features/activities/index.ts';
import { AuthService } from './features/auth/auth.service.ts';
import { SessionRepository } from './features/auth/session.repository.ts';
import { TokenService } from './features/auth/token.service.ts';
import { createBooksService } from './features/books/books.service.ts';
import { GoalsRepository, GoalsService } from './features/goals/index.ts';
import { LibraryRepository } from './features/library/library.repository.ts';
import { LibraryService } from './features/library/library.service.ts';
import { SocialRepository } from './features/social/social.repository.ts';
import { SocialService } from './features/social/social.service.ts';
import { StatsRepository, StatsService } from './features/stats/index.ts';
import { UsersRepository } from './features/users/users.repository.ts';
import { UsersService } from './features/users/users.service.ts';

/** Every service, built once per app from its context. */
export function createServices(ctx: AppContext) {
  const db = ctx.database.db;
  const usersRepo = new UsersRepository(db);
  const sessions = new SessionRepository(db);
  const tokens = new TokenService(ctx.config.secretKey, ctx.config.accessTokenExpireMinutes);
  const users = new UsersService(usersRepo, sessions, ctx.storage);
  const auth = new AuthService(usersRepo, sessions, tokens);
  const social = new SocialService(new SocialRepository(db), usersRepo);
  const activities = new ActivityWriter();
  const books = createBooksService(ctx.database, ctx.config);
  const library = new LibraryService(new LibraryRepository(db), usersRepo, social, books);
  books.setEntryLookup((userId, bookId) => library.findEntryForBook(userId, bookId));
  users.addHooks({ counts: (userId) => library.countBooks(userId) });
  const stats = new StatsService(new StatsRepository(db, ctx.database.dialect));
  const goals = new GoalsService(new GoalsRepository(db), stats);
  return { tokens, auth, users, social, activities, books, library, stats, goals };
}

export type Services = ReturnType<typeof createServices>;

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    services: Services;
  }
}

export const servicesPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    app.decorate('ctx', opts.ctx);
    app.decorate('services', createServices(opts.ctx));
  },
  { name: 'services' },
);
