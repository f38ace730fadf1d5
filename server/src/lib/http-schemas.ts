import { Type } from 'typebox';

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
