import { type Static, Type } from 'typebox';
import { RowId } from '../../lib/http-schemas.ts';

export const ImportSourceSchema = Type.Union(
  [Type.Literal('goodreads'), Type.Literal('storygraph'), Type.Literal('book-tracker')],
  { description: 'Which service the file comes from' },
);

export const ImportQuery = Type.Object({
  source: Type.Optional(ImportSourceSchema),
});

export const ImportParams = Type.Object({ id: RowId });

export const ImportStatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);

export const ImportCreated = Type.Object({ id: Type.Integer(), status: ImportStatusSchema });

export const ImportJob = Type.Object({
  id: Type.Integer(),
  source: ImportSourceSchema,
  fileName: Type.String(),
  status: ImportStatusSchema,
  total: Type.Integer({ description: 'Books in the file' }),
  processed: Type.Integer({ description: 'Books done so far (imported, skipped or failed)' }),
  imported: Type.Integer(),
  skipped: Type.Integer({ description: 'Already on the reader’s shelves (or twice in the file)' }),
  failed: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), message: Type.String() }), {
    description: 'Failed rows (the first 1,000); row 1 is the first book after the header',
  }),
  message: Type.Union([Type.String(), Type.Null()], { description: 'Why a failed job stopped' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ImportJobView = Static<typeof ImportJob>;

export const ImportListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
});

export const ImportPage = Type.Object({
  items: Type.Array(ImportJob),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
