import { ValidationError } from '../../errors.ts';

/** Where a keyset page ended: the sort key of the last item and its id, for one named list. */
export interface PagePosition<K extends string | number> {
  key: K;
  id: number;
}

export function encodePageCursor(list: string, position: PagePosition<string | number>): string {
  return Buffer.from(JSON.stringify([list, position.key, position.id])).toString('base64url');
}

function invalid() {
  return new ValidationError(
    'The cursor is not valid for this list. Start again from the first page.',
    { cursor: 'is not valid for this list' },
    'invalid_cursor',
  );
}

/** Decodes a cursor made by `encodePageCursor` for the same list, or throws 400 `invalid_cursor`. */
export function decodePageCursor<K extends 'string' | 'integer'>(
  raw: string,
  list: string,
  keyType: K,
): PagePosition<K extends 'string' ? string : number> {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== list) throw invalid();
  const [, key, id] = value as unknown[];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw invalid();
  const keyOk =
    keyType === 'string' ? typeof key === 'string' : typeof key === 'number' && Number.isSafeInteger(key);
  if (!keyOk) throw invalid();
  return { key: key as K extends 'string' ? string : number, id };
}
