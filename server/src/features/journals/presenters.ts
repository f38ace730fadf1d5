import type { BookRefRow } from './journals.repository.ts';
import type { BookRefView } from './journals.schemas.ts';

function parseAuthors(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The short form of a book shown beside a journal entry, note or search hit. */
export function presentBookRef(row: BookRefRow): BookRefView {
  return { id: row.id, title: row.title, authors: parseAuthors(row.authors), coverUrl: row.coverUrl };
}

export async function bookRefsById(
  find: (ids: number[]) => Promise<BookRefRow[]>,
  ids: (number | null)[],
): Promise<Map<number, BookRefView>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  return new Map((await find(unique)).map((row) => [row.id, presentBookRef(row)]));
}
