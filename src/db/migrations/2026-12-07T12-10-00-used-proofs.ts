// Proof-of-work solutions already used (intake/proof-of-work.ts), shared by every instance, so a
// solution counts once across all of them. Kept only while its challenge could still be used.
// Frozen: imports no app code.
import { type Kysely, PostgresAdapter, SqliteAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  // nonce: the challenge's random nonce (nothing about the visitor); forget_at: when the row may
  // go, in milliseconds since the epoch, rounded up to the hour so that it does not tell the
  // minute a form was opened.
  await db.schema
    .createTable('used_proofs')
    .addColumn('nonce', bytes, (c) => c.primaryKey())
    .addColumn('forget_at', 'bigint', (c) => c.notNull())
    // Rows in nonce order (random), not in the order visitors came (SQLite).
    .$call((t) => (db.getExecutor().adapter instanceof SqliteAdapter ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('used_proofs').execute();
}
