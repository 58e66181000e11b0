// Does reports' cryptography (seal-job.ts) off the main thread. Sealing and deriving the
// reporter's key pair are the most expensive steps of an intake (three X25519 operations, ~80 µs);
// a small pool of worker threads keeps them from stalling the HTTP event loop. Jobs queued in the same tick travel to
// the workers as one message each. With no workers (SEAL_WORKERS=0) the same code runs in-thread.
//
// A job is settled exactly once: sealed, or rejected if it fails, if its worker dies (the pool
// starts a new worker for the next batch), or if the sealer is closed. Nothing waits forever.
import { Worker } from 'node:worker_threads';
import { type SealJob, type SealKeys, type SealResult, sealReport } from './seal-job.ts';

type Pending = { job: SealJob; resolve: (r: SealResult) => void; reject: (e: Error) => void };
type Answer = SealResult | { error: string };
type Slot = { worker: Worker; inFlight: Map<number, Pending[]> };

export type Sealer = {
  seal(job: SealJob): Promise<SealResult>;
  close(): Promise<void>;
};

export class SealerStopped extends Error {
  override name = 'SealerStopped';
}

/** `keys`: the server secret's receipt and URL keys. `workerUrl` is for tests, which swap in a
 *  worker that dies. */
export function createSealer(workers: number, keys: SealKeys, workerUrl = new URL('./seal.worker.mjs', import.meta.url)): Sealer {
  if (workers === 0) {
    return { seal: async (job) => sealReport(job, keys), close: async () => {} };
  }
  // The keys are copied to each worker, as plain bytes.
  const workerData: SealKeys = { receipt: new Uint8Array(keys.receipt), url: new Uint8Array(keys.url) };
  // A dead worker leaves its slot empty and the next batch for that slot starts a new one (not
  // at once: a worker that cannot start would otherwise restart in a tight loop).
  const pool: (Slot | undefined)[] = Array.from({ length: workers }, () => undefined);
  let queue: Pending[] = [];
  let next = 0;
  let batchId = 0;
  let scheduled = false;
  let closed = false;

  function startWorker(index: number): Slot {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData }), inFlight: new Map() };
    const fail = (error: Error) => {
      if (pool[index] === slot) pool[index] = undefined;
      for (const batch of slot.inFlight.values()) for (const p of batch) p.reject(error);
      slot.inFlight.clear();
    };
    slot.worker.on('message', ({ id, results }: { id: number; results: Answer[] }) => {
      const batch = slot.inFlight.get(id) ?? [];
      slot.inFlight.delete(id);
      batch.forEach((p, i) => {
        const answer = results[i];
        if (answer && !('error' in answer)) p.resolve(answer);
        else p.reject(new Error(`sealing failed: ${answer?.error ?? 'no answer'}`));
      });
    });
    // An uncaught exception ('error') is followed by 'exit'; a worker can also just exit.
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new SealerStopped(`a seal worker stopped (exit code ${code})`)));
    return slot;
  }
  pool.forEach((_, index) => {
    pool[index] = startWorker(index);
  });

  function send(index: number, batch: Pending[]) {
    const slot = (pool[index] ??= startWorker(index));
    const id = batchId++;
    slot.inFlight.set(id, batch);
    try {
      slot.worker.postMessage({ id, jobs: batch.map((p) => p.job) });
    } catch (error) {
      slot.inFlight.delete(id);
      for (const p of batch) p.reject(error as Error);
    }
  }

  function flush() {
    scheduled = false;
    const batch = queue;
    queue = [];
    // Split the tick's jobs across the pool so every core gets a share.
    const share = Math.ceil(batch.length / pool.length);
    for (let i = 0; i < batch.length; i += share) {
      send(next, batch.slice(i, i + share));
      next = (next + 1) % pool.length;
    }
  }

  return {
    seal(job) {
      if (closed) return Promise.reject(new SealerStopped('the sealer is closed'));
      return new Promise<SealResult>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      closed = true;
      const stopped = new SealerStopped('the sealer is closed');
      for (const p of queue) p.reject(stopped);
      queue = [];
      // Terminating fires 'exit', which rejects whatever the workers still held.
      await Promise.all(pool.map((slot) => slot?.worker.terminate()));
    },
  };
}
