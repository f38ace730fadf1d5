import { describe, expect, it } from 'vitest';
import { validationDetails } from './error-handler.plugin.ts';

describe('validationDetails', () => {
  it('names fields and words messages for people', () => {
    expect(
      validationDetails([
        { instancePath: '/username', keyword: 'minLength', params: { limit: 3 } },
        { instancePath: '', keyword: 'required', params: { missingProperty: 'password' } },
        { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'isAdmin' } },
        { instancePath: '/email', keyword: 'format', params: { format: 'email' } },
        { instancePath: '/pageCount', keyword: 'type', params: { type: 'integer' } },
      ]),
    ).toEqual({
      username: 'must be at least 3 characters',
      password: 'is required',
      isAdmin: 'is not an accepted field',
      email: 'must be a valid email address',
      pageCount: 'must be a whole number',
    });
  });

  it('folds the branches of a union into one message', () => {
    expect(
      validationDetails([
        { instancePath: '/privacy', keyword: 'const', params: { allowedValue: 'public' } },
        { instancePath: '/privacy', keyword: 'const', params: { allowedValue: 'private' } },
        { instancePath: '/privacy', keyword: 'anyOf', params: {} },
        { instancePath: '/rating', keyword: 'type', params: { type: 'number' } },
        { instancePath: '/rating', keyword: 'type', params: { type: 'null' } },
        { instancePath: '/rating', keyword: 'anyOf', params: {} },
      ]),
    ).toEqual({ privacy: 'must be one of: public, private', rating: 'must be a number or null' });
  });

  it('uses the part of the request when there is no field', () => {
    expect(
      validationDetails([{ instancePath: '', keyword: 'type', params: { type: 'object' } }], 'body'),
    ).toEqual({
      body: 'must be an object',
    });
  });
});
