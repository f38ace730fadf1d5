import { describe, expect, it } from 'vitest';
import { RepeatedWarnings } from './repeated-warnings.ts';

function capture() {
  const lines: { level: 'warn' | 'info'; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    log: {
      warn: (obj: object, msg: string) =>
        lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
      info: (obj: object, msg: string) =>
        lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    },
  };
}

describe('repeated warnings', () => {
  it('logs the first of a kind, counts the repeats, names them again after the reminder time', () => {
    let now = 0;
    const { lines, log } = capture();
    const warnings = new RepeatedWarnings(log, { remindMs: 1000, now: () => now });
    warnings.warn('google:error:ECONNREFUSED', { provider: 'google' }, 'book provider failed');
    for (let i = 0; i < 5; i += 1) {
      now += 100;
      warnings.warn('google:error:ECONNREFUSED', { provider: 'google' }, 'book provider failed');
    }
    expect(lines).toHaveLength(1);
    // Another kind, or another source, is its own condition.
    warnings.warn('google:timeout:', { provider: 'google' }, 'book provider timed out');
    warnings.warn('openlibrary:error:ECONNREFUSED', { provider: 'openlibrary' }, 'book provider failed');
    expect(lines).toHaveLength(3);
    now += 1000;
    warnings.warn('google:error:ECONNREFUSED', { provider: 'google' }, 'book provider failed');
    expect(lines[3]).toMatchObject({ level: 'warn', obj: { provider: 'google', repeats: 6 } });
    expect(lines[3]?.msg).toContain('still failing: 6 times');
  });

  it('says once when a source works again, and warns afresh when it fails again', () => {
    const { lines, log } = capture();
    const warnings = new RepeatedWarnings(log);
    warnings.warn('google:error:500', {}, 'book provider failed');
    warnings.warn('google:error:500', {}, 'book provider failed');
    warnings.warn('googlebooks:error:500', {}, 'a source whose name starts the same');
    warnings.clear('google');
    warnings.clear('google');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'info']);
    expect(lines[2]?.obj).toMatchObject({ condition: 'google:error:500', unlogged: 1 });
    warnings.warn('google:error:500', {}, 'book provider failed');
    expect(lines).toHaveLength(4);
    // The other source's condition is still open: its repeat stays quiet.
    warnings.warn('googlebooks:error:500', {}, 'a source whose name starts the same');
    expect(lines).toHaveLength(4);
  });
});
