import { describe, expect, it } from 'vitest';
import { convertProgress, isFinished, percentRead, readProgress, unitOf } from './progress';

describe('progress', () => {
  it('converts pages to percent and back, keeping the place in the book', () => {
    expect(convertProgress('440', 'pages', 'percent', 880)).toBe('50');
    expect(convertProgress('50', 'percent', 'pages', 880)).toBe('440');
    expect(convertProgress('880', 'pages', 'percent', 880)).toBe('100');
  });

  it('keeps the text when it cannot convert', () => {
    expect(convertProgress('12', 'pages', 'percent', null)).toBe('12');
    expect(convertProgress('abc', 'pages', 'percent', 300)).toBe('abc');
    expect(convertProgress('', 'pages', 'percent', 300)).toBe('');
  });

  it('reads and checks an amount', () => {
    expect(readProgress('120', 'pages', 300)).toEqual({
      ok: true,
      fields: { progressPages: 120, progressPercent: null },
    });
    expect(readProgress('101', 'percent', 300)).toEqual({
      ok: false,
      message: 'Enter a percentage from 0 to 100.',
    });
    expect(readProgress('301', 'pages', 300)).toEqual({ ok: false, message: 'This book has 300 pages.' });
    expect(readProgress('1.5', 'pages', 300)).toEqual({ ok: false, message: 'Enter a whole number.' });
  });

  it('knows the percent read, the unit in use and the end of the book', () => {
    expect(percentRead({ progressPages: 500, progressPercent: null }, 880)).toBe(57);
    expect(percentRead({ progressPages: null, progressPercent: 30 }, 880)).toBe(30);
    expect(unitOf({ progressPages: null, progressPercent: null }, null)).toBe('percent');
    expect(isFinished({ progressPages: 880, progressPercent: null }, 880)).toBe(true);
    expect(isFinished({ progressPages: null, progressPercent: 99 }, 880)).toBe(false);
  });
});
