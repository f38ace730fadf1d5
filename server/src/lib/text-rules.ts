import { type TStringOptions, Type } from 'typebox';

/**
 * Control characters no request text may hold: C0 except tab, line feed and carriage return,
 * DEL, and C1. PostgreSQL refuses NUL in text (a 500 there) while SQLite stores it, and the
 * rest are terminal escapes and invisible garbage; refusing them everywhere keeps both dialects
 * answering alike.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

export function hasForbiddenControl(text: string): boolean {
  return FORBIDDEN_CONTROL.test(text);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Text from elsewhere (a provider's answer) with those characters removed. */
export function stripForbiddenControls(text: string): string {
  return text.replace(FORBIDDEN_CONTROLS, '');
}

/**
 * The first string (or object key) under `value` that holds a forbidden control character, as a
 * dotted field path (`tags.1`, the way validation errors name fields), or null. Iterative, so a
 * deeply nested body cannot exhaust the stack.
 */
export function findForbiddenControl(value: unknown, root = ''): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (FORBIDDEN_CONTROL.test(current)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], join(path, String(i))]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (FORBIDDEN_CONTROL.test(key)) return path || 'body';
        stack.push([child, join(path, key)]);
      }
    }
  }
  return null;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * A name (display name, title, author, tag): one line, no bidirectional overrides or isolates
 * (U+202A–U+202E, U+2066–U+2069: they make "evil‮gpj.exe" read backwards), and at least one
 * visible character (not only spaces, zero-width characters or fillers). A JSON Schema pattern,
 * so the rule is part of the schema and of /openapi.json.
 */
export const NAME_PATTERN =
  '^(?!.*[\\u202A-\\u202E\\u2066-\\u2069])(?=.*[^\\s\\u00AD\\u034F\\u115F\\u1160\\u180E\\u200B-\\u200F\\u2060-\\u2064\\u3164\\uFEFF\\uFFA0]).*$';

const NAME_REGEX = new RegExp(NAME_PATTERN, 'u');

export function isAcceptableName(text: string): boolean {
  return NAME_REGEX.test(text);
}

/** A string schema for names, with the name rule above. */
export function NameText(options: TStringOptions = {}) {
  return Type.String({
    ...options,
    pattern: NAME_PATTERN,
    description: [options.description, 'one line of visible text; no bidirectional overrides']
      .filter(Boolean)
      .join('; '),
  });
}
