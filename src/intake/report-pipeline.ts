// How a valid report becomes a durable row: sealed (prepare-report.ts) and committed, and only
// then answered with its receipt. Sealing runs in a small pool of threads (three X25519
// operations a report, ~80 µs) so it never stalls the HTTP event loop; with SEAL_WORKERS=0 it runs
// in-thread.
//
// SQLite: a sealing thread hands the rows straight to the writer thread (sqlite-writer.ts),
// which commits every report that has arrived in one transaction and tells the main thread which
// are on disk: a report crosses between threads three times, and the main thread touches none of
// its bytes. PostgreSQL: the rows come back, and each report commits its own transaction (the
// server groups concurrent WAL flushes itself).
//
// Every report is settled exactly once: its receipt once committed, or an error if sealing or
// storing failed, if its sealing thread died before handing it on or the writer thread died (a
// new one is started for the next reports), or if the pipeline is closed. Nothing waits forever.
import { Worker } from 'node:worker_threads';
import type { SealKeys } from '../crypto/seal-job.ts';
import type { Store } from '../db/database.ts';
import { createSqliteWriter } from '../db/sqlite-writer.ts';
import { prepareReport, type ReportJob, reportIds } from './prepare-report.ts';
import { insertReports, reportWriteOps, type SealedReportRows } from './report.store.ts';
import type { SealingAnswer, SealingRequest } from './sealing.worker.ts';

export type ReportPipeline = {
  /** Seals and durably stores the report; resolves with its receipt once it is committed. */
  store(job: ReportJob): Promise<string>;
  /** Lets the reports in flight finish, then stops the threads; later reports are refused. */
  close(): Promise<void>;
};

export class PipelineStopped extends Error {
  override name = 'PipelineStopped';
}

export type PipelineOptions = {
  store: Store;
  /** The server secret's receipt and URL keys. */
  keys: SealKeys;
  /** Sealing threads; 0 seals in-thread. */
  workers: number;
  /** For tests, which swap in a sealing thread that dies. */
  workerUrl?: URL;
};

type Tickets = {
  expect(): { ticket: number; committed: Promise<unknown> };
  abandon(ticket: number, error: Error): void;
  settle(ticket: number, receipt: string): void;
};

/** Tickets for reports whose rows come back to this thread to be stored here. */
function localTickets(): Tickets {
  const waiting = new Map<number, { resolve: (receipt: string) => void; reject: (e: Error) => void }>();
  let next = 0;
  return {
    expect() {
      const ticket = next++;
      return { ticket, committed: new Promise((resolve, reject) => waiting.set(ticket, { resolve, reject })) };
    },
    abandon(ticket, error) {
      waiting.get(ticket)?.reject(error);
      waiting.delete(ticket);
    },
    settle(ticket, receipt) {
      waiting.get(ticket)?.resolve(receipt);
      waiting.delete(ticket);
    },
  };
}

export function createReportPipeline({ store, keys, workers, workerUrl = new URL('./sealing.worker.mjs', import.meta.url) }: PipelineOptions): ReportPipeline {
  const writer = store.engine === 'sqlite' && store.file ? createSqliteWriter(store.file) : undefined;
  const storeRows = (rows: SealedReportRows): Promise<void> =>
    writer ? writer.write(reportWriteOps([rows])) : store.db.transaction().execute((trx) => insertReports(trx, [rows]));

  let inFlight = 0;
  const idle: (() => void)[] = [];
  let closed = false;
  async function track(receive: () => Promise<string>): Promise<string> {
    if (closed) throw new PipelineStopped('intake is closed');
    inFlight++;
    try {
      return await receive();
    } finally {
      if (--inFlight === 0) for (const wake of idle.splice(0)) wake();
    }
  }
  async function stopAfterInFlight(stopThreads: () => Promise<unknown>) {
    closed = true;
    if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
    await stopThreads();
    await writer?.close();
  }

  if (workers === 0) {
    const newId = reportIds();
    return {
      store: (job) =>
        track(async () => {
          const { receipt, rows } = prepareReport(job, keys, newId);
          await storeRows(rows);
          return receipt;
        }),
      close: () => stopAfterInFlight(async () => {}),
    };
  }

  // A dead thread leaves its slot empty and the next batch for that slot starts a new one (not
  // at once: a thread that cannot start would otherwise restart in a tight loop).
  type Slot = { worker: Worker; release?: () => Promise<void> };
  const pool: (Slot | undefined)[] = Array.from({ length: workers }, () => undefined);
  const holder = new Map<number, Slot>(); // ticket → the thread sealing it
  // SQLite: the writer settles a ticket when its unit is committed; nothing is settled here.
  const tickets: Tickets = writer ? { expect: writer.expect, abandon: writer.abandon, settle: () => {} } : localTickets();
  const workerData: SealKeys = { receipt: new Uint8Array(keys.receipt), url: new Uint8Array(keys.url) };
  let queue: { ticket: number; job: ReportJob }[] = [];
  let next = 0;
  let scheduled = false;

  const abandon = (ticket: number, error: Error) => {
    holder.delete(ticket);
    tickets.abandon(ticket, error);
  };

  function startWorker(index: number): Slot {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData }) };
    if (writer) {
      const { port, release } = writer.connect();
      slot.worker.postMessage({ writer: port } satisfies SealingRequest, [port]);
      slot.release = release;
    }
    let stopped = false;
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = true;
      if (pool[index] === slot) pool[index] = undefined;
      // The reports it handed to the writer before it stopped are committed and answered as
      // usual; only those it never handed over are refused (a visitor told "not saved" whose
      // report is stored would send it again, and the recipient would get it twice).
      const refuseTheRest = () => {
        for (const [ticket, holding] of holder) if (holding === slot) abandon(ticket, error);
      };
      if (slot.release) void slot.release().then(refuseTheRest);
      else refuseTheRest();
    };
    slot.worker.on('message', ({ sealed, failed }: SealingAnswer) => {
      for (const { ticket, error } of failed) abandon(ticket, new Error(`sealing failed: ${error}`));
      for (const { ticket, receipt, rows } of sealed) {
        // Out of the thread's hands: if it dies now, this report's commit goes on regardless.
        holder.delete(ticket);
        storeRows(rows).then(
          () => tickets.settle(ticket, receipt),
          (error: Error) => tickets.abandon(ticket, error),
        );
      }
    });
    // An uncaught exception ('error') is followed by 'exit'; a thread can also just exit.
    slot.worker.on('error', stop);
    slot.worker.on('exit', (code) => stop(new PipelineStopped(`a sealing thread stopped (exit code ${code})`)));
    return slot;
  }
  pool.forEach((_, index) => {
    pool[index] = startWorker(index);
  });
  // A writer thread that died took the sealing threads' ports with it: they are replaced too.
  // Its stop rejected every ticket, those still queued here included: they are dropped, not
  // sealed and committed later through a new writer behind a visitor told "not saved".
  writer?.onStop(() => {
    queue = [];
    pool.forEach((slot, index) => {
      pool[index] = undefined;
      void slot?.worker.terminate();
    });
  });

  function send(index: number, batch: typeof queue) {
    const slot = (pool[index] ??= startWorker(index));
    for (const { ticket } of batch) holder.set(ticket, slot);
    try {
      slot.worker.postMessage({ jobs: batch } satisfies SealingRequest);
    } catch (error) {
      for (const { ticket } of batch) abandon(ticket, error as Error);
    }
  }

  function flush() {
    scheduled = false;
    const batch = queue;
    queue = [];
    // The turn's reports are split across the pool so every core gets a share.
    const share = Math.ceil(batch.length / pool.length);
    for (let i = 0; i < batch.length; i += share) {
      send(next, batch.slice(i, i + share));
      next = (next + 1) % pool.length;
    }
  }

  return {
    store: (job) =>
      track(async () => {
        const { ticket, committed } = tickets.expect();
        queue.push({ ticket, job });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        try {
          return (await committed) as string;
        } finally {
          holder.delete(ticket);
        }
      }),
    close: () => stopAfterInFlight(() => Promise.all(pool.map((slot) => slot?.worker.terminate()))),
  };
}
