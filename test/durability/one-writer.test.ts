// One writer per SQLite database: every write goes through Haven's one connection, durably
// (synchronous=FULL), and each transaction takes the write lock as it begins (IMMEDIATE), so a
// transaction never fails half-way for want of the lock, however many reports are arriving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { transactionWithoutFlush } from '../../src/db/database.ts';
import { testHaven } from '../support/haven.ts';
import { countReports, fieldsFor, newMarker } from '../support/reports.ts';

const SQLITE_ONLY = { skip: process.env.TEST_DATABASE_URL ? 'SQLite only' : false };

test('SQLite commits are durable: synchronous=FULL, in WAL mode', SQLITE_ONLY, async (t) => {
  const haven = await testHaven(t);
  const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(haven.store.db);
  assert.equal(rows[0]?.synchronous, 2, 'FULL');
  const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(haven.store.db);
  assert.equal(mode.rows[0]?.journal_mode, 'wal');
});

test('a commit that need not wait for the disk (rate-limit counters) leaves every later commit durable', SQLITE_ONLY, async (t) => {
  const haven = await testHaven(t);
  const synchronous = async () => (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(haven.store.db)).rows[0]?.synchronous;
  // NORMAL inside, never OFF: under OFF, a checkpoint run by this commit would copy acknowledged
  // reports into the database file without syncing it.
  const inside = await transactionWithoutFlush(haven.store, async (trx) => {
    await trx.insertInto('server_settings').values({ name: 'light', value: '1' }).execute();
    return (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(trx)).rows[0]?.synchronous;
  });
  assert.equal(inside, 1, 'NORMAL while the counters commit');
  assert.equal(await synchronous(), 2, 'FULL again after a commit');
  await assert.rejects(
    transactionWithoutFlush(haven.store, async (trx) => {
      await trx.insertInto('server_settings').values({ name: 'light', value: 'again' }).execute();
    }),
  );
  assert.equal(await synchronous(), 2, 'FULL again after a failure');
  assert.equal((await haven.store.db.selectFrom('server_settings').select('value').where('name', '=', 'light').executeTakeFirst())?.value, '1');
});

test('an SQLite transaction takes the write lock as it begins', SQLITE_ONLY, async (t) => {
  const haven = await testHaven(t);
  const file = `${haven.dataDir}/haven.db`;
  // While Haven's transaction is open, before it has written anything, another connection
  // cannot begin writing: the lock was taken by BEGIN itself (a deferred BEGIN takes none).
  await haven.store.db.transaction().execute(async (trx) => {
    await sql`SELECT 1`.execute(trx);
    const other = new SQLite(file, { timeout: 0 });
    try {
      assert.throws(() => other.exec('BEGIN IMMEDIATE'), /database is locked/);
    } finally {
      other.close();
    }
  });
});

test('while reports flood in, every other transaction commits', { timeout: 60_000 }, async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '1000000' });
  const reports = Array.from({ length: 300 }, () => haven.intake.submit('online', fieldsFor('online', newMarker())));
  // Small transactions of another kind, interleaved with the reports' group commits.
  const others = Array.from({ length: 60 }, (_, i) =>
    haven.store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('server_settings')
        .values({ name: `flood-${i}`, value: String(i) })
        .execute();
    }),
  );
  const settled = await Promise.allSettled([...reports, ...others]);
  const failed = settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason));
  assert.deepEqual(failed, []);
  assert.equal(await countReports(haven.store), 300);
  const written = await haven.store.db.selectFrom('server_settings').select('name').where('name', 'like', 'flood-%').execute();
  assert.equal(written.length, 60);
});
