import { Type } from 'typebox';
import { RowId } from '../../lib/http-schemas.ts';
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

export const SessionItem = Type.Object({
  id: Type.String(),
  current: Type.Boolean({ description: 'The session this request was made with' }),
  browser: Type.String({ description: 'From the User-Agent, e.g. "Firefox"' }),
  device: Type.String({ description: 'From the User-Agent, e.g. "Linux", "iPhone"' }),
  place: Type.String({
    description: 'The network and address range it signed in from (no location database)',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.String({ format: 'date-time', description: 'Updated at most once a minute' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const SessionList = Type.Object({
  items: Type.Array(SessionItem),
  nextCursor: Type.Null({ description: 'Always null: every live session is listed' }),
});

export const SessionParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const VerifyEmailBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 2000, description: 'from the mailed link' }) },
  { additionalProperties: false },
);

export const ChangeEmailBody = Type.Object(
  {
    email: Email,
    password: Type.Optional(
      Type.String({ maxLength: 256, description: 'required when the account has one' }),
    ),
  },
  { additionalProperties: false },
);

export const OidcStartQuery = Type.Object(
  { mode: Type.Optional(Type.Union([Type.Literal('signin'), Type.Literal('link')])) },
  { additionalProperties: false },
);

// Providers add their own parameters (Google: scope, authuser, prompt, hd), so others are allowed.
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 1024 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: Type.String({ maxLength: 4096 }) },
);

export const PendingSignup = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  suggestedUsername: Type.String(),
});

export const CompleteSignupBody = Type.Object({ username: Username }, { additionalProperties: false });

export const IdentityList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      provider: Type.String({ description: 'the issuer URL' }),
      email: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Null(),
});

export const IdentityParams = Type.Object({ id: RowId }, { additionalProperties: false });
