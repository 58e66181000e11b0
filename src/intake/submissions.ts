// A report form carries a one-time submission token, so that the same form sent again (the
// receipt page reloaded, the button pressed twice, a browser resending after a dropped
// connection) does not file the report twice or show a second identification number. Only the
// token and a keyed digest of the report are kept, in memory, for the latest reports.
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
   * Stores the report with `store` unless this very report was already received under `token`
   * (then AlreadyReceived). A second attempt with the same token waits for the first to finish:
   * if the first was stored, the second is refused; if it failed, the second is tried. A token
   * sent with a different report (a form changed after going back) is a new report.
   */
  once<T>(token: string, report: string, store: () => Promise<T>): Promise<T>;
};

/** `limit`: how many received tokens are remembered; the oldest are forgotten first. */
export function createSubmissions(limit = 50_000): Submissions {
  // The digests are keyed with a key that exists only in this process's memory: a memory dump
  // holds no plain hash of a report to test a guess against.
  const key = randomBytes(32);
  const digest = (report: string) => createHmac('sha256', key).update(report).digest('base64url').slice(0, 22);
  const received = new Map<string, string>();
  const inProgress = new Map<string, Promise<void>>();

  function remember(token: string, report: string) {
    received.delete(token);
    received.set(token, digest(report));
    if (received.size > limit) received.delete(received.keys().next().value as string);
  }

  return {
    async once(token, report, store) {
      for (let earlier = inProgress.get(token); earlier; earlier = inProgress.get(token)) await earlier;
      // From here to inProgress.set nothing awaits: a concurrent attempt sees this one.
      if (received.get(token) === digest(report)) throw new AlreadyReceived();
      const attempt = store();
      const settled = attempt.then(
        () => remember(token, report),
        () => {},
      );
      inProgress.set(token, settled);
      void settled.then(() => {
        if (inProgress.get(token) === settled) inProgress.delete(token);
      });
      return attempt;
    },
  };
}
