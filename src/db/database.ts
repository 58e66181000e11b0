// Opens the store: SQLite (one file under DATA_DIR, the default) or PostgreSQL (DATABASE_URL).
// Both are configured for durability first: a report is acknowledged only once it is on disk.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Engine = 'sqlite' | 'postgres';
export type Store = { db: Db; engine: Engine; file?: string };

export function openStore(options: { dataDir: string; databaseUrl?: string | undefined }): Store {
  if (options.databaseUrl) return { db: openPostgres(options.databaseUrl), engine: 'postgres' };
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, 'haven.db');
  return { db: openSqlite(file), engine: 'sqlite', file };
}

/**
 * Every SQLite connection Haven opens runs these, in order.
 * WAL lets readers run while the writer commits; synchronous=FULL fsyncs the WAL on every
 * commit, so a receipt the visitor has seen survives a power cut, not only a crash.
 */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // Deleted report content is overwritten, not left in free pages.
  'secure_delete = ON',
] as const;

/**
 * Haven's one SQLite connection is its one writer: every write (intake's group commits, audited
 * back-office actions, limits) goes through it, one transaction at a time (Kysely holds the
 * connection for a transaction's length). Each transaction begins IMMEDIATE, taking the write lock
 * at once: a deferred one that reads first and writes later could fail half-way with SQLITE_BUSY
 * when another process (the CLI, a backup) wrote in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely asks better-sqlite3 to compile every statement anew, each time it runs; Haven runs the same
 * few statements over and over (a report's inserts, a counter's upsert), so compiled statements are
 * kept, the least recently used dropped past `size`. Statements run one at a time on the one
 * connection, so a kept statement is never in use twice.
 */
function keepingStatements(database: SQLite.Database, size = 256): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text) {
      let statement = kept.get(text);
      if (statement) kept.delete(text);
      else statement = database.prepare(text);
      kept.set(text, statement);
      if (kept.size > size) kept.delete(kept.keys().next().value as string);
      return statement;
    },
  };
}

export function openSqlite(file: string): Db {
  const database = new SQLite(file);
  for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(database) }) });
}

// bytea comes back as Buffer; BIGINT (counts) as numbers, which are small here.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

const CONNECT_TIMEOUT_SECONDS = 10;

/**
 * How long a query may wait for a connection (a new one, or a free one when all are busy): the
 * URL's `connect_timeout` in seconds, as libpq reads it, else 10. Without a bound, a database
 * that stops answering would keep every visitor who sends a report waiting with no end.
 */
function connectTimeoutMillis(url: string): number {
  const given = Number(new URL(url).searchParams.get('connect_timeout') ?? Number.NaN);
  return (Number.isInteger(given) && given > 0 ? given : CONNECT_TIMEOUT_SECONDS) * 1000;
}

/**
 * How long one statement may run or wait for a lock before PostgreSQL cancels it: a report stuck
 * behind a lock or a stalled disk then fails, is rolled back, and comes back to its visitor with
 * "send it again", instead of holding them and a pooled connection with no end. A URL parameter
 * `statement_timeout` (milliseconds) replaces it; migrations run without it (migrate.ts).
 */
export const STATEMENT_TIMEOUT_MS = 15_000;

export function openPostgres(url: string): Db {
  // synchronous_commit=on for every connection, set as it opens (not by a later statement that
  // could fail unseen): a commit then returns only once the report is on disk.
  const pool = new pg.Pool({
    connectionString: url,
    max: 16,
    connectionTimeoutMillis: connectTimeoutMillis(url),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    options: '-c synchronous_commit=on',
  });
  // An idle connection ended by the server (restart, fail-over, timeout) is dropped from the
  // pool and replaced on next use; without this listener it would be an uncaught exception.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message.split('\n')[0]}`);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Runs `fn` in a transaction whose commit does not wait for the disk: for data whose loss in a
 * power cut harms nobody (rate-limit counters), so that it does not cost a flush per commit the
 * way a report must. SQLite: synchronous=NORMAL for this transaction alone, on the one connection
 * held throughout (no other transaction can run between the two pragmas), FULL again after.
 * NORMAL, never OFF: a commit may run SQLite's automatic checkpoint, which copies earlier,
 * acknowledged reports from the WAL into the database file; under NORMAL that checkpoint still
 * syncs the WAL first and the file after, under OFF it would not, and the next commit's new WAL
 * would leave those reports only in the page cache. PostgreSQL: synchronous_commit off for this
 * transaction alone (SET LOCAL), which never weakens another transaction's commit.
 */
export function transactionWithoutFlush<T>(store: Pick<Store, 'db' | 'engine'>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (store.engine === 'postgres') {
    return store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      return fn(trx);
    });
  }
  return store.db.connection().execute(async (connection) => {
    await sql`PRAGMA synchronous = NORMAL`.execute(connection);
    try {
      return await connection.transaction().execute(fn);
    } finally {
      await sql`PRAGMA synchronous = FULL`.execute(connection);
    }
  });
}

/** Answers once the database does (the health check). */
export async function isReady(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** A shared setting as recorded, if it is. */
export async function readSetting(db: Db, name: string): Promise<string | undefined> {
  return (await db.selectFrom('server_settings').select('value').where('name', '=', name).executeTakeFirst())?.value;
}

/**
 * A setting every instance must share: the first instance to start records `value`; the value
 * recorded is returned, for the caller to compare with its own.
 */
export async function sharedSetting(db: Db, name: string, value: string): Promise<string> {
  await db
    .insertInto('server_settings')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const recorded = await readSetting(db, name);
  if (recorded === undefined) throw new Error(`the setting ${name} could not be recorded`);
  return recorded;
}

export class NotDurable extends Error {
  override name = 'NotDurable';
}

/**
 * Refuses a PostgreSQL connection whose commits do not wait for the disk: with
 * synchronous_commit=off, a receipt could be shown for a report a crash then loses. Any other
 * value (on, local, remote_write, remote_apply) waits for the local flush.
 */
export async function assertDurableCommits(db: Db): Promise<void> {
  const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(db);
  const value = rows[0]?.synchronous_commit;
  if (value === 'off')
    throw new NotDurable(
      "PostgreSQL has synchronous_commit=off for Haven's connections (check the options in DATABASE_URL): reports could be lost after their receipt is shown",
    );
}

/** A write refused because a unique key already holds its value (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * `write`, with a unique-key refusal turned into `instead` (a domain error the person can act
 * on): two submits of one form, or two people at once, pass a check made before the write, and
 * the second must not get a server error.
 */
export async function orIfTaken<T>(write: Promise<T>, instead: () => Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw instead();
    throw error;
  }
}

/**
 * Holds an organisation's row until the transaction ends, so that checks on its members made in
 * two transactions at once run one after the other. SQLite needs nothing: its write transactions
 * already run one at a time (BEGIN IMMEDIATE).
 */
export async function lockOrganisation(trx: Db, engine: Engine, organisationId: string): Promise<void> {
  if (engine === 'postgres') await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
}
