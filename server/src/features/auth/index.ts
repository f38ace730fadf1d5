/** The auth feature's face: sessions, tokens and the sign-in routes. Import the feature only from here. */
export { authRoutes } from './auth.routes.ts';
export { AuthService, type CallerSession } from './auth.service.ts';
export { EmailVerificationService } from './email-verification.service.ts';
export { IdentitiesRepository } from './identities.repository.ts';
export { OidcService } from './oidc.service.ts';
export { PasswordResetRepository } from './password-reset.repository.ts';
export { PasswordResetService } from './password-reset.service.ts';
export { SessionRepository } from './session.repository.ts';
export { SessionsService } from './sessions.service.ts';
export { DeviceTokens, SignInThrottle } from './sign-in-throttle.ts';
export { type IssuedToken, TokenService } from './token.service.ts';
