// Every date and language name the app shows goes through here, in the reader's own locale.

function localDate(year: number, month: number, day: number): Date {
  // Built from parts, never parsed, so "2019-03-14" is that day in every time zone.
  return new Date(year, month - 1, day);
}

/** "14 Mar 2024" (or the reader's locale's way) for a YYYY-MM-DD date. */
export function formatDay(value: string | null, locale?: string): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = localDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** "2019", "Mar 2019" or "14 Mar 2019": as precise as a publication date is. */
export function formatPartialDate(value: string | null, locale?: string): string | null {
  if (!value) return null;
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  if (!month) return year ?? value;
  if (!day) {
    return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' }).format(
      localDate(Number(year), Number(month), 1),
    );
  }
  return formatDay(value, locale);
}

/** "English" for "en" (in the reader's language); the code itself when the browser does not know it. */
export function languageName(code: string | null, locale?: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
