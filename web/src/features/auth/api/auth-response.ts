import type { User } from '../../account/types';

export interface AuthResponse {
  user: User;
  token: { accessToken: string; tokenType: 'Bearer'; expiresAt: string };
}
