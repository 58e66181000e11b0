// The outbox table's queries. Times are ISO-8601 strings in UTC (`toISOString()`), which sort as
// the instants they name, so "due" is a string comparison on both databases.
import type { Kysely, Transaction } from 'kysely';
import type { Engine } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

export type ClaimedMail = { id: string; kind: string; payload: Buffer; attempts: number };

/** Kept when a mail has been sent: the row stays (kind, times, attempts), its content does not. */
const NOTHING = Buffer.alloc(0);

export async function insertMail(trx: Transaction<Database>, row: { id: string; kind: string; payload: Buffer; dueAt: string }): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({ id: row.id, kind: row.kind, payload: row.payload, attempts: 0, next_attempt_at: row.dueAt, done_at: null, last_error: null })
    .execute();
}

/**
 * Takes up to `limit` mails due at `now` for this instance alone: each one's next attempt moves to
 * `leaseUntil` and its attempts count one more, in the statement that picks it. Another instance
 * sees them as not due until the lease runs out, so a mail whose sender dies mid-send (a crash, a
 * restart) is taken again then: never lost, and sent twice only if the sender died after the
 * relay took it and before it was marked sent. PostgreSQL: FOR UPDATE SKIP LOCKED, so instances
 * claiming at once take different mails without waiting on each other; a mail one of them claimed
 * and committed meanwhile is re-checked against the WHERE and, no longer due, left out. SQLite:
 * the caller's transaction (BEGIN IMMEDIATE) holds the one write lock.
 */
export async function claimDue(
  db: Kysely<Database>,
  engine: Engine,
  { now, leaseUntil, limit }: { now: string; leaseUntil: string; limit: number },
): Promise<ClaimedMail[]> {
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('done_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .where('done_at', 'is', null)
    .returning(['id', 'kind', 'payload', 'attempts'])
    .execute();
  return rows.map((row) => ({ ...row, payload: Buffer.from(row.payload) }));
}

/** Sent: the sealed content (an invitation's link) is dropped, not kept past its use. */
export async function markSent(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('outbox').set({ done_at: at, payload: NOTHING, last_error: null }).where('id', '=', id).execute();
}

/** Refused for good by the relay (a permanent 5xx): given up, its content dropped, why kept. */
export async function markRefused(db: Kysely<Database>, id: string, at: string, error: string): Promise<void> {
  await db.updateTable('outbox').set({ done_at: at, payload: NOTHING, last_error: error }).where('id', '=', id).execute();
}

/** Not sent: why (never the mail itself), and when to try again. */
export async function markFailed(db: Kysely<Database>, id: string, error: string, retryAt: string): Promise<void> {
  await db.updateTable('outbox').set({ last_error: error, next_attempt_at: retryAt }).where('id', '=', id).where('done_at', 'is', null).execute();
}
