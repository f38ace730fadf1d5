/**
 * One folding and tokenizing function feeds both the stored search text and the query, on both
 * dialects, so SQLite FTS5 and PostgreSQL full-text see the very same words.
 */

const SPECIAL_LETTERS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower-cases and removes diacritics ("Próust" → "proust"), including letters Unicode does not decompose. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}

/** The words of a text: folded runs of letters and digits. Everything else separates. */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

export interface SearchTextSource {
  title: string;
  subtitle: string | null;
  authors: string[];
  isbn13: string | null;
  isbn10: string | null;
}

/** What the full-text index holds for a book: title, subtitle, authors and ISBNs as plain words. */
export function bookSearchText(book: SearchTextSource): string {
  const parts = [book.title, book.subtitle ?? '', ...book.authors, book.isbn13 ?? '', book.isbn10 ?? ''];
  return tokenize(parts.join(' ')).join(' ');
}

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

/**
 * The terms of a user query. Operators, quotes and punctuation become separators, so no input can
 * reach either full-text query language. A run of digits broken by hyphens or spaces (a partial
 * ISBN being typed) counts as one term.
 */
export function queryTerms(query: string): string[] {
  const trimmed = query.trim();
  if (/^\d[\d\s-]*[\dXx]?$/.test(trimmed)) {
    const digits = trimmed.replace(/[\s-]/g, '').toLowerCase();
    return digits ? [digits.slice(0, MAX_TERM_LENGTH)] : [];
  }
  const unique = [...new Set(tokenize(trimmed))];
  return unique.slice(0, MAX_TERMS).map((term) => term.slice(0, MAX_TERM_LENGTH));
}

/** FTS5 MATCH text: every term quoted as a prefix, implicitly ANDed. */
export function sqliteMatchQuery(terms: string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(' ');
}

/** to_tsquery text: every term a prefix, ANDed. Terms hold only letters and digits. */
export function postgresTsQuery(terms: string[]): string {
  return terms.map((term) => `${term.replace(/[^\p{L}\p{N}]/gu, '')}:*`).join(' & ');
}

const LEADING_ARTICLE = /^(the|a|an)\s+/;

/** Title for sorting: folded, without a leading English article. */
export function sortTitle(title: string): string {
  return foldText(title).trim().replace(LEADING_ARTICLE, '');
}

/** The first author, folded, for sorting by author. */
export function sortAuthor(authors: string[]): string {
  return foldText(authors[0] ?? '').trim();
}
