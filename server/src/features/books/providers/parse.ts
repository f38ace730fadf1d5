/**
 * Helpers that turn loosely shaped provider JSON into clean values. Provider answers are
 * untrusted input: every reader here accepts `unknown` and returns a typed value or null.
 */

import { stripForbiddenControls } from '../../../lib/text-rules.ts';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A trimmed, non-empty string, or null. */
export function asText(value: unknown, maxLength = 1000): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = stripForbiddenControls(value).replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed.slice(0, maxLength);
}

/** Text given either as a string or as Open Library's `{type: "/type/text", value}`. */
export function textValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.value === 'string') return value.value;
  return null;
}

/** Strings out of an array of strings or of `{name}` objects, de-duplicated. */
export function names(value: unknown, max = 20): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    const name = asText(typeof item === 'string' ? item : isObject(item) ? item.name : null, 300);
    if (name && !out.includes(name)) out.push(name);
    if (out.length >= max) break;
  }
  return out;
}

export function positiveInt(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 100_000 ? n : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number(entity.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * Plain text from a description that may carry HTML (Google Books sends `<p>`, `<br>`, `<b>`…):
 * block tags become line breaks, other tags go, entities are decoded.
 */
export function plainText(value: unknown, maxLength = 20_000): string | null {
  if (typeof value !== 'string') return null;
  // After decoding: `&#0;` is a NUL too.
  const text = stripForbiddenControls(
    decodeEntities(
      value
        .replace(/<\s*(script|style)\b[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
        .replace(/<\s*br\s*\/?\s*>/gi, '\n')
        .replace(/<\s*\/?\s*(p|div|li|ul|ol|h[1-6]|blockquote)\b[^>]*>/gi, '\n')
        .replace(/<[^>]*>/g, ''),
    ),
  )
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text.slice(0, maxLength);
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * A publication date as the provider gave its precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
 * checked; anything else null.
 */
export function isoPartialDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 2999)
    return String(value);
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+Z?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const year = Number(y);
  if (year < 1000 || year > 2999) return null;
  if (m === undefined) return y as string;
  const month = Number(m);
  if (month < 1 || month > 12) return y as string;
  if (d === undefined) return `${y}-${m}`;
  return validDate(year, month, Number(d)) ? `${y}-${m}-${d}` : `${y}-${m}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(word: string): number | null {
  const index = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return index === -1 ? null : index + 1;
}

/**
 * Open Library's free-text `publish_date` ("1997", "March 2003", "Sep 12, 2003", "12 September
 * 2003", "c1997", "[1997?]") as YYYY, YYYY-MM or YYYY-MM-DD.
 */
export function looseDate(value: unknown): string | null {
  const iso = isoPartialDate(value);
  if (iso !== null || typeof value !== 'string') return iso;
  const text = value.trim();
  const pad = (n: number) => String(n).padStart(2, '0');
  let m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[1] as string);
    if (month !== null) return isoPartialDate(`${m[3]}-${pad(month)}-${pad(Number(m[2]))}`);
  }
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[2] as string);
    if (month !== null) return isoPartialDate(`${m[3]}-${pad(month)}-${pad(Number(m[1]))}`);
  }
  m = /^([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[1] as string);
    if (month !== null) return `${m[2]}-${pad(month)}`;
  }
  const year = /(?:^|\D)(1\d{3}|2\d{3})(?:\D|$)/.exec(text);
  return year ? (year[1] as string) : null;
}

/** Cover URLs are served to browsers on HTTPS pages, so plain-HTTP links are upgraded. */
export function httpsUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:') url.protocol = 'https:';
    return url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const LANGUAGE_CODES: Record<string, string> = {
  eng: 'en',
  fre: 'fr',
  fra: 'fr',
  ger: 'de',
  deu: 'de',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  dut: 'nl',
  nld: 'nl',
  rus: 'ru',
  jpn: 'ja',
  chi: 'zh',
  zho: 'zh',
  kor: 'ko',
  ara: 'ar',
  pol: 'pl',
  swe: 'sv',
  dan: 'da',
  nor: 'no',
  fin: 'fi',
  tur: 'tr',
  gre: 'el',
  ell: 'el',
  heb: 'he',
  hin: 'hi',
  cze: 'cs',
  ces: 'cs',
  hun: 'hu',
  lat: 'la',
};

/** A language code: ISO 639-1 when known (Google's form), else the provider's code lower-cased. */
export function languageCode(value: unknown): string | null {
  const raw = asText(value, 20)
    ?.replace(/^\/languages\//, '')
    .toLowerCase();
  if (!raw || !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(raw)) return null;
  return LANGUAGE_CODES[raw] ?? raw;
}
