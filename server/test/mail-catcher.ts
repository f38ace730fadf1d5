/// <reference types="node" />
/**
 * A real SMTP server for the browser tests: the app under test mails to it (SMTP_URL), and the
 * tests read what arrived over HTTP (`GET /mails?to=<address>`). Started by web/e2e/playwright.config.ts
 * beside the app; `node server/test/mail-catcher.ts <smtpPort> <httpPort>`.
 */
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const smtpPort = Number(process.argv[2]);
const httpPort = Number(process.argv[3]);
const mails: { to: string[]; subject: string; text: string }[] = [];

const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
        });
        callback();
      })
      .catch((err: Error) => callback(err));
  },
});
smtp.listen(smtpPort, '127.0.0.1');

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const to = url.searchParams.get('to')?.toLowerCase();
  const found = to ? mails.filter((m) => m.to.includes(to)) : mails;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(found));
}).listen(httpPort, '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(0));
}
