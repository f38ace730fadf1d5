import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from './app-context.ts';
import { ActivityWriter, FeedRepository, FeedService } from './features/activities/index.ts';
import {
  AuthService,
  DeviceTokens,
  EmailVerificationService,
  IdentitiesRepository,
  OidcService,
  PasswordResetRepository,
  PasswordResetService,
  SessionRepository,
  SessionsService,
  SignInThrottle,
  TokenService,
} from './features/auth/index.ts';
import { createBooksService } from './features/books/index.ts';
import { ExportsRepository, ExportsService } from './features/exports/index.ts';
import { GoalsRepository, GoalsService } from './features/goals/index.ts';
import {
  ImportFileChecker,
  ImportRunner,
  ImportsRepository,
  ImportsService,
  ParsedFiles,
} from './features/imports/index.ts';
import {
  JournalsRepository,
  JournalsService,
  MyWordsService,
  NotesRepository,
  NotesService,
  socialAudience,
} from './features/journals/index.ts';
import { LibraryRepository, LibraryService } from './features/library/index.ts';
import { Mailer } from './features/mail/index.ts';
import { ReviewsRepository, ReviewsService } from './features/reviews/index.ts';
import { SocialRepository, SocialService } from './features/social/index.ts';
import { StatsRepository, StatsService } from './features/stats/index.ts';
import { ProfileRepository, UsersRepository, UsersService } from './features/users/index.ts';
import { ImportWorkerHost } from './import-worker-host.ts';

const silentLog = { error() {}, warn() {}, info() {} };

/**
 * Every service, built once per app in dependency order: each gets what it needs in its
 * constructor, and nothing is patched in afterwards. A feature that needs a later one inverts
 * the dependency (the later one hands its answers in, e.g. the library's counts to users).
 */
export function createServices(
  ctx: AppContext,
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'> = silentLog,
  options: ServicesOptions = {},
) {
  const db = ctx.database.db;
  const usersRepo = new UsersRepository(db);
  const sessions = new SessionRepository(db);
  const tokens = new TokenService(ctx.config.secretKey, ctx.config.accessTokenExpireMinutes);
  const auth = new AuthService({
    users: usersRepo,
    sessions,
    tokens,
    throttle: new SignInThrottle({
      enabled: ctx.config.rateLimitEnabled,
      redis: ctx.redis,
      clock: ctx.clock,
      warn: (msg, err) => log.warn({ err }, msg),
    }),
    devices: new DeviceTokens(ctx.config.secretKey),
    clock: ctx.clock,
  });
  const mailer = new Mailer({ smtpUrl: ctx.config.smtpUrl, from: ctx.config.mailFrom }, log);
  const resetTokens = new PasswordResetRepository(db);
  const passwordResets = new PasswordResetService({
    users: usersRepo,
    tokens: resetTokens,
    sessions,
    signIn: auth,
    mailer,
    publicUrl: ctx.config.publicUrl,
    clock: ctx.clock,
    log,
  });
  const emailVerification = new EmailVerificationService({
    users: usersRepo,
    mailer,
    publicUrl: ctx.config.publicUrl,
    secretKey: ctx.config.secretKey,
    clock: ctx.clock,
  });
  const oidc = new OidcService({
    config: ctx.config.google,
    publicUrl: ctx.config.publicUrl,
    users: usersRepo,
    identities: new IdentitiesRepository(db),
    auth,
    secretKey: ctx.config.secretKey,
    clock: ctx.clock,
  });
  const sessionList = new SessionsService(sessions, resetTokens, ctx.clock);
  const social = new SocialService(new SocialRepository(db), usersRepo);
  const activities = new ActivityWriter();
  const reviews = new ReviewsService(new ReviewsRepository(db));
  const feed = new FeedService(new FeedRepository(db, ctx.database.dialect));
  const books = createBooksService(ctx.database, ctx.config, ctx.storage, log);
  const audience = socialAudience(social);
  const journalsRepo = new JournalsRepository(db);
  const notesRepo = new NotesRepository(db);
  const journals = new JournalsService(journalsRepo, usersRepo, audience, activities);
  const notes = new NotesService(notesRepo, journalsRepo, usersRepo, audience, ctx.storage, {
    quotaBytes: ctx.config.userStorageQuotaBytes,
  });
  const myWords = new MyWordsService(journalsRepo, notesRepo);
  const library = new LibraryService(new LibraryRepository(db), usersRepo, social, activities, books, notes);
  const stats = new StatsService(new StatsRepository(db, ctx.database.dialect));
  const goals = new GoalsService(new GoalsRepository(db), stats, activities);
  const users = new UsersService(
    usersRepo,
    sessions,
    ctx.storage,
    { profiles: new ProfileRepository(db), goals },
    [{ fileKeys: (userId) => notes.fileKeysOfUser(userId) }],
  );
  // Imported books follow the catalog's ownership rule: a reader's own until a provider confirms them.
  const importsRepo = new ImportsRepository(db, ctx.database.dialect, (tx, ownerId, list) =>
    books.resolveOwnedBooks(tx, ownerId, list),
  );
  const where = options.imports ?? importsWhere(ctx.config);
  // A finished import's new books wait for the enrichment job: it looks at once (in this process).
  const importFinished = options.onImportFinished ?? (() => books.enrichment.kick());
  const host =
    where === 'worker'
      ? new ImportWorkerHost(ctx.config, log, {
          hasWork: (staleBefore) => importsRepo.hasClaimable(staleBefore),
          onFinished: importFinished,
        })
      : null;
  // An upload is checked where the runner lives, which keeps the parsed file for it.
  const parsedFiles = new ParsedFiles();
  const importFiles = new ImportFileChecker(parsedFiles);
  const importRunner: {
    start(server?: Parameters<ImportRunner['start']>[0]): void | Promise<void>;
    kick(): void;
    stop(): Promise<void>;
    /** A reader may import soon (the import page asked for their imports): the host starts its thread. */
    warm?(): void;
  } =
    host ??
    new ImportRunner(importsRepo, ctx.storage, log, {
      staleAfterMs: ctx.config.importStaleSeconds * 1000,
      activities,
      parsed: parsedFiles,
      attachments: notes,
      sharedConnection: where === 'shared' && ctx.database.dialect === 'sqlite',
      // PostgreSQL: fewer, larger batches (a round trip and a commit per table per batch); on
      // SQLite a batch holds the one write lock, which the server's own writes wait for.
      idleBatch: ctx.database.dialect === 'postgres' ? 2000 : 500,
      social,
      onFinished: importFinished,
    });
  const imports = new ImportsService(importsRepo, ctx.storage, host ?? importFiles, () =>
    importRunner.kick(),
  );
  const exports = new ExportsService(new ExportsRepository(db), goals, ctx.storage);
  return {
    tokens,
    auth,
    mailer,
    passwordResets,
    sessions: sessionList,
    emailVerification,
    oidc,
    users,
    social,
    activities,
    feed,
    reviews,
    books,
    library,
    stats,
    goals,
    imports,
    importRunner,
    importFiles,
    exports,
    journals,
    notes,
    myWords,
  };
}

export interface ServicesOptions {
  /**
   * Where import jobs run: `worker` (the default) in a worker thread with its own database
   * connection (import-worker-host.ts); `dedicated` in this thread, whose connection serves
   * imports only (what the worker thread builds); `shared` in this thread on the connection
   * requests use (an in-memory SQLite database, which no other connection can open).
   */
  imports?: 'worker' | 'dedicated' | 'shared';
  /** Called when an import job ends; by default wakes this process's enrichment job. */
  onImportFinished?: () => void;
}

function importsWhere(config: AppContext['config']): 'worker' | 'shared' {
  return config.database.dialect === 'sqlite' && config.database.path === ':memory:' ? 'shared' : 'worker';
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
    app.decorate('services', createServices(opts.ctx, app.log));
    app.addHook('onClose', async () => app.services.mailer.close());
  },
  { name: 'services' },
);
