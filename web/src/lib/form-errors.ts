import { type FieldErrors, isApiError } from './api-client';

export interface FormErrorState {
  fields: FieldErrors;
  form: string | null;
}

export const noFormErrors: FormErrorState = { fields: {}, form: null };

/**
 * Spreads a server error over a form: `details` go next to their fields; when the server
 * names no field but its code does (e.g. `username_taken`), that field gets the message.
 * Whatever cannot be placed is shown once at the top of the form.
 */
export function formErrorsFrom(error: unknown, fieldNames: readonly string[]): FormErrorState {
  if (!isApiError(error)) {
    return { fields: {}, form: 'Something went wrong. Please try again.' };
  }
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(error.details)) {
    if (fieldNames.includes(field)) fields[field] = humanizeFieldMessage(message);
    else unplaced.push(message);
  }
  if (Object.keys(fields).length === 0 && unplaced.length === 0) {
    const code = error.code.toLowerCase();
    const named = fieldNames.filter((field) => code.split('_').includes(field.toLowerCase()));
    if (named.length === 1 && named[0]) {
      fields[named[0]] = error.message;
      return { fields, form: null };
    }
  }
  const hasFieldErrors = Object.keys(fields).length > 0;
  const form = unplaced.length > 0 ? unplaced.join(' ') : hasFieldErrors ? null : error.message;
  return { fields, form };
}

const SCHEMA_PHRASES: readonly [RegExp, string][] = [
  [/^must NOT have fewer than (\d+) characters?$/, 'must be at least $1 characters long'],
  [/^must NOT have more than (\d+) characters?$/, 'must be at most $1 characters long'],
  [/^must match format "email"$/, 'must be a valid email address'],
  [/^must match pattern .*$/, 'contains characters that are not allowed'],
  [/^must be equal to one of the allowed values$/, 'must be one of the listed choices'],
];

/** Server field messages are terse fragments ("is taken"); make them read well under a label. */
export function humanizeFieldMessage(message: string): string {
  for (const [pattern, replacement] of SCHEMA_PHRASES) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message;
}

export function firstInvalidField(fields: FieldErrors, order: readonly string[]): string | null {
  return order.find((field) => fields[field]) ?? null;
}
