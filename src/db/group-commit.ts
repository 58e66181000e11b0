// Group commit: many writes that arrive together share one transaction, so one durable commit
// (an fsync) serves them all. Every durable commit costs the disk's flush time; one commit per
// write would cap intake near the disk's single-commit rate.
//
// Writes queue up; once per event-loop turn, if no commit is running, everything queued is
// written in one transaction and each waiting caller is answered once it is on disk. While a
// commit runs, new writes queue for the next one. A failing batch is retried write by write, so
// one bad write fails alone. The same code serves SQLite and PostgreSQL.
import type { Transaction } from 'kysely';
import { type Store, transactionWithoutFlush } from './database.ts';
import type { Database } from './schema.ts';

/** Writes a batch in the given transaction; resolves with one outcome per item, in order. */
export type WriteBatch<Item, Outcome> = (trx: Transaction<Database>, items: Item[]) => Promise<Outcome[]>;

export type GroupCommit<Item, Outcome> = {
  /** Resolves with the item's outcome once its transaction has committed. */
  write(item: Item): Promise<Outcome>;
  /** Resolves once every write queued so far is settled. */
  settled(): Promise<void>;
  /** Resolves once every write queued so far is settled; later writes are refused. */
  close(): Promise<void>;
};

type Waiting<Item, Outcome> = { item: Item; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void };

/**
 * The database refused a statement for what it held, not for being unavailable: SQLite's
 * constraint, type and size errors; PostgreSQL's data exceptions (class 22) and integrity
 * constraint violations (class 23).
 */
export function refusedForItsContent(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

export class GroupCommitClosed extends Error {
  override name = 'GroupCommitClosed';
}

/**
 * `durable: false` is for writes whose loss in a power cut harms nobody (rate-limit counters):
 * their commits do not wait for the disk (transactionWithoutFlush). Reports are always durable.
 */
export function createGroupCommit<Item, Outcome>(
  store: Pick<Store, 'db' | 'engine'>,
  writeBatch: WriteBatch<Item, Outcome>,
  { durable = true }: { durable?: boolean } = {},
): GroupCommit<Item, Outcome> {
  let queue: Waiting<Item, Outcome>[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  const write = (batch: Waiting<Item, Outcome>[]) => (trx: Transaction<Database>) =>
    writeBatch(
      trx,
      batch.map((w) => w.item),
    );
  const commit = (batch: Waiting<Item, Outcome>[]) => (durable ? store.db.transaction().execute(write(batch)) : transactionWithoutFlush(store, write(batch)));

  async function flush(): Promise<void> {
    scheduled = false;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        const outcomes = await commit(batch);
        for (const [i, w] of batch.entries()) w.resolve(outcomes[i] as Outcome);
      } catch (error) {
        // Nothing of the batch is committed. A database that is down or too slow fails the whole
        // batch at once: trying each write again would hold every visitor behind it for one more
        // timeout each. A write the database refused for its own content (a constraint, a value
        // it cannot hold) is found by trying each alone, so that only it fails.
        if (batch.length === 1 || !refusedForItsContent(error)) for (const w of batch) w.reject(error);
        else
          for (const w of batch) {
            await commit([w]).then(
              ([outcome]) => w.resolve(outcome as Outcome),
              (alone: unknown) => w.reject(alone),
            );
          }
      }
    }
  }

  function start() {
    running = flush().finally(() => {
      running = undefined;
      if (queue.length) schedule();
    });
  }

  function schedule() {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(start);
  }

  return {
    write(item) {
      if (closed) return Promise.reject(new GroupCommitClosed('no more writes are taken'));
      return new Promise<Outcome>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    async settled() {
      while (running || scheduled || queue.length) {
        if (running) await running;
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
    close() {
      closed = true;
      return this.settled();
    },
  };
}
