/** Moves focus to a form control by its name, so the first thing to fix is where the reader is. */
export function focusField(form: HTMLFormElement | null, name: string | null): void {
  if (!form || !name) return;
  const control = form.elements.namedItem(name);
  if (control instanceof HTMLElement) control.focus();
}
