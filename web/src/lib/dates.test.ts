import { describe, expect, it } from 'vitest';
import { formatDay, formatPartialDate, languageName } from './dates';

describe('dates', () => {
  it('formats a day in the given locale, the same day in every time zone', () => {
    expect(formatDay('2026-10-15', 'en-GB')).toBe('15 Oct 2026');
    expect(formatDay('2026-10-15', 'en-US')).toBe('Oct 15, 2026');
    expect(formatDay('2026-12-01T10:00:00.000Z', 'en-GB')).toBe('1 Dec 2026');
    expect(formatDay(null)).toBeNull();
  });

  it('keeps a publication date as precise as it is', () => {
    expect(formatPartialDate('1990', 'en-GB')).toBe('1990');
    expect(formatPartialDate('1990-09', 'en-GB')).toBe('Sept 1990');
    expect(formatPartialDate('1990-09-01', 'en-GB')).toBe('1 Sept 1990');
  });

  it('names languages instead of showing codes', () => {
    expect(languageName('en', 'en')).toBe('English');
    expect(languageName('de', 'fr')).toBe('allemand');
    expect(languageName('not a code', 'en')).toBe('not a code');
  });
});
