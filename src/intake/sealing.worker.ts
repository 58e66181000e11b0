// A sealing thread (report-pipeline.ts): prepares each report of a batch (prepare-report.ts) and
// hands its rows straight to the SQLite writer thread through the port it was given, with the
// ticket the main thread gave the report; without a writer (PostgreSQL) the rows go back to the
// main thread. A report that fails is reported alone; the thread keeps serving.
import os from 'node:os';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { SealKeys } from '../crypto/seal-job.ts';
import { sendUnits, type WriteUnit } from '../db/sqlite-writer.ts';
import { movedBytes } from '../db/moved-bytes.ts';
import { prepareReport, type ReportJob, reportIds } from './prepare-report.ts';
import { reportWriteOps, type SealedReportRows } from './report.store.ts';

export type SealingRequest = { writer: MessagePort } | { jobs: { ticket: number; job: ReportJob }[] };
export type SealingAnswer = { sealed: { ticket: number; receipt: string; rows: SealedReportRows }[]; failed: { ticket: number; error: string }[] };

/**
 * Sealing is bulk work. The HTTP thread and the writer thread are what a waiting visitor waits on
 * (a commit stretches while its thread waits for a core), so when the cores are contended they
 * go first: this thread runs at a lower priority. Measured at c=64: 4 % more reports/s at nice 6
 * than at 0 (4 of 4 interleaved rounds), and no difference between 6 and 15. Only on Linux, where
 * the nice value belongs to a thread and setpriority(0) means the calling thread; elsewhere it
 * would lower the whole process, HTTP included.
 */
const SEALING_NICE = 6;
if (process.platform === 'linux') {
  try {
    os.setPriority(SEALING_NICE);
  } catch {
    // Not allowed here: the threads share the cores evenly.
  }
}

const keys = workerData as SealKeys;
const newId = reportIds();
let writer: MessagePort | undefined;

parentPort?.on('message', (request: SealingRequest) => {
  if ('writer' in request) {
    writer = request.writer;
    return;
  }
  const units: WriteUnit[] = [];
  const answer: SealingAnswer = { sealed: [], failed: [] };
  for (const { ticket, job } of request.jobs) {
    try {
      const { receipt, rows } = prepareReport(job, keys, newId);
      if (writer) units.push({ ticket, note: receipt, ops: reportWriteOps([rows]) });
      else answer.sealed.push({ ticket, receipt, rows });
    } catch (error) {
      answer.failed.push({ ticket, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (writer && units.length) sendUnits(writer, units);
  if (answer.sealed.length || answer.failed.length) {
    const { value, transfer } = movedBytes(answer);
    parentPort?.postMessage(value, transfer);
  }
});
