import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT_PACKAGE = path.resolve(import.meta.dirname, '../../../package.json');

/** The version in the root package.json, recorded in backups and shown by `--version`. */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
