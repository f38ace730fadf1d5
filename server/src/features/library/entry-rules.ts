import { ValidationError } from '../../errors.ts';
import type { EntryChanges } from './library.schemas.ts';

/** The editable part of an entry with every field set (the API's fields; rating in half-stars). */
export type EntryState = Required<Omit<EntryChanges, 'tags'>>;

export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 50;

/** True for a real `YYYY-MM-DD` calendar date (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Stars (0.5..5 in halves) to stored half-stars (1..10). */
export function toHalfStars(stars: number): number {
  const halves = Math.round(stars * 2);
  if (Math.abs(stars * 2 - halves) > 1e-9 || halves < 1 || halves > 10) {
    throw new ValidationError('A rating is 0.5 to 5 stars in halves.', {
      rating: 'must be 0.5 to 5 in steps of 0.5',
    });
  }
  return halves;
}

export interface NormalizedTag {
  tag: string;
  key: string;
}

/** Trims tags, collapses inner spaces, and keeps the first of tags equal regardless of case. */
export function normalizeTags(tags: string[]): NormalizedTag[] {
  const out: NormalizedTag[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag) throw new ValidationError('Tags cannot be blank.', { tags: 'must not contain blank tags' });
    if ([...tag].length > MAX_TAG_LENGTH) {
      throw new ValidationError(`A tag has at most ${MAX_TAG_LENGTH} characters.`, {
        tags: `each tag must have at most ${MAX_TAG_LENGTH} characters`,
      });
    }
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ tag, key });
  }
  if (out.length > MAX_TAGS) {
    throw new ValidationError(`An entry has at most ${MAX_TAGS} tags.`, {
      tags: `must have at most ${MAX_TAGS} tags`,
    });
  }
  return out;
}

export interface RuleContext {
  /** The book's page count, when known. */
  pageCount: number | null;
  /** Today's UTC calendar date. */
  today: string;
  /** Visibility of a new entry when none is given. */
  defaultVisibility: EntryState['visibility'];
}

/**
 * Applies changes to an entry (or creates one when `current` is null) with the shelf rules,
 * and checks the result. Throws a ValidationError naming every bad field; nothing is stored.
 *
 * When the status is set (on creation or when it changes), fields the request leaves out
 * follow it: `want_to_read` clears dates and progress; `currently_reading` clears the finish
 * date and starts today; `read` finishes today and completes the progress. Values the request
 * does give are kept as given and then checked.
 */
export function applyEntryRules(
  current: EntryState | null,
  changes: EntryChanges,
  ctx: RuleContext,
): EntryState {
  const details: Record<string, string> = {};
  const given = (key: keyof EntryChanges) => changes[key] !== undefined;
  const base: EntryState = current ?? {
    status: 'want_to_read',
    format: null,
    ownership: null,
    rating: null,
    review: null,
    reviewHasSpoilers: false,
    startedOn: null,
    finishedOn: null,
    progressPages: null,
    progressPercent: null,
    visibility: ctx.defaultVisibility,
  };
  const next: EntryState = { ...base };
  if (changes.status !== undefined) next.status = changes.status;
  if (changes.format !== undefined) next.format = changes.format;
  if (changes.ownership !== undefined) next.ownership = changes.ownership;
  if (changes.rating !== undefined) {
    try {
      next.rating = changes.rating === null ? null : toHalfStars(changes.rating);
    } catch {
      details.rating = 'must be 0.5 to 5 in steps of 0.5';
    }
  }
  if (changes.review !== undefined) next.review = changes.review?.trim() ? changes.review : null;
  if (changes.reviewHasSpoilers !== undefined) next.reviewHasSpoilers = changes.reviewHasSpoilers;
  if (changes.visibility !== undefined) next.visibility = changes.visibility;
  for (const key of ['startedOn', 'finishedOn'] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (value !== null && !isCalendarDate(value)) details[key] = 'must be a real calendar date (YYYY-MM-DD)';
    next[key] = value;
  }
  if (changes.progressPages !== undefined) next.progressPages = changes.progressPages;
  if (changes.progressPercent !== undefined) next.progressPercent = changes.progressPercent;

  const statusSet = current === null || next.status !== current.status;
  if (statusSet) {
    switch (next.status) {
      case 'want_to_read':
        for (const key of ['startedOn', 'finishedOn', 'progressPages', 'progressPercent'] as const) {
          if (!given(key)) next[key] = null;
        }
        break;
      case 'currently_reading':
        if (!given('finishedOn')) next.finishedOn = null;
        if (!given('startedOn') && next.startedOn === null) next.startedOn = ctx.today;
        break;
      case 'read':
        if (!given('finishedOn') && next.finishedOn === null) next.finishedOn = ctx.today;
        if (!given('progressPercent')) next.progressPercent = 100;
        if (!given('progressPages') && ctx.pageCount !== null) next.progressPages = ctx.pageCount;
        break;
      case 'did_not_finish':
        break;
    }
  }
  // Pages read imply the percentage when the book's length is known.
  if (
    given('progressPages') &&
    !given('progressPercent') &&
    !(statusSet && next.status === 'read') &&
    next.progressPages !== null &&
    ctx.pageCount
  ) {
    next.progressPercent = Math.min(100, Math.round((next.progressPages * 100) / ctx.pageCount));
  }

  if ((next.status === 'want_to_read' || next.status === 'currently_reading') && next.finishedOn !== null) {
    details.finishedOn ??= 'must be empty until the book is read or abandoned';
  }
  if (
    next.startedOn &&
    next.finishedOn &&
    !details.startedOn &&
    !details.finishedOn &&
    next.finishedOn < next.startedOn
  ) {
    details.finishedOn = 'must not be before startedOn';
  }
  if (next.progressPages !== null && ctx.pageCount !== null && next.progressPages > ctx.pageCount) {
    details.progressPages = `must not be more than the book's ${ctx.pageCount} pages`;
  }
  if (Object.keys(details).length > 0) throw new ValidationError('Some fields are invalid.', details);
  return next;
}

/** Checks a reread's dates. */
export function checkReadDates(startedOn: string | null, finishedOn: string | null): void {
  const details: Record<string, string> = {};
  if (startedOn !== null && !isCalendarDate(startedOn))
    details.startedOn = 'must be a real calendar date (YYYY-MM-DD)';
  if (finishedOn !== null && !isCalendarDate(finishedOn))
    details.finishedOn = 'must be a real calendar date (YYYY-MM-DD)';
  if (!details.startedOn && !details.finishedOn && startedOn && finishedOn && finishedOn < startedOn) {
    details.finishedOn = 'must not be before startedOn';
  }
  if (Object.keys(details).length > 0) throw new ValidationError('Some dates are invalid.', details);
}
