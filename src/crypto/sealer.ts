// Seals report bodies off the main thread. Sealing and deriving the reporter's key pair are the
// most expensive steps of an intake (three X25519 operations, ~100 µs); a small pool of worker
// threads keeps them from stalling the HTTP event loop. Jobs queued in the same tick travel to a
// worker as one message. With no workers (SEAL_WORKERS=0) the same code runs in-thread.
import { Worker } from 'node:worker_threads';
import { sealReportBody, type SealJob, type SealResult } from './seal-job.ts';

type Pending = { job: SealJob; resolve: (r: SealResult) => void; reject: (e: Error) => void };

export type Sealer = {
  seal(job: SealJob): Promise<SealResult>;
  close(): Promise<void>;
};

export function createSealer(workers: number): Sealer {
  if (workers === 0) {
    return { seal: async (job) => sealReportBody(job), close: async () => {} };
  }
  const pool = Array.from({ length: workers }, () => startWorker());
  let queue: Pending[] = [];
  let next = 0;
  let scheduled = false;

  function startWorker() {
    const worker = new Worker(new URL('./seal.worker.mjs', import.meta.url));
    const inFlight = new Map<number, Pending[]>();
    let batchId = 0;
    worker.on('message', ({ id, results }: { id: number; results: SealResult[] }) => {
      const batch = inFlight.get(id);
      inFlight.delete(id);
      batch?.forEach((p, i) => p.resolve(results[i] as SealResult));
    });
    worker.on('error', (error) => {
      for (const batch of inFlight.values()) for (const p of batch) p.reject(error);
      inFlight.clear();
    });
    return {
      worker,
      send(batch: Pending[]) {
        const id = batchId++;
        inFlight.set(id, batch);
        worker.postMessage({ id, jobs: batch.map((p) => p.job) });
      },
    };
  }

  function flush() {
    scheduled = false;
    const batch = queue;
    queue = [];
    // Split the tick's jobs across the pool so every core gets a share.
    const share = Math.ceil(batch.length / pool.length);
    for (let i = 0; i < batch.length; i += share) {
      pool[next]?.send(batch.slice(i, i + share));
      next = (next + 1) % pool.length;
    }
  }

  return {
    seal(job) {
      return new Promise<SealResult>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      await Promise.all(pool.map((p) => p.worker.terminate()));
    },
  };
}
