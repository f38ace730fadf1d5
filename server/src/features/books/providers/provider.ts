/** What a book provider (Google Books, Open Library) tells us about one book. */
export interface ProviderBook {
  source: 'google' | 'openlibrary';
  sourceId: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  isbn10: string | null;
  isbn13: string | null;
  /**
   * Every ISBN-13 the provider links to this record (Open Library works list all their editions),
   * used only to recognise the same book across sources.
   */
  matchIsbn13s: string[];
  pageCount: number | null;
  publishedDate: string | null;
  publisher: string | null;
  description: string | null;
  language: string | null;
  categories: string[];
  coverUrl: string | null;
}

export interface BookProvider {
  readonly name: 'google' | 'openlibrary';
  search(query: string, limit: number, signal?: AbortSignal): Promise<ProviderBook[]>;
  /** The book with this ISBN-13, or null when the provider does not know it. */
  byIsbn(isbn13: string, signal?: AbortSignal): Promise<ProviderBook | null>;
  /** The book with this provider id, or null when the provider does not know it. */
  byId(sourceId: string, signal?: AbortSignal): Promise<ProviderBook | null>;
}

/** A provider could not answer: HTTP error, bad body or timeout. */
export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: 'error' | 'timeout';
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;
  /**
   * What a client may be told: no host names, addresses or library messages (those stay in
   * `message` and the log).
   */
  readonly summary: string;
  /** For the log only: the address asked (API keys masked), the network error code, a body excerpt. */
  readonly url: string | null;
  readonly code: string | null;
  readonly bodyExcerpt: string | null;

  constructor(
    provider: string,
    message: string,
    options: {
      kind?: 'error' | 'timeout';
      status?: number | null;
      retryAfterSeconds?: number | null;
      cause?: unknown;
      summary?: string;
      url?: string | null;
      code?: string | null;
      bodyExcerpt?: string | null;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = options.kind ?? 'error';
    this.status = options.status ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.summary = options.summary ?? `${provider} gave an unusable answer`;
    this.url = options.url ?? null;
    this.code = options.code ?? null;
    this.bodyExcerpt = options.bodyExcerpt ?? null;
  }

  /**
   * Which failure this is, for the log's repeat counting (RepeatedWarnings): `<provider>:` first,
   * so the provider answering again ends every kind of its failures.
   */
  get condition(): string {
    return `${this.provider}:${this.kind}:${this.status ?? this.code ?? ''}`;
  }
}
