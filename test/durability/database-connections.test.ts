// On PostgreSQL, connections end for ordinary reasons: a restart or fail-over, an administrator,
// an idle timeout. Haven must take the next report on a new connection, not crash: a crash loses
// every submission in flight with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { testHaven } from '../support/haven.ts';
import { fileByApi, postJson } from '../support/reports.ts';

const online = { urls: ['https://example.org/a'], category: 'images' };

test('Haven keeps taking reports when PostgreSQL ends its connections', {
  skip: process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only',
}, async (t) => {
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
