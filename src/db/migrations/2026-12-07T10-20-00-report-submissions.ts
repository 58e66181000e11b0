// The forms' one-time submission tokens, shared by every instance: a keyed digest of each report
// received under a token, written in the same transaction as the report, so the same form sent
// again (to this instance or another) is filed once. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, SqliteAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('report_submissions')
    .addColumn('digest', bytes, (c) => c.primaryKey())
    // The hour, like the report's own: an exact time could tie a report to a visit.
    .addColumn('received_at', 'text', (c) => c.notNull())
    // Rows in digest order, not in arrival order, which the reports table's own order would match
    // (SQLite; on PostgreSQL the time stored is the hour the report row already shows).
    .$call((t) => (db.getExecutor().adapter instanceof SqliteAdapter ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  await db.schema.createIndex('report_submissions_received').on('report_submissions').column('received_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_submissions').execute();
}
