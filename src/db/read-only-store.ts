// A store that can only read, for the operators' checks (`haven audit verify`, `audit head`):
// nothing is created, migrated or changed, so checking a copy, or a live database, leaves it as
// it was. (SQLite may add empty -wal and -shm files next to a database that had none.)
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Store } from './database.ts';
import type { Database } from './schema.ts';

export function openReadOnlyStore(options: { file: string; databaseUrl?: string | undefined }): Store {
  if (options.databaseUrl) {
    // Every transaction on these connections is read-only: PostgreSQL refuses any write.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, options: '-c default_transaction_read_only=on' });
    pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message.split('\n')[0]}`));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
  }
  // fileMustExist: a mistyped DATA_DIR is an error, not a new empty database that "verifies".
  const database = new SQLite(options.file, { readonly: true, fileMustExist: true });
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), engine: 'sqlite', file: options.file };
}
