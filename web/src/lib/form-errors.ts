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
    if (fieldNames.includes(field)) fields[field] = message;
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

export function firstInvalidField(fields: FieldErrors, order: readonly string[]): string | null {
  return order.find((field) => fields[field]) ?? null;
}
