import { describe, expect, it } from 'vitest';
import { isCalendarDate, normalizeTags, toHalfStars } from './entry-rules.ts';

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '1999-04-30'])
      expect(isCalendarDate(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-30',
      '1900-02-29',
      '2023-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-01',
      '0000-01-01',
      '2026-1-1',
      '26-01-01',
      '2026-01-01T00:00',
    ])
      expect(isCalendarDate(bad), bad).toBe(false);
  });
});

describe('toHalfStars', () => {
  it('stores halves exactly', () => {
    expect(toHalfStars(0.5)).toBe(1);
    expect(toHalfStars(4.5)).toBe(9);
    expect(toHalfStars(5)).toBe(10);
    for (const bad of [0, 4.3, 5.5, -0.5, 0.25]) expect(() => toHalfStars(bad)).toThrow();
  });
});

describe('normalizeTags', () => {
  it('trims, collapses spaces and drops duplicates regardless of case, keeping the first spelling', () => {
    expect(normalizeTags([' Sci  Fi ', 'sci fi', 'SCI FI', 'Été'])).toEqual([
      { tag: 'Sci Fi', key: 'sci fi' },
      { tag: 'Été', key: 'été' },
    ]);
  });
});
