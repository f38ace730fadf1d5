import type { FieldErrors } from './api-client';

export const USERNAME_PATTERN = /^[a-z0-9_]{3,30}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 100;
export const BIO_MAX = 1000;

export function validateUsername(value: string): string | null {
  if (!value) return 'Choose a username.';
  if (value.length < 3 || value.length > 30) return 'Use 3 to 30 characters.';
  if (!USERNAME_PATTERN.test(value)) return 'Use only lowercase letters, digits and underscores.';
  return null;
}

export function validatePassword(value: string): string | null {
  if (!value) return 'Enter a password.';
  if (value.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (value.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return null;
}

export function validateEmail(value: string): string | null {
  if (!value) return 'Enter your email address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'Enter a valid email address, like name@example.com.';
  return null;
}

/** Keeps only the rules that failed, so an empty object means the form is valid. */
export function collectErrors(checks: Record<string, string | null>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, message] of Object.entries(checks)) {
    if (message) errors[field] = message;
  }
  return errors;
}
