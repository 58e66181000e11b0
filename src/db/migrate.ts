// Runs the migrations in src/db/migrations in name order (timestamped names).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, PostgresAdapter, sql } from 'kysely';
import type { Db } from './database.ts';

export async function migrateToLatest(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return migrate(db);
  // On one connection with no statement timeout: rewriting a large table may take longer than
  // any request should, and a migration cancelled half-way would stop Haven from starting. Only
  // a migration that succeeds gives the connection back with the timeout restored; one that
  // fails stops start-up, and the pool with this connection is closed with it.
  await db.connection().execute(async (connection) => {
    await sql`SET statement_timeout = 0`.execute(connection);
    await migrate(connection);
    await sql`RESET statement_timeout`.execute(connection);
  });
}

async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({
      fs,
      path,
      migrationFolder: path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), 'migrations'),
    }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
