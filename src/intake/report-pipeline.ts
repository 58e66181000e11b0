// How a valid report becomes a durable row: sealed (sealing.ts, off the event loop), then
// committed on the main thread through the database's one connection, many reports to a
// transaction (db/group-commit.ts), and only then answered with its receipt.
//
// Every report is settled exactly once: its receipt once committed; AlreadyReceived when the same
// form was already received; an error if sealing or storing failed, or the pipeline is closed.
import type { SealKeys } from '../crypto/seal-job.ts';
import type { Store } from '../db/database.ts';
import { createGroupCommit } from '../db/group-commit.ts';
import { forgetSubmissionsBefore, insertReports, type ReportToStore, type StoreOutcome } from '../reports/report.store.ts';
import { AlreadyReceived, PipelineStopped } from './intake.errors.ts';
import { coarseHour, type ReportJob } from './prepare-report.ts';
import { createSealer } from './sealing.ts';

export type ReportPipeline = {
  /**
   * Seals and durably stores the report; resolves with its receipt once it is committed. With a
   * `submission` digest, a report already received under it is not stored again: AlreadyReceived.
   */
  store(job: ReportJob, submission?: Buffer): Promise<string>;
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

export function createReportPipeline({ store, keys, workers, workerUrl }: PipelineOptions): ReportPipeline {
  const sealer = createSealer({ keys, workers, ...(workerUrl ? { workerUrl } : {}) });
  const commits = createGroupCommit<ReportToStore, StoreOutcome>(store, (trx, items) => insertReports(trx, items, coarseHour(new Date())));

  // Older digests are removed hourly; one that fails to go is removed the next hour.
  const forgetting = setInterval(() => {
    forgetSubmissionsBefore(store.db, coarseHour(new Date(Date.now() - SUBMISSIONS_KEPT_MS))).catch(() => {});
  }, HOUR);
  forgetting.unref();

  let inFlight = 0;
  let closed = false;
  const idle: (() => void)[] = [];

  return {
    async store(job, submission) {
      if (closed) throw new PipelineStopped('intake is closed');
      inFlight++;
      try {
        const { receipt, rows } = await sealer.seal(job);
        if ((await commits.write({ rows, submission })) === 'duplicate') throw new AlreadyReceived();
        return receipt;
      } finally {
        if (--inFlight === 0) for (const wake of idle.splice(0)) wake();
      }
    },
    async close() {
      closed = true;
      clearInterval(forgetting);
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      await commits.close();
      await sealer.close();
    },
  };
}
