// On PostgreSQL, connections end for ordinary reasons: a restart or fail-over, an administrator,
// an idle timeout. Haven must take the next report on a new connection, not crash: a crash loses
// every submission in flight with it.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { NotDurable, openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { startHaven } from '../../src/haven.ts';
import { freshPostgres, teardownInReverse, tempDir, testHaven } from '../support/haven.ts';
import { fileByApi, postJson } from '../support/reports.ts';

const online = { urls: ['https://example.org/a'], category: 'images' };
const POSTGRES_ONLY = { skip: process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only' };

test('Haven keeps taking reports when PostgreSQL ends its connections', POSTGRES_ONLY, async (t) => {
  const haven = await testHaven(t);
  assert.ok(haven.databaseUrl);
  // Several at once, so the pool holds several idle connections afterwards.
  await Promise.all(Array.from({ length: 4 }, () => fileByApi(haven.app, 'online', online)));

  const database = new URL(haven.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    assert.ok(rows.length > 0, 'Haven had connections to end');
    // Wait until they are gone, so Haven has seen the ends before the next request.
    for (let i = 0; i < 100; i++) {
      const left = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (left.rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await admin.end();
  }
  await new Promise((r) => setTimeout(r, 100));

  const receipt = await fileByApi(haven.app, 'online', online);
  assert.equal((await postJson(haven.app, '/api/v1/reports/status', { receipt })).statusCode, 200);
});

test('Haven commits with synchronous_commit on, and will not start on connections that turn it off', POSTGRES_ONLY, async (t) => {
  const local = teardownInReverse(t);
  // A database whose own default is off: Haven's connections still wait for the disk.
  const url = await freshPostgres(local);
  assert.ok(url);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} SET synchronous_commit = off`);
  await admin.end();
  const haven = await startHaven(loadConfig({ DATA_DIR: tempDir(local), LOG_LEVEL: 'silent', SEAL_WORKERS: '0', DATABASE_URL: url }));
  local.after(() => haven.close());
  const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(haven.store.db);
  assert.equal(rows[0]?.synchronous_commit, 'on');

  // Connection options that turn it off are refused at start, with the reason.
  const off = new URL(url);
  off.searchParams.set('options', '-c synchronous_commit=off');
  await assert.rejects(
    startHaven(loadConfig({ DATA_DIR: tempDir(local), LOG_LEVEL: 'silent', SEAL_WORKERS: '0', DATABASE_URL: off.toString() })),
    (error: Error) => error instanceof NotDurable && /synchronous_commit=off/.test(error.message),
  );
});

test('a database that accepts connections and never answers fails a query after connect_timeout, not never', { timeout: 15_000 }, async (t) => {
  // Anything could sit at the database's address: a stalled server, a half-open firewall.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const db = openPostgres(`postgres://haven@127.0.0.1:${port}/haven?connect_timeout=1`);
  // pg's connect timer does not hold the process open; this does, so the test sees it fire.
  const awake = setInterval(() => {}, 100);
  t.after(async () => {
    clearInterval(awake);
    for (const socket of sockets) socket.destroy();
    await db.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  const started = performance.now();
  await assert.rejects(sql`SELECT 1`.execute(db), /timeout/i);
  const waited = performance.now() - started;
  assert.ok(waited >= 900 && waited < 5_000, `gave up after connect_timeout (1 s): ${Math.round(waited)} ms`);
});

test(
  'a report stuck behind a lock gives up after statement_timeout, comes back to be sent again, and is received once the lock goes',
  POSTGRES_ONLY,
  async (t) => {
    const bySetting = await testHaven(t);
    const { rows: setting } = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(bySetting.store.db);
    assert.equal(setting[0]?.statement_timeout, '15s', 'with nothing in DATABASE_URL, a statement may take 15 s');
    // The same bound, shorter, as an operator would set it in DATABASE_URL.
    const haven = await testHaven(t, {}, { databaseParams: { statement_timeout: '500' } });
    assert.ok(haven.databaseUrl);
    // Someone else holds the reports table: an administrator's long transaction, a stuck migration.
    const holder = new pg.Client({ connectionString: haven.databaseUrl });
    await holder.connect();
    // Ended here, not in an after hook: those drop the database first.
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE reports IN ACCESS EXCLUSIVE MODE');

      const started = performance.now();
      const stuck = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: online });
      const waited = performance.now() - started;
      assert.equal(stuck.statusCode, 503, stuck.body);
      assert.equal((stuck.json() as { errors: { code: string }[] }).errors[0]?.code, 'unavailable');
      assert.ok(waited >= 400 && waited < 5_000, `answered after statement_timeout (0.5 s): ${Math.round(waited)} ms`);

      await holder.query('ROLLBACK');
      const receipt = await fileByApi(haven.app, 'online', online);
      assert.equal((await postJson(haven.app, '/api/v1/reports/status', { receipt })).statusCode, 200);
      const { rows } = await holder.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
      assert.equal(rows[0]?.n, 1, 'the report that gave up left nothing behind');
    } finally {
      await holder.end();
    }
  },
);

test('migrations wait for another instance’s migrations longer than a request may wait', POSTGRES_ONLY, async (t) => {
  const hooks = teardownInReverse(t);
  const fresh = await freshPostgres(hooks);
  assert.ok(fresh);
  const url = new URL(fresh);
  url.searchParams.set('statement_timeout', '300');
  const db = openPostgres(url.toString());
  hooks.after(() => db.destroy());
  // Another instance starting at the same moment holds the migration lock (Kysely's advisory
  // lock) for a second, three times the statement timeout.
  const other = new pg.Client({ connectionString: fresh });
  await other.connect();
  hooks.after(() => other.end());
  await other.query('SELECT pg_advisory_lock(3853314791062309107)');
  const released = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() => other.query('SELECT pg_advisory_unlock(3853314791062309107)'));

  const started = performance.now();
  try {
    await migrateToLatest(db);
  } finally {
    await released;
  }
  const waited = performance.now() - started;
  assert.ok(waited >= 900, `the migrations waited for the lock (${Math.round(waited)} ms), so the test saw what it is about`);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM channels`.execute(db);
  assert.equal(rows[0]?.n, 0, 'the schema is there');
  const { rows: timeout } = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(db);
  assert.equal(timeout[0]?.statement_timeout, '300ms', 'requests keep their bound after the migrations');
});
