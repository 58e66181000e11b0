// The newsletter's subscribers: an address is found by its keyed digest and kept only sealed
// (the keys derive from the server secret, which never enters the database); one-time links are
// kept as digests too. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address_digest', bytes, (c) => c.notNull().unique())
    .addColumn('sealed_address', bytes, (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // 'pending' until the link in the confirmation mail is followed, then 'confirmed'.
    .addColumn('status', 'text', (c) => c.notNull())
    // Null once used: the confirmation link works once.
    .addColumn('confirm_digest', bytes, (c) => c.unique())
    .addColumn('unsubscribe_digest', bytes, (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();
  // Sending an issue reads one locale's confirmed subscribers in id order; the sweeper, the
  // pending ones by age.
  await db.schema.createIndex('newsletter_subscribers_sending').on('newsletter_subscribers').columns(['status', 'locale', 'id']).execute();
  await db.schema.createIndex('newsletter_subscribers_age').on('newsletter_subscribers').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_subscribers').execute();
}
