/// <reference types="node" />
/**
 * A real SMTP server for the browser tests: the app under test mails to it (SMTP_URL), and the
 * tests read what arrived over HTTP (`GET /mails?to=<address>`). Started by web/e2e/playwright.config.ts
 * beside the app; `node server/test/mail-catcher.ts <smtpPort> <httpPort>`.
 */
import { createServer } from 'node:http';
import { startSmtpServer } from './smtp-server.ts';

const smtpPort = Number(process.argv[2]);
const httpPort = Number(process.argv[3]);
const smtp = await startSmtpServer(smtpPort);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const to = url.searchParams.get('to');
  const found = (to ? smtp.to(to) : smtp.received).map((m) => ({
    to: m.to.map((address) => address.toLowerCase()),
    subject: m.subject,
    text: m.text,
  }));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(found));
}).listen(httpPort, '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(0));
}
