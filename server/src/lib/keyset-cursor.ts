import { ValidationError } from '../errors.ts';

/** Where a newest-first list ended: the last item's time (or text key) and id. */
export interface Keyset {
  key: string;
  id: number;
}

/** A cursor for a `(key, id)` keyset list, tagged with the list it belongs to. */
export function encodeKeyset(list: string, position: Keyset): string {
  return Buffer.from(JSON.stringify([list, position.key, position.id])).toString('base64url');
}

/** Decodes a cursor made by `encodeKeyset` for the same list, or throws 400 `invalid_cursor`. */
export function decodeKeyset(list: string, raw: string): Keyset {
  const invalid = new ValidationError(
    'The cursor is not valid for this list. Start again from the first page.',
    { cursor: 'is not valid for this list' },
    'invalid_cursor',
  );
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid;
  const [tag, key, id] = value as unknown[];
  if (tag !== list || typeof key !== 'string') throw invalid;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw invalid;
  return { key, id };
}

/** The page and the cursor to the next one, from `take = limit + 1` rows. */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  list: string,
  positionOf: (row: Row) => Keyset,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeKeyset(list, positionOf(last)) : null,
  };
}
