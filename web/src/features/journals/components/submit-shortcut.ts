/** Ctrl+Enter (Cmd+Enter on a Mac) in a form's text submits it, as in most writing tools. */
export function submitOnModEnter(event: React.KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}
