import { ValidationError } from '../../errors.ts';
import { hasForbiddenControl } from '../../lib/text-rules.ts';

/**
 * Where a keyset page ended: the last item's sort key and id. A nullable sort key is listed in
 * two phases, values first and then the nulls (`phase: 'nulls'`), so nulls come last in either
 * direction and on either dialect without relying on how each orders NULL.
 */
export interface KeysetPosition {
  phase: 'values' | 'nulls';
  key: string | number | null;
  id: number;
}

export interface CursorScope {
  /** The sort and direction the cursor was made for; a cursor from another listing is refused. */
  sort: string;
  order: 'asc' | 'desc';
  keyType: 'string' | 'integer';
}

type Encoded = [sort: string, order: string, phase: 0 | 1, key: string | number | null, id: number];

export function encodeCursor(scope: Pick<CursorScope, 'sort' | 'order'>, position: KeysetPosition): string {
  const encoded: Encoded = [
    scope.sort,
    scope.order,
    position.phase === 'nulls' ? 1 : 0,
    position.key,
    position.id,
  ];
  return Buffer.from(JSON.stringify(encoded)).toString('base64url');
}

function invalid(): ValidationError {
  return new ValidationError(
    'The cursor is not valid for this list. Start again from the first page.',
    { cursor: 'is not valid for this list' },
    'invalid_cursor',
  );
}

/** Decodes a cursor made by `encodeCursor` for the same scope, or throws 400 `invalid_cursor`. */
export function decodeCursor(raw: string, scope: CursorScope): KeysetPosition {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 5) throw invalid();
  const [sort, order, phase, key, id] = value as unknown[];
  if (sort !== scope.sort || order !== scope.order) throw invalid();
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw invalid();
  if (phase === 1) {
    if (key !== null) throw invalid();
    return { phase: 'nulls', key: null, id };
  }
  if (phase !== 0) throw invalid();
  // The key goes into SQL as a parameter; PostgreSQL refuses NUL in text with an error.
  if (typeof key === 'string' && hasForbiddenControl(key)) throw invalid();
  if (
    scope.keyType === 'integer'
      ? !(typeof key === 'number' && Number.isSafeInteger(key))
      : typeof key !== 'string'
  ) {
    throw invalid();
  }
  return { phase: 'values', key: key as string | number, id };
}
