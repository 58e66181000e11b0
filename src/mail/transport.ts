// How a mail leaves Haven once the outbox hands it over: to an SMTP relay (nodemailer), or as
// .eml files in a directory (an instance without a relay, development, tests). A transport only
// sends; retries, leases and the record of what was sent are the outbox's.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** One plain-text mail to one address. Never report content: mail leaves Haven unsealed. */
export type Mail = {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text (a newsletter issue rendered from Markdown). */
  html?: string;
  /** Extra headers, only those MAIL_HEADERS names (the outbox checks): a list's unsubscribe links. */
  headers?: Partial<Record<MailHeader, string>>;
};

/** The headers a mail may add: RFC 2369 / RFC 8058 one-click unsubscribe. Nothing else (never From, never Bcc). */
export const MAIL_HEADERS = ['List-Unsubscribe', 'List-Unsubscribe-Post'] as const;
export type MailHeader = (typeof MAIL_HEADERS)[number];

export type Transport = {
  send(mail: Mail): Promise<void>;
  /** Where the mail goes, without credentials (for the log). */
  describe: string;
};

/**
 * Bounds on one SMTP delivery, all well under the outbox's lease (5 minutes): a relay that stops
 * answering fails the attempt, which is retried later, instead of holding the pass so long that
 * the lease runs out and another instance sends the same mail again. A URL parameter
 * (`?socketTimeout=…`) replaces a default.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000, dnsTimeout: 15_000 };
const SEND_TIMEOUT_MS = 90_000;

/**
 * `url`: smtp://[user:pass@]host[:port][?requireTLS=true] or smtps://…, as nodemailer reads it.
 * smtp:// upgrades with STARTTLS when the relay offers it; an invitation link is a secret, so a
 * relay across a network should be reached with smtps:// or `?requireTLS=true`.
 */
export function smtpTransport(url: string, from: string): Transport {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`mail: ${parsed.protocol} is not an SMTP URL (smtp:// or smtps://)`);
  const sender = checkedFrom(from);
  const transporter = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url, disableFileAccess: true, disableUrlAccess: true });
  return {
    describe: `${parsed.protocol}//${parsed.host}`,
    async send(mail) {
      await transporter.sendMail({ ...message(sender, mail), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    },
  };
}

/**
 * Writes each mail as an RFC 822 file, DIR/2026-12-08T10-00-00-000Z-<random>.eml (names sort by
 * time), 0600 in a directory created 0700: invitation links are secrets. A file is written under
 * a temporary name, flushed and renamed, and the directory flushed, before the outbox records the
 * mail as sent: a reader never sees half a mail, and a power cut does not lose one marked sent.
 */
export function fileTransport(dir: string, from: string): Transport {
  const sender = checkedFrom(from);
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', disableFileAccess: true, disableUrlAccess: true });
  return {
    describe: `file:${dir}`,
    async send(mail) {
      const info = await composer.sendMail(message(sender, mail));
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
      const partial = path.join(dir, `.${name}.part`);
      const file = await fs.promises.open(partial, 'wx', 0o600);
      try {
        await file.writeFile(info.message as Buffer);
        await file.sync();
      } finally {
        await file.close();
      }
      await fs.promises.rename(partial, path.join(dir, name));
      const directory = await fs.promises.open(dir, 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    },
  };
}

/** The fields, named one by one: nothing else in a mail object reaches nodemailer. */
function message(from: string, mail: Mail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === undefined ? {} : { html: mail.html }),
    ...(mail.headers ? { headers: { ...mail.headers } } : {}),
  };
}

function checkedFrom(from: string): string {
  if (!from.includes('@') || /[\r\n]/.test(from)) throw new Error('mail: the sender (MAIL_FROM) must be one address, on one line');
  return from;
}
