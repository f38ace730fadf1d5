import { type Static, type TSchema, Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: undefined, description: 'The error shape every failing request answers with' },
);

export const NoContent = Type.Null({ description: 'No content' });

/*
 * Nullable fields use a JSON Schema type list rather than anyOf: the app's Ajv coerces types,
 * and inside anyOf a 0 or "" would be coerced to null by the null branch. Responses serialize
 * faster too (fast-json-stringify validates every anyOf branch to pick one).
 */
export function nullable<T extends TSchema>(schema: T, extra: Record<string, unknown> = {}) {
  const source = schema as unknown as { type: string; enum?: unknown[] };
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    ...extra,
    type: [source.type, 'null'],
    ...(source.enum ? { enum: [...source.enum, null] } : {}),
  });
}

/** A string enum as one JSON Schema `enum` (rather than a union of literals). */
export const enumOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/**
 * A row id in a path, query or body: integer columns are 32-bit on PostgreSQL, so a larger id is
 * a 400 here rather than a database error (the fuzz suite found `DELETE /api/notes/2147483648`).
 */
export const RowId = Type.Integer({ minimum: 1, maximum: 2147483647 });
