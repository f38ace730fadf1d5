import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDatabase } from './db/database.ts';
import { type BackupScheduler, startBackupScheduler } from './ops/backup-scheduler.ts';
import { checkUploads } from './ops/check.ts';
import { migrateDatabase } from './ops/migrate.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const database = createDatabase(config.database);
  if (config.migrateOnStart) {
    // Same path as `book-tracker db migrate`: on SQLite an existing database is backed up first.
    const { applied, backup } = await migrateDatabase(config, database);
    if (backup) console.log(`Backed up the database before migrating: ${backup}`);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  }

  const app = await buildApp(config, { context: { database } });
  try {
    // Files left by a crash between writing an attachment and recording (or deleting) its row.
    const uploads = await checkUploads(config, database, { fix: true });
    if (uploads.removed.length > 0)
      app.log.info(`Removed ${uploads.removed.length} orphan attachment file(s)`);
    for (const problem of uploads.problems) app.log.warn(problem);
  } catch (err) {
    app.log.warn({ err }, 'could not check the attachment files');
  }
  let backups: BackupScheduler | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      await backups?.stop();
      await database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (config.backupIntervalHours) {
    backups = startBackupScheduler(config, database, app.log);
    app.log.info(`Backups every ${config.backupIntervalHours} h into ${config.backupDir}`);
  }
  app.log.info(`Book Tracker is ready at ${config.publicUrl} (database: ${config.database.dialect})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
