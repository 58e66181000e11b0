// A report form carries a one-time submission token, so that the same form sent again does not
// file the report twice: sent while the first is still on its way (a double click), it shares
// the first one's outcome and receipt; sent after it was received (the receipt page reloaded),
// it is answered "already received". Only keyed digests are kept, in memory, for a day.
import { createHmac, randomBytes } from 'node:crypto';

/** The same report was already received under this submission token. */
export class AlreadyReceived extends Error {
  override name = 'AlreadyReceived';
  constructor() {
    super('this report was already received');
  }
}

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

export type Submissions = {
  /**
   * Stores the report with `store`, unless the same report under the same token is on its way
   * (then its attempt, whose receipt both answers show) or was received (then AlreadyReceived).
   * A failed attempt leaves nothing behind; the same token with another report (a form changed
   * after going back) is another report.
   */
  once<T>(token: string, report: string, store: () => Promise<T>): Promise<T>;
};

export function createSubmissions({ limit = 50_000, keepMs = 24 * 60 * 60 * 1000, now = Date.now } = {}): Submissions {
  // The token is the digest's key and is kept nowhere here (only in the visitor's page): what
  // this process holds cannot be tested against a guessed report.
  const digest = (token: string, report: string) => createHmac('sha256', token).update(report).digest('base64url');
  const received = new Map<string, number>(); // digest → when received, oldest first
  const onTheirWay = new Map<string, Promise<unknown>>();

  function remember(key: string) {
    received.delete(key);
    received.set(key, now());
    for (const [oldest, at] of received) {
      if (received.size <= limit && now() - at < keepMs) break;
      received.delete(oldest);
    }
  }

  return {
    once<T>(token: string, report: string, store: () => Promise<T>): Promise<T> {
      const key = digest(token, report);
      const running = onTheirWay.get(key);
      if (running) return running as Promise<T>;
      const at = received.get(key);
      if (at !== undefined && now() - at < keepMs) return Promise.reject(new AlreadyReceived());
      const attempt = store();
      onTheirWay.set(key, attempt);
      // Settled here, before whoever awaits the attempt resumes: a send that follows at once
      // finds the report received, or (if storing failed) nothing.
      attempt.then(
        () => {
          onTheirWay.delete(key);
          remember(key);
        },
        () => onTheirWay.delete(key),
      );
      return attempt;
    },
  };
}
