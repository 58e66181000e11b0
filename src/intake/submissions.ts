// A report form carries a one-time submission token, so that the same form sent again does not
// file the report twice and still shows its number. The report's digest keyed with the token is
// written in the same transaction as the report, with its receipt sealed under a key derived from
// the token: the same form sent again (a double tap, the receipt page reloaded, a resend to another
// instance, a visitor told "send it again" whose report was in fact stored) finds the digest and,
// for a short while, the receipt to show again; later it is answered "already received"
// (report.store.ts, report-pipeline.ts). Sends that overlap in one process share one attempt. Only
// digests and sealed receipts are kept: the token stays in the visitor's page, so a copy of the
// database can neither test a guessed report nor open a receipt.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import sodium from 'sodium-native';

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

/** What a report sent under a token is known by: its digest (stored), and the key that seals its receipt (never stored). */
export type Submission = { digest: Buffer; receiptKey: Buffer };

/** The digest of the report under this token, and the key its receipt is sealed with. */
export function submissionFor(token: string, report: string): Submission {
  const digest = submissionDigest(token, report);
  // From the token, which only the visitor's page holds; the digest (stored) binds it to this report.
  const receiptKey = Buffer.from(hkdfSync('sha256', token, digest, 'haven/submission-receipt/v1', sodium.crypto_secretbox_KEYBYTES));
  return { digest, receiptKey };
}

/** nonce ‖ secretbox(receipt): what the database keeps of a receipt, for a short while. */
export function sealReceipt(receipt: string, key: Buffer): Buffer {
  const nonce = Buffer.alloc(sodium.crypto_secretbox_NONCEBYTES);
  sodium.randombytes_buf(nonce);
  const message = Buffer.from(receipt, 'utf8');
  const box = Buffer.alloc(message.length + sodium.crypto_secretbox_MACBYTES);
  sodium.crypto_secretbox_easy(box, message, nonce, key);
  return Buffer.concat([nonce, box]);
}

/** The receipt a sealed one holds, or undefined when it does not open with this key. */
export function openReceipt(sealed: Uint8Array, key: Buffer): string | undefined {
  const bytes = Buffer.from(sealed);
  const nonce = bytes.subarray(0, sodium.crypto_secretbox_NONCEBYTES);
  const box = bytes.subarray(sodium.crypto_secretbox_NONCEBYTES);
  if (box.length < sodium.crypto_secretbox_MACBYTES) return undefined;
  const message = Buffer.alloc(box.length - sodium.crypto_secretbox_MACBYTES);
  return sodium.crypto_secretbox_open_easy(message, box, nonce, key) ? message.toString('utf8') : undefined;
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
