import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import { type BackupResult, createBackup } from './backup.service.ts';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BackupScheduler {
  /** Stops the schedule and waits for a backup that is running to finish. */
  stop(): Promise<void>;
}

// Node fires a timer longer than 2^31-1 ms at once, so long intervals wait in chunks.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs `createBackup` every `intervalMs` (BACKUP_INTERVAL_HOURS by default), the first one an
 * interval after start. The next wait starts when a backup ends, so two never overlap. Timers are
 * unref'd: the schedule never keeps the process alive.
 */
export function startBackupScheduler(
  config: Config,
  database: AppDatabase,
  log: SchedulerLog,
  options: { intervalMs?: number; onBackup?: (result: BackupResult | Error) => void } = {},
): BackupScheduler {
  const intervalMs = options.intervalMs ?? (config.backupIntervalHours ?? 0) * 3600_000;
  if (!(intervalMs > 0)) throw new Error('The backup interval must be positive.');
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const wait = (remaining: number) => {
    if (stopped) return;
    const chunk = Math.min(remaining, MAX_TIMER_MS);
    timer = setTimeout(() => {
      timer = null;
      if (remaining > chunk) wait(remaining - chunk);
      else
        running = run().finally(() => {
          running = null;
          wait(intervalMs);
        });
    }, chunk);
    timer.unref();
  };

  const run = async () => {
    try {
      const result = await createBackup(config, database);
      log.info({ path: result.path, pruned: result.pruned }, 'scheduled backup written');
      options.onBackup?.(result);
    } catch (err) {
      log.error({ err }, 'scheduled backup failed');
      options.onBackup?.(err instanceof Error ? err : new Error(String(err)));
    }
  };

  wait(intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
