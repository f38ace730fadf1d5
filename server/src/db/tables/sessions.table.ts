/** One row per issued access token (its `jti`), so a token can be revoked before it expires. */
export interface SessionsTable {
  id: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  userAgent: string | null;
  /** Updated at most once a minute per session, so reads stay reads. */
  lastUsedAt: string | null;
  ip: string | null;
}
