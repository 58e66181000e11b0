// A thread that owns one SQLite connection and commits writes for the rest of Haven.
// better-sqlite3 is synchronous: on the main thread every insert, and every fsync of a durable
// commit (milliseconds on a virtual disk), would stop all HTTP work until it returns. Here the
// event loop keeps parsing and answering requests while the disk works.
//
// Group commit: every durable commit costs an fsync, so one commit per report would cap intake
// near the disk's single-commit rate. The thread commits everything that has arrived in one
// transaction and then says which writes are on disk; while it commits, new writes queue for the
// next one. A failing batch is retried write by write, so one bad write fails alone.
//
// Writes come from the main thread (`write`), or straight from another thread through a port
// (`connect`), with a ticket the main thread gave out (`expect`): the thread that seals a report
// hands its rows over without a round trip through the main thread.
//
// When a thread that sends through a port stops, `release` has the writer take whatever it had
// sent before stopping, commit it, and close the port: a report handed over just before its
// sealing thread died is stored and answered, not refused while its rows reach the disk anyway.
//
// If the thread dies, every write in flight is rejected (none is known to be committed), the
// ports it gave out are dead, and the next write starts a new thread.
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { SQLITE_PRAGMAS } from './database.ts';
import { movedBytes } from './moved-bytes.ts';

/** Statements to run in one transaction: `sql` once per row, rows in order. */
export type WriteOp = { sql: string; rows: unknown[][] };
/** Statements committed together or not at all; `note` comes back with the news that they are on
 *  disk (the sealing thread sends a report's receipt that way). */
export type WriteUnit = { ticket: number; note?: unknown; ops: WriteOp[] };

export type SqliteWriter = {
  /** Resolves once the statements are committed (synchronous=FULL: on disk). */
  write(ops: WriteOp[]): Promise<void>;
  /** A ticket for a unit another thread will send through a port from `connect`; `committed`
   *  resolves with the unit's note once it is on disk. */
  expect(): { ticket: number; committed: Promise<unknown> };
  /** Rejects a ticket whose unit will never come (the thread that was to send it failed). */
  abandon(ticket: number, error: Error): void;
  /** A port another thread sends units through (`sendUnits`); transfer it to that thread. Call
   *  `release` only once that thread has stopped (it closes the port: anything sent later is
   *  lost): it resolves when every unit the thread sent is settled (committed or failed); tickets
   *  it never sent are still pending then, for the caller to abandon. Later calls return the same
   *  promise. */
  connect(): { port: MessagePort; release(): Promise<void> };
  /** Called when the thread stops: the ports from `connect` are dead from then on. */
  onStop(listener: (error: Error) => void): void;
  /** Lets the thread commit and answer everything it has been sent, through `write` or a port (a
   *  commit waiting for the lock finishes first), close the database and end. The writer is then
   *  closed for good: `write`, `expect` and `connect` throw. Later calls return the same promise. */
  close(): Promise<void>;
};

export class SqliteWriteError extends Error {
  override name = 'SqliteWriteError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Sends units to the writer thread through `port`, their bytes moved rather than cloned. */
export function sendUnits(port: { postMessage(value: unknown, transfer: ArrayBuffer[]): void }, units: WriteUnit[]): void {
  const { value, transfer } = movedBytes({ units });
  port.postMessage(value, transfer);
}

type Pending = { resolve: (note: unknown) => void; reject: (e: Error) => void };
type Answer = { committed: number[]; notes: unknown[]; failed: { ticket: number; error: string; code?: string }[]; released: number[] };

export function createSqliteWriter(file: string): SqliteWriter {
  let thread: Worker | undefined;
  // Threads that have not stopped yet: the current one, and one being closed.
  const running = new Set<Worker>();
  let closing: Promise<void> | undefined;
  const pending = new Map<number, Pending>();
  const stopListeners: ((error: Error) => void)[] = [];
  let nextTicket = 0;
  // Ports being released, by id: the thread they lead to, and what to call once it has taken all.
  const releasing = new Map<number, { worker: Worker; done: () => void }>();
  let nextPort = 0;

  function start(): Worker {
    const worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), { workerData: { file, pragmas: SQLITE_PRAGMAS } });
    running.add(worker);
    const stop = (error: Error) => {
      if (!running.delete(worker)) return; // already stopped
      if (thread === worker) thread = undefined;
      // Every ticket is rejected, also those handed to other threads: their units would go to a
      // port that no longer leads anywhere.
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      for (const [id, release] of releasing) {
        if (release.worker !== worker) continue;
        releasing.delete(id);
        release.done();
      }
      for (const listener of stopListeners) listener(error);
    };
    worker.on('message', ({ committed, notes, failed, released }: Answer) => {
      committed.forEach((ticket, i) => {
        pending.get(ticket)?.resolve(notes[i]);
        pending.delete(ticket);
      });
      for (const { ticket, error, code } of failed) {
        pending.get(ticket)?.reject(new SqliteWriteError(error, code));
        pending.delete(ticket);
      }
      for (const id of released) {
        releasing.get(id)?.done();
        releasing.delete(id);
      }
    });
    // 'error' (an uncaught exception) is followed by 'exit'; either way nothing in flight is
    // known to be committed.
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return worker;
  }

  function current(): Worker {
    if (closing) throw new Error('the SQLite writer is closed');
    return (thread ??= start());
  }

  function expect() {
    current();
    const ticket = nextTicket++;
    const committed = new Promise<unknown>((resolve, reject) => pending.set(ticket, { resolve, reject }));
    return { ticket, committed };
  }

  return {
    async write(ops) {
      const { ticket, committed } = expect();
      try {
        sendUnits(thread as Worker, [{ ticket, ops }]);
      } catch (error) {
        pending.delete(ticket);
        throw error;
      }
      await committed;
    },
    expect,
    abandon(ticket, error) {
      pending.get(ticket)?.reject(error);
      pending.delete(ticket);
    },
    connect() {
      const worker = current();
      const id = nextPort++;
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ port: port2, id }, [port2]);
      let released: Promise<void> | undefined;
      return {
        port: port1,
        release: () =>
          (released ??= new Promise<void>((done) => {
            // A thread that has stopped has settled everything (its stop rejected every ticket
            // still pending). One being closed takes what every port holds before it ends, and
            // its stop calls `done`.
            if (!running.has(worker)) return done();
            releasing.set(id, { worker, done });
            if (thread === worker) worker.postMessage({ release: id });
          })),
      };
    },
    onStop(listener) {
      stopListeners.push(listener);
    },
    close() {
      const last = thread;
      thread = undefined;
      return (closing ??= new Promise<void>((ended) => {
        if (!last || !running.has(last)) return ended();
        last.once('exit', () => ended());
        last.postMessage({ close: true });
      }));
    },
  };
}
