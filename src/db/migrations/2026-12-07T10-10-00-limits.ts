// Rate-limit counters shared by every instance (used when REDIS_URL is not set). Frozen: imports
// no app code.
import { type Kysely, SqliteAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // key: the limiter's name and a keyed hash of the client (never an address); resets_at: when
  // the window ends, in milliseconds since the epoch. No index on resets_at: expired rows are
  // swept at most once a minute, and a full scan then is cheaper than one more index to update
  // on every hit.
  await db.schema
    .createTable('limit_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'bigint', (c) => c.notNull())
    // Rows in key order, not in the order clients came: a copy of the file must not tell who
    // came after whom (SQLite; PostgreSQL's heap order is lost to updates and vacuum).
    .$call((t) => (db.getExecutor().adapter instanceof SqliteAdapter ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('limit_counters').execute();
}
