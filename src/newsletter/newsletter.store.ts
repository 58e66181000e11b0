// The subscribers table's queries. The database handle goes first, so that a caller composes
// them inside one transaction with the mail they queue.
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewsletterSubscriberTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type Subscriber = NewsletterSubscriberTable;

export async function findByAddress(db: Db, addressDigest: Buffer): Promise<Subscriber | undefined> {
  return db.selectFrom('newsletter_subscribers').selectAll().where('address_digest', '=', addressDigest).executeTakeFirst();
}

export async function findPendingByConfirmation(db: Db, confirmDigest: Buffer): Promise<Subscriber | undefined> {
  return db.selectFrom('newsletter_subscribers').selectAll().where('confirm_digest', '=', confirmDigest).where('status', '=', 'pending').executeTakeFirst();
}

export async function findByUnsubscribe(db: Db, unsubscribeDigest: Buffer): Promise<Subscriber | undefined> {
  return db.selectFrom('newsletter_subscribers').selectAll().where('unsubscribe_digest', '=', unsubscribeDigest).executeTakeFirst();
}

/** Inserts a pending subscriber unless one has the address already; true when inserted. */
export async function insertPending(db: Db, row: Subscriber): Promise<boolean> {
  const inserted = await db
    .insertInto('newsletter_subscribers')
    .values(row)
    .onConflict((oc) => oc.column('address_digest').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Confirms a pending subscriber and spends its link; false when the link was already used. */
export async function confirmSubscriber(db: Db, id: string, at: string): Promise<boolean> {
  const updated = await db
    .updateTable('newsletter_subscribers')
    .set({ status: 'confirmed', confirm_digest: null, confirmed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function deleteByUnsubscribe(db: Db, unsubscribeDigest: Buffer): Promise<boolean> {
  const deleted = await db.deleteFrom('newsletter_subscribers').where('unsubscribe_digest', '=', unsubscribeDigest).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** A locale's confirmed subscribers after `afterId`, in id order (keyset pagination for batches). */
export async function confirmedBatch(db: Db, locale: string, afterId: string, limit: number): Promise<Pick<Subscriber, 'id' | 'sealed_address'>[]> {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['id', 'sealed_address'])
    .where('status', '=', 'confirmed')
    .where('locale', '=', locale)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Deletes subscribers still pending that were created before `before` (ISO); answers how many. */
export async function deletePendingBefore(db: Db, before: string): Promise<number> {
  const deleted = await db.deleteFrom('newsletter_subscribers').where('status', '=', 'pending').where('created_at', '<', before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** How many subscribers there are, per language and status (the editors' counts). */
export function countByLocaleAndStatus(db: Db) {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['locale', 'status', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['locale', 'status'])
    .execute();
}

/** How many confirmed subscribers a language has (what a send will reach). */
export async function countConfirmed(db: Db, locale: string): Promise<number> {
  const row = await db
    .selectFrom('newsletter_subscribers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'confirmed')
    .where('locale', '=', locale)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every subscriber, oldest first, address still sealed (the editors' export). */
export function listForExport(db: Db) {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['sealed_address', 'locale', 'status', 'created_at', 'confirmed_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Deletes the subscriber with this address digest, if any; answers how many (0 or 1). */
export async function deleteByAddress(db: Db, addressDigest: Buffer): Promise<number> {
  const result = await db.deleteFrom('newsletter_subscribers').where('address_digest', '=', addressDigest).executeTakeFirst();
  return Number(result.numDeletedRows);
}
