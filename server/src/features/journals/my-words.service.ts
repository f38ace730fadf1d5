import type { JournalsRepository } from './journals.repository.ts';
import type { MineHitView } from './journals.schemas.ts';
import type { NotesRepository } from './notes.repository.ts';
import { bookRefsById } from './presenters.ts';
import { matchText, termsOf } from './words.ts';

/** How many candidates of each kind are ranked; the newest win when a word is everywhere. */
const CANDIDATES = 200;

/**
 * "Search my words": the caller's journal entries, notes (with their quotes) and reviews. Every
 * term must start a word (accents and case folded the catalog's way); hits rank by how often
 * the terms occur, a quote counting double, then by recency.
 */
export class MyWordsService {
  readonly #journals: JournalsRepository;
  readonly #notes: NotesRepository;

  constructor(journals: JournalsRepository, notes: NotesRepository) {
    this.#journals = journals;
    this.#notes = notes;
  }

  async search(userId: number, query: string, limit = 20): Promise<{ items: MineHitView[] }> {
    const terms = termsOf(query);
    if (terms.length === 0) return { items: [] };
    const [journals, notes, reviews] = await Promise.all([
      this.#journals.search(userId, terms, CANDIDATES),
      this.#notes.search(userId, terms, CANDIDATES),
      this.#journals.reviews(userId),
    ]);
    type Hit = Omit<MineHitView, 'book'> & { bookId: number | null };
    const hits: Hit[] = [];
    for (const j of journals) {
      const m = matchText(j.content, terms);
      hits.push({
        kind: 'journal',
        id: j.id,
        bookId: j.bookId,
        page: j.page,
        snippet: m.snippet,
        score: m.hits,
        updatedAt: j.updatedAt,
      });
    }
    for (const n of notes) {
      const inQuote = n.quote ? matchText(n.quote, terms) : null;
      const inContent = matchText(n.content, terms);
      const inLocation = n.location ? matchText(n.location, terms) : null;
      const best =
        inQuote && inQuote.hits > 0 ? inQuote : inContent.hits > 0 ? inContent : (inLocation ?? inContent);
      hits.push({
        kind: 'note',
        id: n.id,
        bookId: n.bookId,
        page: n.page,
        snippet: best.snippet,
        score: 2 * (inQuote?.hits ?? 0) + inContent.hits + (inLocation?.hits ?? 0),
        updatedAt: n.updatedAt,
      });
    }
    for (const r of reviews) {
      if (!r.review) continue;
      const m = matchText(r.review, terms);
      // Reviews are matched here rather than in SQL, with the same word-start rule.
      if (m.matched.size !== terms.length) continue;
      hits.push({
        kind: 'review',
        id: r.id,
        bookId: r.bookId,
        page: null,
        snippet: m.snippet,
        score: m.hits,
        updatedAt: r.updatedAt,
      });
    }
    hits.sort((a, b) => b.score - a.score || b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id);
    const top = hits.slice(0, limit);
    const books = await bookRefsById(
      (ids) => this.#journals.findBooks(ids),
      top.map((h) => h.bookId),
    );
    return {
      items: top.map(({ bookId, ...hit }) => ({
        ...hit,
        book: bookId === null ? null : (books.get(bookId) ?? null),
      })),
    };
  }
}
