/**
 * The stub OpenID Connect provider (oidc-stub.ts) as a process with a login page, for the
 * browser tests: `node server/test/oidc-stub-server.ts <port> <clientId> <clientSecret>`.
 * Started by web/e2e/playwright.config.ts beside the app.
 */
import { startOidcStub } from './oidc-stub.ts';

const [port, clientId, clientSecret] = process.argv.slice(2);
await startOidcStub({
  port: Number(port),
  clientId: clientId ?? '',
  clientSecret: clientSecret ?? '',
  loginPage: true,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
