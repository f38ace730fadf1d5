/** One row per issued access token (its `jti`), so a token can be revoked before it expires. */
export interface SessionsTable {
  id: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  userAgent: string | null;
}
