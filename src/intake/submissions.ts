// A report form carries a one-time submission token, so that the same form sent again does not
// file the report twice. Sent after it was received (the receipt page reloaded, a resend to
// another instance), the report's keyed digest is already in the database, written in the same
// transaction as the first copy, and it is answered "already received" (report.store.ts). Sent
// while the first is still on its way here (a double click), it shares the first one's outcome
// and receipt. Only digests keyed with the token are kept: the token stays in the visitor's page.
import { createHmac, randomBytes } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** A new token for a form: 128 random bits. */
export function newSubmissionToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The token as a form sent it, or undefined for anything that is not one (then nothing is checked). */
export function submissionToken(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && TOKEN.test(first) ? first : undefined;
}

/**
 * The report as sent under this token. Keyed with the token, which is stored nowhere: a copy of
 * the database cannot be tested against a guessed report. The same token with another report (a
 * form changed after going back) is another report.
 */
export function submissionDigest(token: string, report: string): Buffer {
  return createHmac('sha256', token).update(report).digest();
}

/** Sends of the same digest that overlap in this process share one attempt. */
export function createInFlight() {
  const onTheirWay = new Map<string, Promise<unknown>>();
  return <T>(digest: Buffer, attempt: () => Promise<T>): Promise<T> => {
    const key = digest.toString('base64url');
    const running = onTheirWay.get(key);
    if (running) return running as Promise<T>;
    const started = attempt();
    onTheirWay.set(key, started);
    const forget = () => onTheirWay.delete(key);
    started.then(forget, forget);
    return started;
  };
}
