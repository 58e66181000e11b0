// Rate-limit counters shared by every instance (used when REDIS_URL is not set). Frozen: imports
// no app code.
import type { Kysely } from 'kysely';

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
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('limit_counters').execute();
}
