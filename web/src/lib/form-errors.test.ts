import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { firstInvalidField, formErrorsFrom, humanizeFieldMessage } from './form-errors';

const FIELDS = ['email', 'username', 'password'] as const;

describe('formErrorsFrom', () => {
  it('puts the server details beside their fields and keeps the rest for the top of the form', () => {
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      message: 'The request is invalid.',
      details: { password: 'must NOT have fewer than 8 characters', avatar: 'is too large' },
    });
    expect(formErrorsFrom(error, FIELDS)).toEqual({
      fields: { password: 'must be at least 8 characters long' },
      form: 'is too large',
    });
  });

  it('gives the message to the field an error code names when there are no details', () => {
    const error = new ApiError({ status: 409, code: 'username_taken', message: 'That username is taken.' });
    expect(formErrorsFrom(error, FIELDS)).toEqual({
      fields: { username: 'That username is taken.' },
      form: null,
    });
  });

  it('shows a message that belongs to no field once, at the top', () => {
    const error = new ApiError({
      status: 401,
      code: 'invalid_credentials',
      message: 'Wrong email or password.',
    });
    expect(formErrorsFrom(error, FIELDS)).toEqual({ fields: {}, form: 'Wrong email or password.' });
  });

  it('says something went wrong for an error that is not from the API', () => {
    expect(formErrorsFrom(new TypeError('boom'), FIELDS).form).toBe(
      'Something went wrong. Please try again.',
    );
  });
});

describe('humanizeFieldMessage', () => {
  it('rewrites schema phrases and leaves plain ones alone', () => {
    expect(humanizeFieldMessage('must match format "email"')).toBe('must be a valid email address');
    expect(humanizeFieldMessage('is taken')).toBe('is taken');
  });
});

describe('firstInvalidField', () => {
  it('follows the form order, not the order errors arrived in', () => {
    expect(firstInvalidField({ password: 'x', email: 'y' }, FIELDS)).toBe('email');
    expect(firstInvalidField({}, FIELDS)).toBeNull();
  });
});
