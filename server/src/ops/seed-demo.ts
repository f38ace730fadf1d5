import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createContext } from '../app-context.ts';
import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import type { DbExecutor } from '../db/executor.ts';
import { pendingMigrations } from '../db/migrator.ts';
import type { Privacy } from '../db/tables/users.table.ts';
import { AppError, ConflictError } from '../errors.ts';
import { createServices, type Services } from '../services.ts';
import { OpsError } from './ops-error.ts';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoReader {
  username: string;
  email: string;
  displayName: string;
  bio: string;
  privacy: Privacy;
  /** Avatar colours: background and figure. */
  colors: [string, string];
}

export const DEMO_READERS: DemoReader[] = [
  {
    username: 'demo_ada',
    email: 'demo_ada@example.com',
    displayName: 'Ada Reyes',
    bio: 'Reads the classics on the train. Currently slow-reading Middlemarch.',
    privacy: 'public',
    colors: ['#2f6f62', '#f4d35e'],
  },
  {
    username: 'demo_bram',
    email: 'demo_bram@example.com',
    displayName: 'Bram Okafor',
    bio: 'Sea stories, monsters and long Russian novels.',
    privacy: 'public',
    colors: ['#274060', '#ee964b'],
  },
  {
    username: 'demo_chen',
    email: 'demo_chen@example.com',
    displayName: 'Chen Liu',
    bio: 'Book club organiser. My shelves are for followers only.',
    privacy: 'followers',
    colors: ['#6b2d5c', '#f0f3bd'],
  },
];

export interface DemoBook {
  title: string;
  authors: string[];
  isbn13: string;
  pageCount: number;
  publishedDate: string;
  publisher: string;
}

export const DEMO_BOOKS: DemoBook[] = [
  {
    title: 'Pride and Prejudice',
    authors: ['Jane Austen'],
    isbn13: '9780141439518',
    pageCount: 480,
    publishedDate: '2003',
    publisher: 'Penguin Classics',
  },
  {
    title: 'Moby-Dick',
    authors: ['Herman Melville'],
    isbn13: '9780142437247',
    pageCount: 720,
    publishedDate: '2003',
    publisher: 'Penguin Classics',
  },
  {
    title: 'Frankenstein',
    authors: ['Mary Shelley'],
    isbn13: '9780141439471',
    pageCount: 273,
    publishedDate: '2003',
    publisher: 'Penguin Classics',
  },
  {
    title: 'The Odyssey',
    authors: ['Homer', 'Robert Fagles'],
    isbn13: '9780140268867',
    pageCount: 541,
    publishedDate: '1997',
    publisher: 'Penguin Classics',
  },
  {
    title: 'Middlemarch',
    authors: ['George Eliot'],
    isbn13: '9780141439549',
    pageCount: 880,
    publishedDate: '2003',
    publisher: 'Penguin Classics',
  },
  {
    title: 'Crime and Punishment',
    authors: ['Fyodor Dostoevsky'],
    isbn13: '9780140449136',
    pageCount: 671,
    publishedDate: '2003',
    publisher: 'Penguin Classics',
  },
];

/** What the steps share: the services, and the ids of what earlier steps made or found. */
export interface SeedContext {
  services: Services;
  /** For writers that take the caller's transaction (the activity writer); steps use services otherwise. */
  db: DbExecutor;
  readers: Map<string, number>;
  books: Map<string, number>;
}

/**
 * One part of the demo data. A step creates only what is missing, so running the seed twice
 * changes nothing; later features append their steps (follows, journals, notes) to the list.
 */
export interface SeedStep {
  name: string;
  /** Returns how many things it created. */
  run(ctx: SeedContext): Promise<number>;
}

const readersStep: SeedStep = {
  name: 'readers',
  async run(ctx) {
    let created = 0;
    for (const reader of DEMO_READERS) {
      try {
        const { user } = await ctx.services.auth.register(
          {
            email: reader.email,
            username: reader.username,
            password: DEMO_PASSWORD,
            displayName: reader.displayName,
          },
          { userAgent: 'book-tracker seed', ip: null },
        );
        await ctx.services.users.updateMe(user.id, { bio: reader.bio, privacy: reader.privacy });
        ctx.readers.set(reader.username, user.id);
        created += 1;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        ctx.readers.set(reader.username, (await ctx.services.users.getProfile(reader.username, null)).id);
      }
    }
    return created;
  },
};

const avatarsStep: SeedStep = {
  name: 'avatars',
  async run(ctx) {
    let created = 0;
    const dir = await mkdtemp(path.join(tmpdir(), 'bt-seed-'));
    try {
      for (const reader of DEMO_READERS) {
        const id = ctx.readers.get(reader.username);
        if (id === undefined || (await ctx.services.users.getMe(id)).avatarUrl !== null) continue;
        const file = path.join(dir, `${reader.username}.png`);
        await writeFile(file, await avatarImage(reader.colors));
        await ctx.services.users.setAvatar(id, file);
        created += 1;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return created;
  },
};

const booksStep: SeedStep = {
  name: 'books',
  // The demo's books are catalog records the operator vouches for (readers' own books are private).
  async run(ctx) {
    let created = 0;
    for (const book of DEMO_BOOKS) {
      try {
        const stored = await ctx.services.books.createCatalogBook(book);
        if (stored.id !== null) ctx.books.set(book.isbn13, stored.id);
        created += 1;
      } catch (err) {
        const existingId =
          err instanceof ConflictError ? (err.details as { bookId?: unknown } | undefined)?.bookId : null;
        if (typeof existingId !== 'number') throw err;
        ctx.books.set(book.isbn13, existingId);
      }
    }
    return created;
  },
};

/** Who has which demo book on their shelves. */
const SHELVES: Record<
  string,
  {
    isbn13: string;
    status: 'want_to_read' | 'currently_reading' | 'read';
    rating?: number;
    review?: string;
    progressPages?: number;
  }[]
> = {
  demo_ada: [
    { isbn13: '9780141439518', status: 'read', rating: 5, review: 'Funnier every time.' },
    { isbn13: '9780141439549', status: 'currently_reading', progressPages: 312 },
    { isbn13: '9780140268867', status: 'want_to_read' },
  ],
  demo_bram: [
    {
      isbn13: '9780142437247',
      status: 'read',
      rating: 4.5,
      review: 'The chapter on whiteness alone is worth it.',
    },
    { isbn13: '9780141439471', status: 'read', rating: 4 },
    { isbn13: '9780140449136', status: 'currently_reading', progressPages: 120 },
  ],
  demo_chen: [
    { isbn13: '9780141439471', status: 'read', rating: 3.5 },
    { isbn13: '9780141439518', status: 'want_to_read' },
  ],
};

const libraryStep: SeedStep = {
  name: 'library entries',
  async run(ctx) {
    let created = 0;
    for (const [username, shelf] of Object.entries(SHELVES)) {
      const userId = ctx.readers.get(username);
      if (userId === undefined) continue;
      for (const item of shelf) {
        const bookId = ctx.books.get(item.isbn13);
        if (bookId === undefined) continue;
        const { isbn13: _isbn, ...fields } = item;
        try {
          await ctx.services.library.create(userId, {
            bookId,
            format: 'paperback',
            ownership: 'owned',
            ...fields,
          });
          created += 1;
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
        }
      }
    }
    return created;
  },
};

/** Journal entries per reader: [content, book ISBN or null, page or null, visibility]. */
const JOURNALS: Record<string, [string, string | null, number | null, 'public' | 'followers' | 'private'][]> =
  {
    demo_ada: [
      [
        'Started **Middlemarch** again. Dorothea’s *plans* for cottages are still the best opening.',
        '9780141439549',
        12,
        'public',
      ],
      [
        'Read on the train to the café; Lydgate is arriving and everyone is already gossiping.',
        '9780141439549',
        180,
        'private',
      ],
    ],
    demo_bram: [
      [
        'Ishmael has not even seen the sea yet and I am hooked. Notes on the *Spouter-Inn* below.',
        '9780142437247',
        20,
        'public',
      ],
    ],
  };

/** Notes and quotes per reader: book, page, quote, note, visibility, and whether a picture goes with it. */
const NOTES: Record<
  string,
  {
    isbn13: string;
    page: number;
    quote?: string;
    content: string;
    visibility: 'public' | 'private';
    picture?: boolean;
  }[]
> = {
  demo_ada: [
    {
      isbn13: '9780141439518',
      page: 1,
      quote:
        'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.',
      content: 'The irony is in the *universally*.',
      visibility: 'public',
    },
    {
      isbn13: '9780141439549',
      page: 312,
      content: 'A photo of the page where Dorothea and Will meet in Rome.',
      visibility: 'private',
      picture: true,
    },
  ],
  demo_bram: [
    { isbn13: '9780142437247', page: 1, quote: 'Call me Ishmael.', content: '', visibility: 'public' },
  ],
};

const journalsStep: SeedStep = {
  name: 'journals and notes',
  async run(ctx) {
    let created = 0;
    for (const [username, entries] of Object.entries(JOURNALS)) {
      const userId = ctx.readers.get(username);
      if (userId === undefined) continue;
      if ((await ctx.services.journals.list(userId, { limit: 1 })).items.length > 0) continue;
      for (const [content, isbn13, page, visibility] of entries) {
        const bookId = isbn13 ? (ctx.books.get(isbn13) ?? null) : null;
        await ctx.services.journals.create(userId, { content, bookId, page, visibility });
        created += 1;
      }
    }
    for (const [username, notes] of Object.entries(NOTES)) {
      const userId = ctx.readers.get(username);
      if (userId === undefined) continue;
      if ((await ctx.services.notes.list(userId, { limit: 1 })).items.length > 0) continue;
      for (const { isbn13, picture, ...fields } of notes) {
        const bookId = ctx.books.get(isbn13);
        if (bookId === undefined) continue;
        const note = await ctx.services.notes.create(userId, { bookId, ...fields });
        created += 1;
        if (!picture) continue;
        const dir = await mkdtemp(path.join(tmpdir(), 'bt-seed-'));
        try {
          const file = path.join(dir, 'page.png');
          const image = await pageImage();
          await writeFile(file, image);
          await ctx.services.notes.addAttachment(userId, note.id, {
            tempPath: file,
            size: image.length,
            fileName: 'middlemarch-p312.png',
          });
          created += 1;
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
    return created;
  },
};

/** Every demo reader follows every other, so each one's feed has something on a first look. */
const followsStep: SeedStep = {
  name: 'follows',
  async run(ctx) {
    let created = 0;
    for (const [follower, followerId] of ctx.readers) {
      for (const followee of ctx.readers.keys()) {
        if (followee === follower) continue;
        const before = await ctx.services.users.getProfile(followee, followerId);
        if (before.isFollowing) continue;
        await ctx.services.social.follow(followerId, followee);
        created += 1;
      }
    }
    return created;
  },
};

const DAY_MS = 24 * 3600 * 1000;

/**
 * Shelving in the library step records each activity as happening now; this spreads them over
 * the past months instead (started some weeks before finished), so the feed reads like a history.
 */
const historyStep: SeedStep = {
  name: 'activity history',
  async run(ctx) {
    let created = 0;
    let readerIndex = 0;
    for (const userId of ctx.readers.values()) {
      readerIndex += 1;
      // The newest shelf activity (journal entries written by the journals step stay dated today).
      const newest = (await ctx.services.feed.feed(userId, { limit: 20 })).items.find(
        (item) => item.type !== 'journal_entry',
      );
      // Already spread out by an earlier run.
      if (!newest || Date.now() - Date.parse(newest.createdAt) > DAY_MS) continue;
      const entries = (await ctx.services.library.list(userId, { limit: 100 })).items;
      for (const [i, entry] of entries.entries()) {
        const subject = { type: 'entry' as const, id: entry.id };
        const endedAt = Date.now() - (2 + readerIndex * 5 + i * 11) * DAY_MS;
        const base = { userId, subject, bookId: entry.book.id, visibility: entry.visibility };
        await ctx.db.transaction().execute(async (tx) => {
          await ctx.services.activities.removeSubject(tx, userId, subject);
          if (entry.status !== 'want_to_read') {
            await ctx.services.activities.record(tx, {
              ...base,
              type: 'started',
              at: new Date(endedAt - 21 * DAY_MS).toISOString(),
            });
          }
          const last = {
            want_to_read: 'shelved',
            currently_reading: null,
            read: 'finished',
            did_not_finish: 'did_not_finish',
          } as const;
          const type = last[entry.status];
          if (type)
            await ctx.services.activities.record(tx, { ...base, type, at: new Date(endedAt).toISOString() });
        });
        created += 1;
      }
    }
    return created;
  },
};

export const DEMO_SEED_STEPS: SeedStep[] = [
  readersStep,
  avatarsStep,
  booksStep,
  libraryStep,
  followsStep,
  historyStep,
  journalsStep,
];

/** A page-like picture (lines of "text" on paper), so the demo shows an attachment without shipping one. */
async function pageImage(): Promise<Buffer> {
  const lines = Array.from(
    { length: 14 },
    (_, i) =>
      `<rect x="40" y="${60 + i * 28}" width="${i % 4 === 3 ? 180 : 320}" height="10" rx="4" fill="#8a7f6b"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="480">
    <rect width="400" height="480" fill="#f6f0e1"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A simple head-and-shoulders figure, so the demo shows avatars without shipping image files. */
async function avatarImage([background, figure]: [string, string]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <rect width="256" height="256" fill="${background}"/>
    <circle cx="128" cy="100" r="52" fill="${figure}"/>
    <ellipse cx="128" cy="250" rx="92" ry="82" fill="${figure}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface SeedResult {
  /** How many things each step created. */
  created: Record<string, number>;
  alreadySeeded: boolean;
  readers: { username: string; email: string }[];
  password: string;
}

/** Fills a migrated database with demo readers and their books; refuses production unless forced. */
export async function seedDemo(
  config: Config,
  database: AppDatabase,
  options: { force?: boolean; steps?: SeedStep[] } = {},
): Promise<SeedResult> {
  if (config.isProduction && !options.force) {
    throw new OpsError(
      `Demo readers share the known password "${DEMO_PASSWORD}"; they are not seeded in production.`,
      'Pass --force if you really want them.',
    );
  }
  const pending = await pendingMigrations(database);
  if (pending.length > 0) {
    throw new OpsError(
      `The database has ${pending.length} pending migration(s).`,
      'Run `npm run db -- migrate` first.',
    );
  }
  const ctx: SeedContext = {
    services: createServices(createContext(config, { database, redis: null })),
    db: database.db,
    readers: new Map(),
    books: new Map(),
  };
  const created: Record<string, number> = {};
  for (const step of options.steps ?? DEMO_SEED_STEPS) {
    try {
      created[step.name] = await step.run(ctx);
    } catch (err) {
      if (err instanceof AppError) throw new OpsError(`Seeding ${step.name} failed: ${err.message}`);
      throw err;
    }
  }
  return {
    created,
    alreadySeeded: Object.values(created).every((n) => n === 0),
    readers: DEMO_READERS.map((r) => ({ username: r.username, email: r.email })),
    password: DEMO_PASSWORD,
  };
}
