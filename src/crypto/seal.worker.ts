// Worker-thread side of the sealer: seals each job of a batch and answers with the same id. A job
// that fails answers with its error, so it fails alone and the thread keeps serving.
import { parentPort } from 'node:worker_threads';
import { type SealJob, type SealResult, sealReportBody } from './seal-job.ts';

/** The batch's results as views of one buffer, moved to the main thread rather than cloned:
 *  cloning costs per array, and libsodium's output sits in Node's pool of small Buffers, whose
 *  whole 8 KiB would travel with each result. */
function packed(results: (SealResult | { error: string })[]) {
  let size = 0;
  for (const r of results) if (!('error' in r)) size += r.sealedBody.byteLength + r.reporterPublicKey.byteLength;
  const bytes = new Uint8Array(size);
  let offset = 0;
  const copy = (value: Uint8Array) => {
    bytes.set(value, offset);
    return bytes.subarray(offset, (offset += value.byteLength));
  };
  const answers = results.map((r) => ('error' in r ? r : { sealedBody: copy(r.sealedBody), reporterPublicKey: copy(r.reporterPublicKey) }));
  return { answers, buffer: bytes.buffer };
}

parentPort?.on('message', ({ id, jobs }: { id: number; jobs: SealJob[] }) => {
  const results = jobs.map((job) => {
    try {
      return sealReportBody(job);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  const { answers, buffer } = packed(results);
  parentPort?.postMessage({ id, results: answers }, [buffer]);
});
