// Worker-thread side of the sealer: seals each job of a batch and answers with the same id.
import { parentPort } from 'node:worker_threads';
import { type SealJob, sealReportBody } from './seal-job.ts';

parentPort?.on('message', ({ id, jobs }: { id: number; jobs: SealJob[] }) => {
  parentPort?.postMessage({ id, results: jobs.map(sealReportBody) });
});
