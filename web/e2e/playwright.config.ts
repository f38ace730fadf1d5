/// <reference types="node" />
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../scripts/chromium-flags.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 8123);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
// The mail catcher (server/test/mail-catcher.ts): SMTP on port + 1, its inbox over HTTP on port + 2.
const smtpPort = port + 1;
const MAIL_INBOX_URL = `http://127.0.0.1:${port + 2}/mails`;
// A stub OpenID Connect provider with a login page (server/test/oidc-stub-server.ts) on port + 3.
const oidcIssuer = `http://127.0.0.1:${port + 3}`;
const oidcClient = { id: 'book-tracker-e2e', secret: 'e2e-oidc-client-secret-0123456789' };
// The web app built for another origin (web/e2e/second-origin.spec.ts): served on localhost, a
// different site from the API's 127.0.0.1, which lets it in with CORS_ORIGINS.
const secondOrigin = `http://localhost:${port + 4}`;
// Every run starts from an empty database and upload folder.
const dataDir = mkdtempSync(path.join(tmpdir(), 'book-tracker-e2e-'));

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: path.join(repoRoot, 'test-results'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: path.join(repoRoot, 'playwright-report') }]]
    : 'list',
  // Each test walks a whole flow (and runs axe) on a machine other test runs share.
  timeout: 90_000,
  expect: { timeout: 7_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : [
        {
          command: `node server/test/mail-catcher.ts ${smtpPort} ${port + 2}`,
          cwd: repoRoot,
          url: MAIL_INBOX_URL,
          reuseExistingServer: false,
          timeout: 30_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: `node server/test/oidc-stub-server.ts ${port + 3} ${oidcClient.id} ${oidcClient.secret}`,
          cwd: repoRoot,
          url: `${oidcIssuer}/.well-known/openid-configuration`,
          reuseExistingServer: false,
          timeout: 30_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: `node web/e2e/support/second-origin-server.ts ${port + 4} ${baseURL}`,
          cwd: repoRoot,
          url: secondOrigin,
          reuseExistingServer: false,
          timeout: 120_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: 'node server/src/server.ts',
          cwd: repoRoot,
          url: `http://127.0.0.1:${port}/readyz`,
          reuseExistingServer: false,
          timeout: 90_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            NODE_ENV: 'test',
            DATABASE_URL: `sqlite:${path.join(dataDir, 'e2e.db')}`,
            UPLOAD_DIR: path.join(dataDir, 'uploads'),
            SECRET_KEY: 'e2e-secret-key-that-is-long-enough-1234567890',
            RATE_LIMIT_DISABLED: '1',
            PUBLIC_URL: baseURL,
            SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
            GOOGLE_CLIENT_ID: oidcClient.id,
            GOOGLE_CLIENT_SECRET: oidcClient.secret,
            OIDC_ISSUER_URL: oidcIssuer,
            // covers.spec.ts serves covers from a local https server (its own test certificate):
            // the cover fetcher may reach loopback here, and trusts that certificate.
            COVER_FETCH_ALLOW_LOOPBACK: '1',
            // Readers' own books stay as the tests made them (no provider completes or confirms them).
            ENRICH_REQUESTS_PER_SECOND: '0',
            NODE_EXTRA_CA_CERTS: path.join(repoRoot, 'web/e2e/support/test-tls.crt'),
            CORS_ORIGINS: secondOrigin,
          },
        },
      ],
});
