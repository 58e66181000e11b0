// Worker-thread side of the sealer: does each job of a batch and answers with the same id. A job
// that fails answers with its error, so it fails alone and the thread keeps serving.
import { parentPort, workerData } from 'node:worker_threads';
import { type SealKeys, type SealResult, type SealJob, sealReport } from './seal-job.ts';

const keys = workerData as SealKeys;

/** The batch's results as views of one buffer, moved to the main thread rather than cloned:
 *  cloning costs per array, and Node's small Buffers sit in a shared 8 KiB pool, which would
 *  travel whole with each result. */
function packed(results: (SealResult | { error: string })[]) {
  let size = 0;
  for (const r of results) {
    if ('error' in r) continue;
    size += r.receiptHash.byteLength + r.reporterPublicKey.byteLength + r.sealedBody.byteLength;
    for (const h of r.urlHashes) size += h.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  const copy = (value: Uint8Array) => {
    bytes.set(value, offset);
    return bytes.subarray(offset, (offset += value.byteLength));
  };
  const answers = results.map((r) =>
    'error' in r
      ? r
      : {
          receipt: r.receipt,
          receiptHash: copy(r.receiptHash),
          reporterPublicKey: copy(r.reporterPublicKey),
          sealedBody: copy(r.sealedBody),
          urlHashes: r.urlHashes.map(copy),
        },
  );
  return { answers, buffer: bytes.buffer };
}

parentPort?.on('message', ({ id, jobs }: { id: number; jobs: SealJob[] }) => {
  const results = jobs.map((job) => {
    try {
      return sealReport(job, keys);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  const { answers, buffer } = packed(results);
  parentPort?.postMessage({ id, results: answers }, [buffer]);
});
