// The durable outbox: a mail is written, sealed, in the same transaction as the change it tells
// of (an invitation and its mail commit together, or neither does), and sent afterwards by a
// worker on each instance, which claims it for a while (a lease), sends it, and marks it sent.
// A restart, a crash mid-send or a relay that is down delays a mail; it never loses one.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import { openSecretBox, secretBox } from '../crypto/box.ts';
import type { Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { type ClaimedMail, claimDue, insertMail, markFailed, markRefused, markSent } from './outbox.store.ts';
import { MAIL_HEADERS, type Mail, type Transport } from './transport.ts';

export type { Mail, Transport } from './transport.ts';
export { fileTransport, smtpTransport } from './transport.ts';

export const MAIL_KINDS = ['invitation', 'grant-request', 'sign-in-notice', 'grant-approved', 'case-notice', 'newsletter-confirm', 'newsletter-issue'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** How long a claimed mail is this instance's alone; a sender that dies leaves it due again after. */
export const LEASE_MS = 5 * 60_000;
/** The wait after a failed attempt: 30 s, doubling each time, at most an hour; never given up. */
export const RETRY_FIRST_MS = 30_000;
export const RETRY_MAX_MS = 60 * 60_000;
/** A pass ends after this many mails, so that `stop` never waits long; the next pass goes on. */
const MOST_PER_PASS = 100;

export function retryDelay(attempts: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * Queues `mail` inside the caller's transaction: it is sent only if that transaction commits.
 * Its content is sealed at rest with `key` (ServerKeys.outbox): an invitation's link is a secret,
 * and the recipient's address is personal data. Call the outbox's `nudge()` after the commit.
 * Answers the outbox row's id.
 */
export async function enqueueMail(trx: Audited | Transaction<Database>, key: Buffer, kind: MailKind, mail: Mail, now = new Date()): Promise<string> {
  checkMail(mail);
  const id = randomUUID();
  const content = Buffer.from(JSON.stringify({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers }), 'utf8');
  await insertMail(trx, { id, kind, payload: secretBox(content, key), dueAt: now.toISOString() });
  return id;
}

/**
 * One bare address, so that a link meant for one person cannot be sent to a list ("a@x, b@y"),
 * and no line break in a header.
 */
function checkMail(mail: Mail): void {
  if (!/^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/.test(mail.to)) throw new TypeError('mail: the recipient must be one bare address');
  if (/[\r\n]/.test(mail.subject)) throw new TypeError('mail: the subject must be one line');
  if (typeof mail.text !== 'string') throw new TypeError('mail: the text must be a string');
  if (mail.html !== undefined && typeof mail.html !== 'string') throw new TypeError('mail: the html must be a string');
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!(MAIL_HEADERS as readonly string[]).includes(name)) throw new TypeError(`mail: the header ${name} may not be set`);
    if (typeof value !== 'string' || /[\r\n]/.test(value)) throw new TypeError(`mail: the header ${name} must be one line`);
  }
}

export type Outbox = {
  /** Runs a pass at once, then every `everyMs` (on a timer that does not keep the process alive). */
  start(): void;
  /** Runs a pass soon: call it once a transaction that queued mail has committed. */
  nudge(): void;
  /** Runs a pass once the one in progress, if any, is over; answers how many mails it sent. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for the pass in progress; a pass after this sends nothing. */
  stop(): Promise<void>;
};

export type OutboxOptions = {
  store: Store;
  /** ServerKeys.outbox. */
  key: Buffer;
  transport: Transport;
  everyMs?: number;
  now?: () => number;
  /** Told of failures; never given a mail's address or content. */
  log?: (message: string, error?: unknown) => void;
};

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, key, transport, everyMs = 10_000, now = Date.now } = options;
  const log = options.log ?? ((message: string, error?: unknown) => process.emitWarning(error instanceof Error ? `${message}: ${error.message}` : message));
  const iso = (ms: number) => new Date(ms).toISOString();

  let stopped = false;
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  // Passes run one after the other on this chain, which never rejects.
  let tail: Promise<unknown> = Promise.resolve();
  // A pass asked for and not yet begun: a caller asking now is served by it, as it will see
  // everything committed before it begins.
  let queued: Promise<number> | undefined;

  async function claimNext(): Promise<ClaimedMail | undefined> {
    const at = now();
    const [job] = await store.db.transaction().execute((trx) => claimDue(trx, store.engine, { now: iso(at), leaseUntil: iso(at + LEASE_MS), limit: 1 }));
    return job;
  }

  /**
   * Sends one claimed mail: 'sent'; 'refused' when the relay refused it for good (a permanent
   * 5xx: an address no server will take; given up, so that a public form's undeliverable
   * addresses never hold up an invitation behind them); 'failed' otherwise (recorded, tried again
   * later).
   */
  async function deliver(job: ClaimedMail): Promise<'sent' | 'refused' | 'failed'> {
    let mail: Mail | undefined;
    try {
      mail = openMail(job.payload, key);
      await transport.send(mail);
    } catch (error) {
      const reason = describeFailure(error, mail?.to);
      if (isPermanentRefusal(error)) {
        await markRefused(store.db, job.id, iso(now()), reason);
        log(`outbox: ${job.kind} mail ${job.id} refused for good by ${transport.describe}; given up: ${reason}`);
        return 'refused';
      }
      const retryAt = iso(now() + retryDelay(job.attempts));
      await markFailed(store.db, job.id, reason, retryAt);
      log(`outbox: ${job.kind} mail ${job.id} not sent to ${transport.describe} (attempt ${job.attempts}); next attempt at ${retryAt}: ${reason}`);
      return 'failed';
    }
    try {
      await markSent(store.db, job.id, iso(now()));
    } catch (error) {
      log(`outbox: ${job.kind} mail ${job.id} was sent but could not be marked sent; it will be sent again once its lease ends`, error);
      throw error;
    }
    return 'sent';
  }

  async function pass(): Promise<number> {
    let sent = 0;
    for (let tried = 0; !stopped && tried < MOST_PER_PASS; tried++) {
      const job = await claimNext();
      if (!job) break;
      // One failure ends the pass: with the relay down, the next mail would only wait as long
      // again to fail. The failed mail waits its delay; the others stay due for the next pass.
      // A mail refused for good ends nothing: the relay is up, and the next one may go.
      const outcome = await deliver(job);
      if (outcome === 'failed') break;
      if (outcome === 'sent') sent++;
    }
    return sent;
  }

  function runOnce(): Promise<number> {
    if (queued) return queued;
    const run = tail.then(() => {
      queued = undefined;
      return pass();
    });
    queued = run;
    tail = run.catch(() => undefined);
    return run;
  }

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    runOnce()
      .catch((error: unknown) => log('outbox: a pass failed; the next one tries again', error))
      .finally(() => {
        if (started) schedule(everyMs);
      });
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
    },
    nudge() {
      schedule(0);
    },
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tail;
    },
  };
}

function openMail(payload: Buffer, key: Buffer): Mail {
  const data = JSON.parse(openSecretBox(payload, key).toString('utf8')) as Partial<Record<keyof Mail, unknown>>;
  if (typeof data.to !== 'string' || typeof data.subject !== 'string' || typeof data.text !== 'string') throw new Error('the sealed mail is malformed');
  const mail: Mail = { to: data.to, subject: data.subject, text: data.text };
  if (typeof data.html === 'string') mail.html = data.html;
  if (data.headers && typeof data.headers === 'object') {
    const headers: NonNullable<Mail['headers']> = {};
    for (const name of MAIL_HEADERS) {
      const value = (data.headers as Record<string, unknown>)[name];
      if (typeof value === 'string') headers[name] = value;
    }
    mail.headers = headers;
  }
  return mail;
}

/**
 * The error's code and message, on one line, with the recipient's address taken out: a relay's
 * refusal often quotes it ("550 <name@example.org>: no such user"), and the reason is stored and
 * logged where the mail itself never is.
 */
/**
 * The relay refused the recipient for good: a 5xx reply (RFC 5321) to RCPT TO. Only that: a 5xx
 * to AUTH (a wrong password in SMTP_URL) or to MAIL FROM says the relay is misconfigured, and
 * every mail waits for it to be put right, as when the relay is down.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const { responseCode, command } = (error ?? {}) as { responseCode?: unknown; command?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && typeof command === 'string' && /^RCPT\b/i.test(command);
}

export function describeFailure(error: unknown, recipient?: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  let text = `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
  if (recipient) text = text.replace(new RegExp(recipient.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[recipient]');
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
