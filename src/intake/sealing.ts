// Sealing off the event loop: a report's cryptography (three X25519 operations, ~100 µs) runs in
// a small pool of threads, so that a flood of reports does not slow every page for everyone.
// The threads only compute; the rows come back here and are committed on the main thread
// (report-pipeline.ts). With 0 threads, sealing runs in-thread.
//
// Reports arriving in one event-loop turn go out as one batch per thread. A thread that dies
// takes its batches with it: they are refused (nothing of them was stored), and the next batch
// for its place starts a new thread.
import { Worker } from 'node:worker_threads';
import type { SealKeys } from '../crypto/seal-job.ts';
import { type PreparedReport, prepareReport, type ReportJob, reportIds } from './prepare-report.ts';

export type SealingRequest = { batch: number; jobs: ReportJob[] };
export type SealingAnswer = { batch: number; results: (PreparedReport | { error: string })[] };

export type Sealer = {
  seal(job: ReportJob): Promise<PreparedReport>;
  /** Stops the threads; call once nothing is being sealed. */
  close(): Promise<void>;
};

export class SealingFailed extends Error {
  override name = 'SealingFailed';
}

type Waiter = { resolve: (prepared: PreparedReport) => void; reject: (error: Error) => void };

export function createSealer({
  keys,
  workers,
  workerUrl = new URL('./sealing.worker.mjs', import.meta.url),
}: {
  keys: SealKeys;
  workers: number;
  workerUrl?: URL;
}): Sealer {
  if (workers === 0) {
    const newId = reportIds();
    return { seal: async (job) => prepareReport(job, keys, newId), close: async () => {} };
  }

  // Each key in a buffer of its own, so the thread gets 32 bytes and not a shared pool.
  const workerData: SealKeys = { receipt: new Uint8Array(keys.receipt), url: new Uint8Array(keys.url) };
  type Slot = { worker: Worker; batches: Map<number, Waiter[]> };
  const pool: (Slot | undefined)[] = Array.from({ length: workers }, () => undefined);
  let queue: { job: ReportJob; waiter: Waiter }[] = [];
  let nextBatch = 0;
  let nextSlot = 0;

  function start(index: number): Slot {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData }), batches: new Map() };
    const stop = (error: Error) => {
      if (pool[index] === slot) pool[index] = undefined;
      for (const waiters of slot.batches.values()) for (const w of waiters) w.reject(error);
      slot.batches.clear();
    };
    slot.worker.on('message', ({ batch, results }: SealingAnswer) => {
      const waiters = slot.batches.get(batch) ?? [];
      slot.batches.delete(batch);
      results.forEach((result, i) => {
        if ('error' in result) waiters[i]?.reject(new SealingFailed(result.error));
        else waiters[i]?.resolve(result);
      });
    });
    // An uncaught exception ('error') is followed by 'exit'; a thread can also just exit.
    slot.worker.on('error', stop);
    slot.worker.on('exit', (code) => stop(new SealingFailed(`a sealing thread stopped (exit code ${code})`)));
    return slot;
  }

  function flush() {
    const all = queue;
    queue = [];
    // The turn's reports are split across the pool so every core gets a share.
    const share = Math.ceil(all.length / pool.length);
    for (let i = 0; i < all.length; i += share) {
      const part = all.slice(i, i + share);
      const slot = (pool[nextSlot] ??= start(nextSlot));
      nextSlot = (nextSlot + 1) % pool.length;
      const batch = nextBatch++;
      slot.batches.set(
        batch,
        part.map((p) => p.waiter),
      );
      try {
        slot.worker.postMessage({ batch, jobs: part.map((p) => p.job) } satisfies SealingRequest);
      } catch (error) {
        slot.batches.delete(batch);
        for (const p of part) p.waiter.reject(error as Error);
      }
    }
  }

  return {
    seal: (job) =>
      new Promise<PreparedReport>((resolve, reject) => {
        if (queue.push({ job, waiter: { resolve, reject } }) === 1) setImmediate(flush);
      }),
    async close() {
      await Promise.all(pool.map((slot) => slot?.worker.terminate()));
    },
  };
}
