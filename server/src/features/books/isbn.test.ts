import { describe, expect, it } from 'vitest';
import {
  isbn10To13,
  isbn13To10,
  isValidIsbn10,
  isValidIsbn13,
  looksLikeIsbn,
  normalizeIsbn,
  parseIsbn,
  toIsbn13,
} from './isbn.ts';

describe('normalizeIsbn', () => {
  it('strips hyphens and spaces and upper-cases the X', () => {
    expect(normalizeIsbn('978-0-14-032872-1')).toBe('9780140328721');
    expect(normalizeIsbn(' 0 8044 2957 x ')).toBe('080442957X');
    expect(normalizeIsbn('978–0–14–032872–1')).toBe('9780140328721');
  });
});

describe('ISBN-10', () => {
  it('accepts valid numbers, including an X check digit', () => {
    expect(isValidIsbn10('0140328726')).toBe(true);
    expect(isValidIsbn10('080442957X')).toBe(true);
    expect(isValidIsbn10('055380457X')).toBe(true);
  });

  it('refuses a wrong check digit, wrong length, letters, or X anywhere but last', () => {
    expect(isValidIsbn10('0140328727')).toBe(false);
    expect(isValidIsbn10('014032872')).toBe(false);
    expect(isValidIsbn10('01403287260')).toBe(false);
    expect(isValidIsbn10('01403A8726')).toBe(false);
    expect(isValidIsbn10('X140328726')).toBe(false);
    expect(isValidIsbn10('080442957x')).toBe(false); // lower-case only after normalizing
  });
});

describe('ISBN-13', () => {
  it('accepts valid 978 and 979 numbers', () => {
    expect(isValidIsbn13('9780140328721')).toBe(true);
    expect(isValidIsbn13('9791032305690')).toBe(true);
  });

  it('refuses a wrong check digit, other prefixes, or non-digits', () => {
    expect(isValidIsbn13('9780140328722')).toBe(false);
    expect(isValidIsbn13('9770140328727')).toBe(false); // an ISSN-style 977 prefix
    expect(isValidIsbn13('978014032872X')).toBe(false);
    expect(isValidIsbn13('978014032872')).toBe(false);
  });
});

describe('conversion', () => {
  it('turns an ISBN-10 into its ISBN-13 and back', () => {
    expect(isbn10To13('0140328726')).toBe('9780140328721');
    expect(isbn10To13('080442957X')).toBe('9780804429573');
    expect(isbn13To10('9780140328721')).toBe('0140328726');
    expect(isbn13To10('9780804429573')).toBe('080442957X');
  });

  it('has no ISBN-10 for a 979 number', () => {
    expect(isbn13To10('9791032305690')).toBeNull();
  });
});

describe('parseIsbn', () => {
  it('gives the canonical ISBN-13 and the ISBN-10 when one exists', () => {
    expect(parseIsbn('0-14-032872-6')).toEqual({ isbn13: '9780140328721', isbn10: '0140328726' });
    expect(parseIsbn('978 0 14 032872 1')).toEqual({ isbn13: '9780140328721', isbn10: '0140328726' });
    expect(parseIsbn('979-10-323-0569-0')).toEqual({ isbn13: '9791032305690', isbn10: null });
    expect(toIsbn13('080442957x')).toBe('9780804429573');
  });

  it('refuses anything with a bad checksum or shape', () => {
    expect(parseIsbn('0-14-032872-7')).toBeNull();
    expect(parseIsbn('978-0-14-032872-2')).toBeNull();
    expect(parseIsbn('')).toBeNull();
    expect(parseIsbn('not an isbn')).toBeNull();
    expect(toIsbn13('12345')).toBeNull();
  });
});

describe('looksLikeIsbn', () => {
  it('recognises ISBN-shaped input whatever its checksum', () => {
    expect(looksLikeIsbn('978-0-14-032872-1')).toBe(true);
    expect(looksLikeIsbn('978-0-14-032872-2')).toBe(true);
    expect(looksLikeIsbn('080442957x')).toBe(true);
  });

  it('does not take words or short numbers for an ISBN', () => {
    expect(looksLikeIsbn('1984')).toBe(false);
    expect(looksLikeIsbn('catch 22')).toBe(false);
    expect(looksLikeIsbn('97801403')).toBe(false);
  });
});
