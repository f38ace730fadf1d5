/**
 * A failure an operator can act on: the command line prints the message (and the hint) without
 * a stack trace and exits non-zero.
 */
export class OpsError extends Error {
  readonly hint: string | null;

  constructor(message: string, hint: string | null = null) {
    super(message);
    this.name = 'OpsError';
    this.hint = hint;
  }
}
