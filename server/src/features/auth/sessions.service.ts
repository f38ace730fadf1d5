import { NotFoundError } from '../../errors.ts';
import type { PasswordResetRepository } from './password-reset.repository.ts';
import type { SessionRepository } from './session.repository.ts';
import { describePlace, describeUserAgent } from './user-agent.ts';

/** Revoked sessions are kept this long (so the list of a just-signed-out device makes sense in logs), then purged. */
const KEEP_REVOKED_MS = 24 * 3600_000;

export interface SessionView {
  id: string;
  current: boolean;
  browser: string;
  device: string;
  place: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

/** A reader's view of their own sessions: list them, end one, end all but this one. */
export class SessionsService {
  readonly #sessions: SessionRepository;
  readonly #resets: PasswordResetRepository;
  readonly #clock: () => Date;

  constructor(sessions: SessionRepository, resets: PasswordResetRepository, clock: () => Date) {
    this.#sessions = sessions;
    this.#resets = resets;
    this.#clock = clock;
  }

  async list(userId: number, currentSessionId: string): Promise<SessionView[]> {
    const rows = await this.#sessions.listActive(userId, this.#clock().toISOString());
    const views = rows.map((row) => ({
      id: row.id,
      current: row.id === currentSessionId,
      ...describeUserAgent(row.userAgent),
      place: describePlace(row.ip),
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt ?? row.createdAt,
      expiresAt: row.expiresAt,
    }));
    // The current one first, then the most recently used.
    return views.sort((a, b) => Number(b.current) - Number(a.current));
  }

  async revoke(userId: number, sessionId: string) {
    if (!(await this.#sessions.revokeOwn(userId, sessionId, this.#clock().toISOString()))) {
      throw new NotFoundError('Session');
    }
  }

  async revokeOthers(userId: number, currentSessionId: string) {
    await this.#sessions.revokeAllForUser(userId, this.#clock().toISOString(), currentSessionId);
  }

  /** Deletes expired and long-revoked sessions and expired reset tokens (run on a schedule). */
  async purgeExpired(): Promise<number> {
    const now = this.#clock();
    const purged = await this.#sessions.purge(
      now.toISOString(),
      new Date(now.getTime() - KEEP_REVOKED_MS).toISOString(),
    );
    await this.#resets.deleteExpired(now.toISOString());
    return purged;
  }
}
