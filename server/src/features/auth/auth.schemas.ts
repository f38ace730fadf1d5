import { Type } from 'typebox';
import { DisplayName, Email, Me, Password, Username } from '../users/index.ts';

export const Token = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const SignedIn = Type.Object({ user: Me, token: Token });

export const RegisterBody = Type.Object(
  { email: Email, username: Username, password: Password, displayName: Type.Optional(DisplayName) },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254, description: 'email or username' }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const Providers = Type.Object({ google: Type.Boolean() });

export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });

export const PasswordResetConfirmBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'from the mailed link' }),
    password: Password,
  },
  { additionalProperties: false },
);

export const Accepted = Type.Null({
  description: 'Accepted; a mail follows when the address has an account',
});
