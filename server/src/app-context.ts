import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { type AppDatabase, createDatabase } from './db/database.ts';
import { LocalStorage } from './storage/local-storage.ts';

/** What the running application holds: configuration and its connections to the outside. */
export interface AppContext {
  config: Config;
  database: AppDatabase;
  storage: LocalStorage;
  redis: Redis | null;
  /** The time now (tests move it, e.g. past a reset link's hour). */
  clock: () => Date;
}

export function createContext(config: Config, overrides: Partial<AppContext> = {}): AppContext {
  return {
    config,
    database: overrides.database ?? createDatabase(config.database),
    storage: overrides.storage ?? new LocalStorage(config.uploadDir),
    redis:
      overrides.redis !== undefined
        ? overrides.redis
        : config.redisUrl
          ? connectRedis(config.redisUrl)
          : null,
    clock: overrides.clock ?? (() => new Date()),
  };
}

function connectRedis(url: string): Redis {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  // Connection errors are expected while Redis is down (ioredis keeps retrying); the rate-limit
  // plugin logs the outage. Without a listener ioredis prints each one to stderr.
  redis.on('error', () => {});
  return redis;
}

export async function closeContext(ctx: AppContext, owned = { database: true, redis: true }): Promise<void> {
  if (owned.database) await ctx.database.close();
  if (owned.redis && ctx.redis) ctx.redis.disconnect();
}
