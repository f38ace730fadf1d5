/** A mailed password-reset link: only the SHA-256 of its token is kept. */
export interface PasswordResetTokensTable {
  tokenHash: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
}
