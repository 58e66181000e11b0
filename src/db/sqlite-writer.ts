// A thread that owns one SQLite connection and commits batches of rows for the main thread.
// better-sqlite3 is synchronous: on the main thread every insert, and every fsync of a durable
// commit (milliseconds on a virtual disk), would stop all HTTP work until it returns. Here the
// event loop keeps parsing and answering requests while the disk works.
//
// If the thread dies, the batches it held are rejected (their submitters are never answered
// with a receipt) and the next write starts a new thread.
import { Worker } from 'node:worker_threads';
import { SQLITE_PRAGMAS } from './database.ts';

/** Statements to run in one transaction: `sql` once per row, rows in order. */
export type WriteOp = { sql: string; rows: unknown[][] };

export type SqliteWriter = {
  /** Resolves once the rows are committed (synchronous=FULL: on disk). */
  write(ops: WriteOp[]): Promise<void>;
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

type Pending = { resolve: () => void; reject: (e: Error) => void };
type Thread = { worker: Worker; inFlight: Map<number, Pending> };

/**
 * The batch as it travels: every byte value copied into one buffer that is moved to the thread
 * rather than cloned. Cloning costs per array, and a slice of Node's pool of small Buffers
 * would take its whole 8 KiB pool along.
 */
function packed(ops: WriteOp[]): { ops: WriteOp[]; buffer: ArrayBuffer } {
  let size = 0;
  for (const op of ops) for (const row of op.rows) for (const value of row) if (value instanceof Uint8Array) size += value.byteLength;
  const bytes = new Uint8Array(size);
  let offset = 0;
  const copy = (value: unknown) => {
    if (!(value instanceof Uint8Array)) return value;
    bytes.set(value, offset);
    return bytes.subarray(offset, (offset += value.byteLength));
  };
  return { ops: ops.map((op) => ({ sql: op.sql, rows: op.rows.map((row) => row.map(copy)) })), buffer: bytes.buffer };
}

export function createSqliteWriter(file: string): SqliteWriter {
  let thread: Thread | undefined;
  let nextId = 0;

  function start(): Thread {
    const worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), { workerData: { file, pragmas: SQLITE_PRAGMAS } });
    const self: Thread = { worker, inFlight: new Map() };
    const fail = (error: Error) => {
      if (thread === self) thread = undefined;
      for (const p of self.inFlight.values()) p.reject(error);
      self.inFlight.clear();
    };
    worker.on('message', ({ id, error, code }: { id: number; error?: string; code?: string }) => {
      const pending = self.inFlight.get(id);
      self.inFlight.delete(id);
      if (error === undefined) pending?.resolve();
      else pending?.reject(new SqliteWriteError(error, code));
    });
    // 'error' (an uncaught exception) is followed by 'exit'; either way nothing in flight is
    // known to be committed, so it is all rejected.
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return self;
  }

  return {
    write(ops) {
      const current = (thread ??= start());
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        current.inFlight.set(id, { resolve, reject });
        try {
          const batch = packed(ops);
          current.worker.postMessage({ id, ops: batch.ops }, [batch.buffer]);
        } catch (error) {
          current.inFlight.delete(id);
          reject(error as Error);
        }
      });
    },
    async close() {
      const current = thread;
      thread = undefined;
      await current?.worker.terminate();
    },
  };
}
