import { Command } from 'commander';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { AppDatabase } from './db/database.ts';
import { appVersion } from './ops/app-version.ts';
import { OpsError } from './ops/ops-error.ts';

// Each command loads what it needs when it runs, so `--help` answers quickly.
const ops = {
  backup: () => import('./ops/backup.service.ts'),
  check: () => import('./ops/check.ts'),
  doctor: () => import('./ops/doctor.ts'),
  migrate: () => import('./ops/migrate.ts'),
  migrator: () => import('./db/migrator.ts'),
  restore: () => import('./ops/restore.ts'),
  seed: () => import('./ops/seed-demo.ts'),
};

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const warn = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const json = (value: unknown): void => out(JSON.stringify(value, null, 2));

function config(): Config {
  return loadConfig();
}

function describeDatabase(c: Config): string {
  if (c.database.dialect === 'sqlite') return `SQLite (${c.database.path})`;
  const u = new URL(c.database.url);
  if (u.password) u.password = '***';
  return `PostgreSQL (${u.toString()})`;
}

async function withDatabase<T>(fn: (c: Config, database: AppDatabase) => Promise<T>): Promise<T> {
  const c = config();
  const { createDatabase } = await import('./db/database.ts');
  const database = createDatabase(c.database);
  try {
    return await fn(c, database);
  } finally {
    await database.close();
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const program = new Command('book-tracker')
  .description('Book Tracker operations: migrations, checks, backups, demo data and a set-up check.')
  .version(appVersion())
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    '\nConfiguration comes from the environment and a .env file in the current folder (see .env.example).',
  );

const db = program.command('db').description('Database: migrations, checks, backups and restores');

db.command('migrate')
  .description('Apply pending migrations (on SQLite, an existing database is backed up first)')
  .option('--no-backup', 'skip the safety backup')
  .option('--json', 'print the result as JSON')
  .addHelpText('after', '\nExample:\n  npm run db -- migrate')
  .action(async (opts: { backup: boolean; json?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { migrateDatabase } = await ops.migrate();
      const { schemaVersion } = await ops.backup();
      const result = await migrateDatabase(c, database, { backup: opts.backup });
      const version = await schemaVersion(database);
      if (opts.json) return json({ ...result, schemaVersion: version });
      out(`Database: ${describeDatabase(c)}`);
      if (result.backup) out(`Backed up the database first: ${result.backup}`);
      if (result.applied.length === 0)
        out(`Nothing to apply: the schema is up to date (${version ?? 'empty'}).`);
      else {
        out(`Applied ${result.applied.length} migration(s):`);
        for (const name of result.applied) out(`  ✓ ${name}`);
        out(`The schema is now at ${version}.`);
      }
    });
  });

db.command('status')
  .description('List applied migrations (with their time) and pending ones')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { json?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { migrationStatus } = await ops.migrator();
      const status = await migrationStatus(database);
      const applied = status.filter((m) => m.appliedAt !== null);
      const pending = status.filter((m) => m.appliedAt === null).map((m) => m.name);
      if (opts.json) return json({ applied, pending });
      out(`Database: ${describeDatabase(c)}`);
      out(`Applied (${applied.length}):`);
      for (const m of applied) out(`  ${m.name.padEnd(32)} ${m.appliedAt}`);
      out(`Pending (${pending.length}):${pending.length === 0 ? ' none' : ''}`);
      for (const name of pending) out(`  ${name}`);
    });
  });

db.command('rollback')
  .description('Undo the last applied migration, after a backup of the database')
  .option('--no-backup', 'skip the safety backup')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { backup: boolean; json?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { rollbackDatabase } = await ops.migrate();
      const { schemaVersion } = await ops.backup();
      const result = await rollbackDatabase(c, database, { backup: opts.backup });
      if (opts.json) return json({ ...result, schemaVersion: await schemaVersion(database) });
      if (result.backup) out(`Backed up the database first: ${result.backup}`);
      if (result.rolledBack.length === 0) out('Nothing to roll back: no migration is applied.');
      for (const name of result.rolledBack) out(`Rolled back ${name}.`);
      out(`The schema is now at ${(await schemaVersion(database)) ?? 'empty (no migration applied)'}.`);
    });
  });

db.command('check')
  .description(
    'Tables with row counts, schema version, pending migrations and integrity; exits 1 when something is wrong',
  )
  .option('--json', 'print the result as JSON')
  .option('--fix', 'remove attachment files whose row is gone (older than 15 minutes)')
  .action(async (opts: { json?: boolean; fix?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { checkDatabase, checkUploads } = await ops.check();
      const result = await checkDatabase(database);
      const uploads =
        result.reachable && result.pending.length === 0
          ? await checkUploads(c, database, { fix: opts.fix === true })
          : null;
      if (uploads) {
        result.problems.push(...uploads.problems);
        result.ok = result.problems.length === 0;
      }
      if (opts.json) json({ ...result, uploads });
      else {
        out(`Database: ${describeDatabase(c)}${result.serverVersion ? ` — ${result.serverVersion}` : ''}`);
        if (result.reachable) {
          out(`Schema version: ${result.schemaVersion ?? 'none (no migration applied)'}`);
          out(`Pending migrations: ${result.pending.length === 0 ? 'none' : result.pending.join(', ')}`);
          out('Tables:');
          const width = Math.max(10, ...result.tables.map((t) => t.name.length));
          for (const t of result.tables) out(`  ${t.name.padEnd(width)} ${String(t.rows).padStart(10)}`);
          if (result.integrity) out(`Integrity check: ${result.integrity.join('; ')}`);
          if (result.foreignKeyViolations) {
            out(
              `Foreign key check: ${result.foreignKeyViolations.length === 0 ? 'ok' : `${result.foreignKeyViolations.length} violation(s)`}`,
            );
          }
        }
        if (uploads) {
          out(
            `Attachment files: ${uploads.orphans.length} without a row${opts.fix ? ` (${uploads.removed.length} removed)` : ''}, ${uploads.missing.length} row(s) without a file`,
          );
          for (const key of uploads.removed) out(`  removed ${key}`);
        }
        out();
        if (result.ok) out('✓ The database is healthy.');
        for (const p of result.problems) out(`✗ ${p}`);
        if (result.pending.length > 0) out('  → Run `npm run db -- migrate`.');
      }
      if (!result.ok) process.exitCode = 1;
    });
  });

db.command('backup')
  .description('Write a consistent online backup of the database and the uploads to BACKUP_DIR/<timestamp>/')
  .option('--json', 'print the result as JSON')
  .addHelpText(
    'after',
    '\nSafe while the server runs. Backups older than BACKUP_RETENTION_DAYS are removed afterwards.\nExample:\n  npm run db -- backup',
  )
  .action(async (opts: { json?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { createBackup } = await ops.backup();
      const result = await createBackup(c, database);
      if (opts.json) return json(result);
      const total = result.manifest.files.reduce((sum, f) => sum + f.size, 0);
      const uploads = result.manifest.files.filter((f) => f.path.startsWith('uploads/')).length;
      out(`Backup written to ${result.path}`);
      out(
        `  ${result.manifest.files.length} file(s), ${formatBytes(total)}: the database (schema ${result.manifest.schemaVersion ?? 'empty'}) and ${uploads} upload(s)`,
      );
      if (result.pruned.length > 0)
        out(
          `Removed ${result.pruned.length} backup(s) older than ${c.backupRetentionDays} days: ${result.pruned.join(', ')}`,
        );
    });
  });

db.command('restore')
  .description('Restore a backup made by `db backup`, after a safety backup of the current state')
  .argument('<path>', 'the backup folder (or its name inside BACKUP_DIR)')
  .option('--json', 'print the result as JSON')
  .addHelpText('after', '\nExample:\n  npm run db -- restore backups/2026-11-24T10-15-00Z')
  .action(async (given: string, opts: { json?: boolean }) => {
    const c = config();
    if (c.database.dialect === 'sqlite')
      warn('! Stop the Book Tracker server before restoring a SQLite database.');
    else warn('! The schema is dropped and rebuilt; stop the server, or requests will fail while it runs.');
    const { resolveBackupPath, restoreBackup } = await ops.restore();
    const result = await restoreBackup(c, await resolveBackupPath(c, given));
    if (opts.json) return json(result);
    if (result.safetyBackup) out(`Saved the current state first: ${result.safetyBackup}`);
    out(
      `Restored the database${result.uploadsRestored ? ' and the uploads' : ''} from ${result.restoredFrom}`,
    );
    out(`  taken ${result.manifest.createdAt}, schema ${result.manifest.schemaVersion ?? 'empty'}`);
    if (!result.uploadsRestored)
      out('  (this backup holds no uploads; the upload folder was left as it was)');
    if (result.pendingMigrations.length > 0) {
      out(
        `The backup predates ${result.pendingMigrations.length} migration(s); run \`npm run db -- migrate\` (the server also applies them on start).`,
      );
    }
  });

const seed = program.command('seed').description('Demo data');

seed
  .command('demo')
  .description('Create demo readers (password "demo-password") with avatars, books and library entries')
  .option('--force', 'seed even when NODE_ENV=production')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { force?: boolean; json?: boolean }) => {
    await withDatabase(async (c, database) => {
      const { seedDemo } = await ops.seed();
      const result = await seedDemo(c, database, { force: opts.force });
      if (opts.json) return json(result);
      if (result.alreadySeeded) out('Already seeded: the demo data is all there.');
      else {
        out('Seeded the demo data:');
        for (const [step, n] of Object.entries(result.created)) out(`  ${step.padEnd(16)} ${n} created`);
      }
      out(
        `Sign in as ${result.readers.map((r) => r.username).join(', ')} with the password "${result.password}".`,
      );
    });
  });

program
  .command('doctor')
  .description(
    'Check the set-up (Node, configuration, database, folders, web app, providers) and say how to fix problems',
  )
  .option('--json', 'print the result as JSON')
  .action(async (opts: { json?: boolean }) => {
    const { formatDoctorReport, runDoctor } = await ops.doctor();
    const report = await runDoctor();
    if (opts.json) json(report);
    else out(formatDoctorReport(report));
    if (!report.ok) process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) warn(err.message);
  else if (err instanceof OpsError) warn(`✗ ${err.message}${err.hint ? `\n  → ${err.hint}` : ''}`);
  else if (err instanceof Error) warn(`✗ ${err.message}${process.env.DEBUG ? `\n${err.stack}` : ''}`);
  else warn(`✗ ${String(err)}`);
  process.exitCode = 1;
}
