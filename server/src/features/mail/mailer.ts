import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailerOptions {
  /** `smtp://` or `smtps://` (TLS from the start); null writes mails to the log instead. */
  smtpUrl: string | null;
  from: string;
  /** Delays before each retry of a failed send; the mail is dropped (and logged) after the last. */
  retryDelaysMs?: number[];
}

type MailLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000];

/**
 * Sends mail in the background: `send` returns at once, so the request that caused a mail never
 * waits for the SMTP server nor fails because of it. A failed send is retried with growing
 * delays and every failure is logged. Without SMTP_URL the mail, link included, goes to the log
 * at info (a single-person install reads its reset link there).
 */
export class Mailer {
  readonly #from: string;
  readonly #log: MailLog;
  readonly #retryDelaysMs: number[];
  readonly #transport: Transporter | null;
  readonly #pending = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: MailerOptions, log: MailLog) {
    this.#from = options.from;
    this.#log = log;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    // nodemailer reads the URL's scheme: smtps:// is TLS from the start; smtp:// upgrades with
    // STARTTLS when the server offers it (`?requireTLS=true` in the URL insists on it).
    this.#transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  send(mail: Mail): void {
    if (this.#closed) return;
    if (!this.#transport) {
      this.#log.info(
        { mail: { to: mail.to, subject: mail.subject, text: mail.text } },
        'mail not sent (SMTP_URL is unset); its text follows',
      );
      return;
    }
    this.#track(this.#attempt(mail, 0));
  }

  /** Resolves once every mail handed in so far was sent or given up (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Stops retrying (mails still waiting for a retry are logged as dropped). */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#transport?.close();
  }

  #track(p: Promise<void>) {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
  }

  async #attempt(mail: Mail, attempt: number): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.#closed) return;
    try {
      await transport.sendMail({ from: this.#from, ...mail });
      if (attempt > 0) this.#log.info({ to: mail.to, attempt }, 'mail sent after a retry');
    } catch (err) {
      const delay = this.#retryDelaysMs[attempt];
      const reason = err instanceof Error ? err.message : String(err);
      if (delay === undefined || this.#closed) {
        this.#log.error(
          { to: mail.to, subject: mail.subject, err: reason },
          'mail could not be sent; dropped',
        );
        return;
      }
      this.#log.warn({ to: mail.to, attempt, retryInMs: delay, err: reason }, 'mail failed; retrying');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, delay);
        timer.unref();
        this.#timers.add(timer);
      });
      await this.#attempt(mail, attempt + 1);
    }
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A mail with one call to action: the same words as plain text and as simple HTML, with the
 * link written out in both (so it works in a text-only client and can be copied).
 */
export function actionMail(options: {
  to: string;
  subject: string;
  greeting: string;
  lines: string[];
  action?: { label: string; url: string };
  footer?: string;
}): Mail {
  const { action } = options;
  const text = [
    options.greeting,
    '',
    ...options.lines,
    ...(action ? ['', `${action.label}: ${action.url}`] : []),
    ...(options.footer ? ['', options.footer] : []),
    '',
    '— Book Tracker',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(options.greeting)}</p>`,
    ...options.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(action
      ? [
          `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`,
          `<p style="font-size: small">${escapeHtml(action.url)}</p>`,
        ]
      : []),
    ...(options.footer ? [`<p style="font-size: small">${escapeHtml(options.footer)}</p>`] : []),
    '<p>— Book Tracker</p></body></html>',
  ].join('\n');
  return { to: options.to, subject: options.subject, text, html };
}
