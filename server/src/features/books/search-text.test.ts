import { describe, expect, it } from 'vitest';
import {
  bookSearchText,
  foldText,
  postgresTsQuery,
  queryTerms,
  sortAuthor,
  sortTitle,
  sqliteMatchQuery,
  tokenize,
} from './search-text.ts';

describe('folding and tokenizing', () => {
  it('removes diacritics and case, including letters without a decomposition', () => {
    expect(foldText('Próust Ærø Straße Łódź')).toBe('proust aero strasse lodz');
  });

  it('splits on anything that is not a letter or digit', () => {
    expect(tokenize("Saint-Exupéry: L'Étranger (1942)")).toEqual([
      'saint',
      'exupery',
      'l',
      'etranger',
      '1942',
    ]);
    expect(tokenize('東京 物語')).toEqual(['東京', '物語']);
  });

  it('indexes title, subtitle, authors and both ISBNs as words', () => {
    expect(
      bookSearchText({
        title: 'À la recherche du temps perdu',
        subtitle: 'Du côté de chez Swann',
        authors: ['Marcel Proust'],
        isbn13: '9782070754922',
        isbn10: '2070754928',
      }),
    ).toBe('a la recherche du temps perdu du cote de chez swann marcel proust 9782070754922 2070754928');
  });
});

describe('query terms', () => {
  it('drops every full-text operator and quote', () => {
    expect(queryTerms('"*:) OR')).toEqual(['or']);
    expect(queryTerms('title:dune AND NOT (herbert*) NEAR/2 ^x & | !')).toEqual([
      'title',
      'dune',
      'and',
      'not',
      'herbert',
      'near',
      '2',
      'x',
    ]);
    expect(queryTerms("'; drop table books; --")).toEqual(['drop', 'table', 'books']);
    expect(queryTerms('"**"')).toEqual([]);
  });

  it('keeps a partial ISBN with hyphens as one term', () => {
    expect(queryTerms('978-0-14')).toEqual(['978014']);
  });

  it('de-duplicates and caps the terms', () => {
    expect(queryTerms('a a a b')).toEqual(['a', 'b']);
    expect(queryTerms('a b c d e f g h i j k')).toHaveLength(8);
  });

  it('builds prefix queries for both dialects', () => {
    expect(sqliteMatchQuery(['proust', 'rech'])).toBe('"proust"* "rech"*');
    expect(postgresTsQuery(['proust', 'rech'])).toBe('proust:* & rech:*');
  });
});

describe('sort keys', () => {
  it('drops a leading article from the title and folds the first author', () => {
    expect(sortTitle('The Hobbit')).toBe('hobbit');
    expect(sortTitle('An Éducation')).toBe('education');
    expect(sortTitle('Theory')).toBe('theory');
    expect(sortAuthor(['Émile Zola', 'Someone'])).toBe('emile zola');
    expect(sortAuthor([])).toBe('');
  });
});
