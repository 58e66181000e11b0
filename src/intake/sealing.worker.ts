// A sealing thread (sealing.ts): prepares each report of a batch (prepare-report.ts) and sends
// the sealed rows back, their bytes moved rather than copied. A report that fails is answered
// alone; the thread keeps serving. It only computes: it never touches the database.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { SealKeys } from '../crypto/seal-job.ts';
import { movedBytes } from './moved-bytes.ts';
import { prepareReport, reportIds } from './prepare-report.ts';
import type { SealingAnswer, SealingRequest } from './sealing.ts';

/**
 * Sealing is bulk work; the HTTP thread is what a waiting visitor waits on, so when the cores are
 * contended it goes first: this thread runs at a lower priority. Only on Linux, where the nice
 * value belongs to a thread and setpriority(0) means the calling thread; elsewhere it would lower
 * the whole process, HTTP included.
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

parentPort?.on('message', ({ batch, jobs }: SealingRequest) => {
  const answer: SealingAnswer = {
    batch,
    results: jobs.map((job) => {
      try {
        return prepareReport(job, keys, newId);
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  };
  const { value, transfer } = movedBytes(answer);
  parentPort?.postMessage(value, transfer);
});
