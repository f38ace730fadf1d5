// Progress in pages or percent: one set of rules for the book page and the Currently reading strip.

export type ProgressUnit = 'pages' | 'percent';

export interface ProgressFields {
  progressPages: number | null;
  progressPercent: number | null;
}

/** How far through the book, in percent, or null when it cannot be told. */
export function percentRead(entry: ProgressFields, pageCount: number | null): number | null {
  if (entry.progressPercent !== null) return entry.progressPercent;
  if (entry.progressPages !== null && pageCount) {
    return Math.min(100, Math.round((entry.progressPages * 100) / pageCount));
  }
  return null;
}

/** The unit a reader last used, or pages when the book has a page count. */
export function unitOf(entry: ProgressFields, pageCount: number | null): ProgressUnit {
  if (entry.progressPages !== null && pageCount) return 'pages';
  if (entry.progressPercent !== null) return 'percent';
  if (entry.progressPages !== null) return 'pages';
  return pageCount ? 'pages' : 'percent';
}

/**
 * The same place in the book in the other unit: switching pages ↔ percent keeps what was typed.
 * Text that is not a number (or a book without a page count) is kept as it is.
 */
export function convertProgress(
  text: string,
  from: ProgressUnit,
  to: ProgressUnit,
  pageCount: number | null,
) {
  const trimmed = text.trim();
  if (from === to || trimmed === '' || !pageCount) return text;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return text;
  if (to === 'percent') return String(Math.min(100, Math.round((value * 100) / pageCount)));
  return String(Math.min(pageCount, Math.round((value * pageCount) / 100)));
}

/** A checked amount ready to PATCH, or the message to show beside the field. */
export function readProgress(
  text: string,
  unit: ProgressUnit,
  pageCount: number | null,
): { ok: true; fields: ProgressFields } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, fields: { progressPages: null, progressPercent: null } };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 0) return { ok: false, message: 'Enter a whole number.' };
  if (unit === 'percent') {
    if (value > 100) return { ok: false, message: 'Enter a percentage from 0 to 100.' };
    return { ok: true, fields: { progressPages: null, progressPercent: value } };
  }
  if (pageCount && value > pageCount) return { ok: false, message: `This book has ${pageCount} pages.` };
  return { ok: true, fields: { progressPages: value, progressPercent: null } };
}

/** True when the amount reaches the end of the book. */
export function isFinished(fields: ProgressFields, pageCount: number | null): boolean {
  if (fields.progressPercent !== null) return fields.progressPercent >= 100;
  return (
    fields.progressPages !== null && pageCount !== null && pageCount > 0 && fields.progressPages >= pageCount
  );
}
