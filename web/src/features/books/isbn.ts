/** Digits (and a final X) of what a reader typed or pasted: "978-0-14-311753-4 " → "9780143117534". */
export function compactIsbn(value: string): string {
  return value.replace(/[\s\u2010-\u2015-]/g, '').toUpperCase();
}

/** True when the text is shaped like an ISBN (10 or 13 characters of digits, ISBN-10 may end in X). */
export function looksLikeIsbn(value: string): boolean {
  const compact = compactIsbn(value.replace(/^isbn(?:-1[03])?:?/i, ''));
  return /^\d{9}[\dX]$/.test(compact) || /^\d{13}$/.test(compact);
}

export function isValidIsbn10(compact: string): boolean {
  if (!/^\d{9}[\dX]$/.test(compact)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const char = compact[i] ?? '0';
    sum += (char === 'X' ? 10 : Number(char)) * (10 - i);
  }
  return sum % 11 === 0;
}

export function isValidIsbn13(compact: string): boolean {
  if (!/^\d{13}$/.test(compact)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(compact[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

export interface IsbnInput {
  compact: string;
  valid: boolean;
  kind: 'isbn10' | 'isbn13';
}

/** When the text is an ISBN in any form, its compact form and whether the check digit matches. */
export function readIsbn(value: string): IsbnInput | null {
  if (!looksLikeIsbn(value)) return null;
  const compact = compactIsbn(value.replace(/^isbn(?:-1[03])?:?/i, ''));
  const kind = compact.length === 13 ? 'isbn13' : 'isbn10';
  return { compact, kind, valid: kind === 'isbn13' ? isValidIsbn13(compact) : isValidIsbn10(compact) };
}
