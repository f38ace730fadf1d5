/**
 * ISBN rules, pure. Books are keyed by one canonical ISBN-13; an ISBN-10 is kept beside it when
 * known. Input may carry hyphens or spaces and a lower-case `x` check digit.
 */

/** Strips hyphens and whitespace and upper-cases the X check digit; does not validate. */
export function normalizeIsbn(raw: string): string {
  return raw.replace(/[\s\-‐‑‒–—]/g, '').toUpperCase();
}

export function isValidIsbn10(value: string): boolean {
  if (!/^\d{9}[\dX]$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = value[i] as string;
    const digit = ch === 'X' ? 10 : Number(ch);
    sum += digit * (10 - i);
  }
  return sum % 11 === 0;
}

export function isValidIsbn13(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  if (!value.startsWith('978') && !value.startsWith('979')) return false;
  return isbn13CheckDigit(value.slice(0, 12)) === value[12];
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** ISBN-10 → ISBN-13 (978 prefix). Expects a valid, normalized ISBN-10. */
export function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** ISBN-13 → ISBN-10, or null for 979-prefixed numbers (they have no ISBN-10). */
export function isbn13To10(isbn13: string): string | null {
  if (!isbn13.startsWith('978')) return null;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}

export interface ParsedIsbn {
  isbn13: string;
  /** The ISBN-10 form when one exists (978-prefixed numbers). */
  isbn10: string | null;
}

/** Normalizes and validates an ISBN-10 or ISBN-13; null when it is neither. */
export function parseIsbn(raw: string): ParsedIsbn | null {
  const value = normalizeIsbn(raw);
  if (value.length === 10 && isValidIsbn10(value)) return { isbn13: isbn10To13(value), isbn10: value };
  if (value.length === 13 && isValidIsbn13(value)) return { isbn13: value, isbn10: isbn13To10(value) };
  return null;
}

/** The canonical ISBN-13 of any valid ISBN, or null. */
export function toIsbn13(raw: string): string | null {
  return parseIsbn(raw)?.isbn13 ?? null;
}

/**
 * True when the text is shaped like an ISBN (10 or 13 digits, hyphens or spaces between, X last),
 * whether or not its checksum holds. Search uses it to tell ISBN queries from words.
 */
export function looksLikeIsbn(raw: string): boolean {
  const trimmed = raw.trim();
  if (!/^[\d][\d\s-]*[\dXx]$/.test(trimmed)) return false;
  const length = normalizeIsbn(trimmed).length;
  return length === 10 || length === 13;
}
