// Rate-limit counters in the database (table limit_counters), for @fastify/rate-limit's custom
// `store` option when REDIS_URL is not set: every instance on one PostgreSQL counts a visitor in
// the same row. On SQLite each commit fsyncs on the main thread, so hits go through a group
// commit (db/group-commit.ts): all hits of one event-loop turn share one transaction.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type Transaction } from 'kysely';
import type { Store } from '../db/database.ts';
import { createGroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import { createSweeper } from '../db/sweeper.ts';

/** What @fastify/rate-limit wants back: hits in the window so far, and milliseconds until it ends. */
export type Count = { current: number; ttl: number };

export type Counters = {
  /** Counts one hit on `key`; a window that has ended starts again with this hit. */
  hit(key: string, windowMs: number): Promise<Count>;
  /** Resolves once every hit queued so far, and a sweep under way, are settled. */
  settled(): Promise<void>;
  /** As `settled`; later hits are refused. */
  close(): Promise<void>;
};

type Hit = { key: string; windowMs: number; at: number };

/** Expired rows are deleted at most this often, beside a flush. */
export const SWEEP_EVERY_MS = 60_000;

/**
 * `now` is this instance's clock: instances on one database should keep their clocks in step
 * (NTP); a skew of a second or two only moves a window's end by as much.
 */
export function createCounters(store: Store, now: () => number = Date.now): Counters {
  // Hits of one event-loop turn (and those arriving while a commit runs) share one transaction,
  // which does not wait for the disk: a count lost in a power cut harms nobody, while a flush per
  // commit cost a third of intake's rate (each report is counted before it is sealed).
  const commits = createGroupCommit<Hit, Count>(
    store,
    async (trx, hits) => {
      // One statement per key, however many of its hits the batch holds, in key order: two
      // instances' batches then lock their rows in the same order and cannot deadlock on
      // PostgreSQL. A key's hits count in the order they came.
      const byKey = new Map<string, number[]>();
      for (const [i, hit] of hits.entries()) {
        const indexes = byKey.get(hit.key);
        if (indexes) indexes.push(i);
        else byKey.set(hit.key, [i]);
      }
      const counts: Count[] = [];
      for (const key of [...byKey.keys()].sort(compare)) {
        const indexes = byKey.get(key) as number[];
        const last = hits[indexes[indexes.length - 1] as number] as Hit;
        const row = await upsert(trx, last, indexes.length);
        for (const [k, index] of indexes.entries()) {
          counts[index] = { current: row.hits - indexes.length + k + 1, ttl: row.resetsAt - (hits[index] as Hit).at };
        }
      }
      return counts;
    },
    { durable: false },
  );

  /**
   * Deletes ended windows, in its own statement, not awaited by any hit; also on a timer, so that
   * a quiet instance does not keep a window's keys long after it ended. On PostgreSQL it skips
   * rows another transaction holds, so it never waits on a batch that might wait on it.
   */
  const sweeper = createSweeper(
    (at) => {
      const expired = store.db.selectFrom('limit_counters').select('key').where('resets_at', '<=', at);
      return store.db
        .deleteFrom('limit_counters')
        .where('key', 'in', store.engine === 'postgres' ? expired.forUpdate().skipLocked() : expired)
        .execute();
    },
    { everyMs: SWEEP_EVERY_MS, now },
  );

  return {
    hit(key, windowMs) {
      sweeper.due();
      return commits.write({ key, windowMs, at: now() });
    },
    async settled() {
      await commits.settled();
      await sweeper.settled();
    },
    async close() {
      await commits.close();
      await sweeper.stop();
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * When the window holding `at` ends. Windows are aligned to the clock (every ten minutes on the
 * ten, say), not started by a client's first hit: a stored end then tells only which window a
 * client was counted in, never the moment they came.
 */
export function windowEnd(at: number, windowMs: number): number {
  return (Math.floor(at / windowMs) + 1) * windowMs;
}

/** `n` hits of one key: a new row, n more in a running window, or a new window once the last has ended. */
async function upsert(trx: Transaction<Database>, { key, windowMs, at }: Hit, n: number): Promise<{ hits: number; resetsAt: number }> {
  const ended = sql<boolean>`limit_counters.resets_at <= ${at}`;
  const row = await trx
    .insertInto('limit_counters')
    .values({ key, hits: n, resets_at: windowEnd(at, windowMs) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`CASE WHEN ${ended} THEN ${n} ELSE limit_counters.hits + ${n} END`,
        resets_at: sql<number>`CASE WHEN ${ended} THEN excluded.resets_at ELSE limit_counters.resets_at END`,
      }),
    )
    .returning(['hits', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetsAt: Number(row.resets_at) };
}

/**
 * The class @fastify/rate-limit instantiates for its `store` option. Every limiter shares it:
 * limiters keep apart by the name in their keys (limits.ts), as they must under Redis too.
 */
export function counterStore(counters: Counters): FastifyRateLimitStoreCtor {
  return class CounterStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow: number) {
      counters.hit(key, timeWindow).then(
        (count) => callback(null, count),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    child() {
      return this;
    }
  };
}
