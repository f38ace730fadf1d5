import { foldText, queryTerms, tokenize } from '../books/index.ts';

/**
 * The stored search text: the catalog's folded words (accents and case gone), space-separated
 * with a space on either side, so a term matches a word start with one portable LIKE.
 */
export function searchTextOf(...parts: (string | null | undefined)[]): string {
  const words = tokenize(parts.filter(Boolean).join(' '));
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `;
}

/** The terms of a query (folded, at most 8), as the catalog's search splits them. */
export function termsOf(query: string): string[] {
  return queryTerms(query).filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
}

/** The LIKE pattern that finds a word starting with `term` in a search text. */
export function wordStartPattern(term: string): string {
  return `% ${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface SnippetPart {
  text: string;
  highlight: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * How often the terms start a word of `text`, and the text around the first match split into
 * plain and highlighted parts. Matching is word by word on the folded word, so highlights land
 * on the original characters ("Café" for "cafe").
 */
export function matchText(
  text: string,
  terms: string[],
  width = 180,
): { hits: number; matched: Set<string>; snippet: SnippetPart[] } {
  const spans: { start: number; end: number }[] = [];
  const matched = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const folded = foldText(m[0]);
    const term = terms.find((t) => folded.startsWith(t));
    if (term === undefined) continue;
    matched.add(term);
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  const first = spans[0];
  if (!first) {
    const head = text.slice(0, width);
    return {
      hits: 0,
      matched,
      snippet: [{ text: head + (text.length > width ? '…' : ''), highlight: false }],
    };
  }
  let from = Math.max(0, first.start - Math.floor(width / 3));
  // Start at a word boundary so the snippet does not begin mid-word.
  if (from > 0) {
    const space = text.lastIndexOf(' ', from);
    from = space >= 0 && first.start - space < width / 2 ? space + 1 : from;
  }
  const to = Math.min(text.length, from + width);
  const parts: SnippetPart[] = [];
  let at = from;
  for (const span of spans) {
    if (span.start < from || span.end > to) continue;
    if (span.start > at) parts.push({ text: text.slice(at, span.start), highlight: false });
    parts.push({ text: text.slice(span.start, span.end), highlight: true });
    at = span.end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), highlight: false });
  if (from > 0) parts.unshift({ text: '…', highlight: false });
  if (to < text.length) parts.push({ text: '…', highlight: false });
  return {
    hits: spans.length,
    matched,
    snippet: parts.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') })),
  };
}
