// Shorthands over the generated `paths` (api-types.ts), so feature types name an operation instead
// of copying the server's schema: `ApiResponse<'/api/library/{id}', 'get'>` is an entry with its book.
import type { paths } from './api-types';

export type ApiPath = keyof paths;

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<P extends ApiPath, M extends keyof paths[P]> = paths[P][M];

/** The JSON body an operation answers with on success (200 or 201). */
export type ApiResponse<P extends ApiPath, M extends keyof paths[P]> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer Ok }
      ? Json<Ok>
      : R extends { 201: infer Created }
        ? Json<Created>
        : never
    : never;

/** The JSON body an operation takes. */
export type ApiBody<P extends ApiPath, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query string an operation takes. */
export type ApiQuery<P extends ApiPath, M extends keyof paths[P]> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
