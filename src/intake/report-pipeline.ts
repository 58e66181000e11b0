// How a valid report becomes a durable row: sealed (sealing.ts, off the event loop), then
// committed on the main thread through the database's one connection, many reports to a
// transaction (db/group-commit.ts), and only then answered with its receipt.
//
// Every report is settled exactly once: its receipt once committed; the first report's receipt
// when the same form was already received and its sealed receipt is still kept, AlreadyReceived
// when it no longer is; an error if sealing or storing failed, or the pipeline is closed.
import type { Kysely } from 'kysely';
import type { SealKeys } from '../crypto/seal-job.ts';
import type { Store } from '../db/database.ts';
import { createGroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import { createSweeper } from '../db/sweeper.ts';
import {
  clearSealedReceiptsBefore,
  forgetSubmissionsBefore,
  insertReports,
  isSubmissionReceived,
  type ReportToStore,
  type StoreOutcome,
} from '../reports/report.store.ts';
import { AlreadyReceived, PipelineStopped } from './intake.errors.ts';
import { coarseHour, type ReportJob } from './prepare-report.ts';
import { createSealer } from './sealing.ts';
import { openReceipt, type Submission, sealReceipt } from './submissions.ts';

export type ReportPipeline = {
  /**
   * Seals and durably stores the report; resolves with its receipt once it is committed. With a
   * `submission`, a report already received under its digest is not stored again: the first
   * report's receipt is given instead, while it is kept, and AlreadyReceived after.
   */
  store(job: ReportJob, submission?: Submission): Promise<string>;
  /** Whether a report was already received under this submission (the same form sent again). */
  received(submission: Submission): Promise<boolean>;
  /** Lets the reports in flight finish, then stops the threads; later reports are refused. */
  close(): Promise<void>;
};

export type PipelineOptions = {
  store: Store;
  /** The server secret's receipt and URL keys. */
  keys: SealKeys;
  /** Sealing threads; 0 seals in-thread. */
  workers: number;
  /** For tests, which swap in a sealing thread that dies. */
  workerUrl?: URL;
};

const HOUR = 60 * 60 * 1000;
/** How long the same form sent again is recognised (a reloaded receipt page, a resend). */
const SUBMISSIONS_KEPT_MS = 24 * HOUR;
/** How often digests and sealed receipts past their time are removed. */
const FORGET_EVERY_MS = 10 * 60 * 1000;

/**
 * A receipt is given back during the hour its report arrived in and the next (the table keeps the
 * hour, no finer): long enough for a double tap, a reload or a second try; short enough that a form
 * left open on a shared phone, sent again later, shows no number, and that the sealed copy is soon
 * gone.
 */
export function receiptsKeptFrom(now: Date): string {
  return coarseHour(new Date(now.getTime() - HOUR));
}

/** Clears the sealed receipts past their time and removes the digests older than a day. */
export async function forgetSubmissions(db: Kysely<Database>, now: Date): Promise<void> {
  await clearSealedReceiptsBefore(db, receiptsKeptFrom(now));
  await forgetSubmissionsBefore(db, coarseHour(new Date(now.getTime() - SUBMISSIONS_KEPT_MS)));
}

export function createReportPipeline({ store, keys, workers, workerUrl }: PipelineOptions): ReportPipeline {
  const sealer = createSealer({ keys, workers, ...(workerUrl ? { workerUrl } : {}) });
  const commits = createGroupCommit<ReportToStore, StoreOutcome>(store, (trx, items) => {
    const now = new Date();
    return insertReports(trx, items, { receivedHour: coarseHour(now), receiptsKeptFrom: receiptsKeptFrom(now) });
  });

  // What is past its time goes every few minutes; what fails to go, goes the next time. Answers
  // do not depend on it: a receipt past its time is not given back even while its row is there.
  const forgetting = createSweeper((at) => forgetSubmissions(store.db, new Date(at)), { everyMs: FORGET_EVERY_MS });

  let inFlight = 0;
  let closed = false;
  const idle: (() => void)[] = [];

  return {
    async store(job, submission) {
      if (closed) throw new PipelineStopped('intake is closed');
      inFlight++;
      try {
        const { receipt, rows } = await sealer.seal(job);
        // Sealed on this thread: one secretbox of 16 bytes costs next to nothing.
        const form = submission && { digest: submission.digest, sealedReceipt: sealReceipt(receipt, submission.receiptKey) };
        const outcome = await commits.write({ rows, submission: form });
        if (outcome.kind === 'stored') return receipt;
        // The same form, received before: its number, while it is kept and opens with this form's key.
        const earlier = outcome.sealedReceipt && submission && openReceipt(outcome.sealedReceipt, submission.receiptKey);
        if (earlier) return earlier;
        throw new AlreadyReceived();
      } finally {
        if (--inFlight === 0) for (const wake of idle.splice(0)) wake();
      }
    },
    received: (submission) => isSubmissionReceived(store.db, submission.digest),
    async close() {
      closed = true;
      await forgetting.stop();
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      await commits.close();
      await sealer.close();
    },
  };
}
