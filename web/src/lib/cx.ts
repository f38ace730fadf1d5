/** Joins class names, skipping the ones a condition turned off (or a CSS module does not define). */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
