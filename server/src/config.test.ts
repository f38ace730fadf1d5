import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'bt-config-'));

describe('loadConfig', () => {
  it('has working defaults and generates a persistent development secret', () => {
    const dir = tmp();
    const config = loadConfig({}, dir);
    expect(config.port).toBe(8000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toMatchObject({
      dialect: 'sqlite',
      path: path.join(dir, 'data/book_tracker.db'),
    });
    expect(config.accessTokenExpireMinutes).toBe(43200);
    expect(config.maxFileSize).toBe(10485760);
    expect(config.backupRetentionDays).toBe(7);
    expect(config.backupIntervalHours).toBeNull();
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'data/secret_key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(config.secretKey);
    expect(loadConfig({}, dir).secretKey).toBe(config.secretKey);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          SECRET_KEY: 'short',
          LOG_LEVEL: 'loud',
          CORS_ORIGINS: 'not a url',
          MAX_FILE_SIZE: '-1',
          GOOGLE_CLIENT_ID: 'only-one',
        },
        tmp(),
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'SECRET_KEY',
      'LOG_LEVEL',
      'CORS_ORIGINS',
      'MAX_FILE_SIZE',
      'GOOGLE_CLIENT_SECRET',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('refuses to start in production without a strong SECRET_KEY, and binds all interfaces there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, tmp())).toThrow(/SECRET_KEY is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(20) }, tmp())).toThrow(
      /at least 32/,
    );
    const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(40) }, tmp());
    expect(config.host).toBe('0.0.0.0');
    expect(config.secretKeyFile).toBeNull();
  });

  it('reads postgres URLs, CORS lists and the backup interval', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u@db:5432/books',
        DATABASE_POOL_SIZE: '7',
        CORS_ORIGINS: 'https://a.example, https://b.example/',
        BACKUP_INTERVAL_HOURS: '6',
        SECRET_KEY: 's'.repeat(32),
      },
      tmp(),
    );
    expect(config.database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@db:5432/books',
      poolSize: 7,
      preparedStatements: true,
    });
    const pooled = loadConfig(
      {
        DATABASE_URL: 'postgres://u@db:5432/books',
        DATABASE_PREPARED_STATEMENTS: 'false',
        SECRET_KEY: 's'.repeat(32),
      },
      tmp(),
    );
    expect(pooled.database).toMatchObject({ dialect: 'postgres', preparedStatements: false });
    expect(() =>
      loadConfig(
        { DATABASE_URL: 'postgres://u@db:5432/books', DATABASE_PREPARED_STATEMENTS: 'sometimes' },
        tmp(),
      ),
    ).toThrow(/DATABASE_PREPARED_STATEMENTS/);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.backupIntervalHours).toBe(6);
  });
});

describe('.env.example', () => {
  it('documents every variable the configuration reads', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const source = readFileSync(path.join(root, 'server/src/config.ts'), 'utf8');
    const read = new Set(
      [...source.matchAll(/\b(?:str|optional|int|bool|url)\(r, '([A-Z_]+)'/g)].map((m) => m[1]),
    );
    read.add('DATABASE_URL');
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(read.size).toBeGreaterThan(20);
    for (const name of read) expect(documented, name).toContain(name);
  });
});
