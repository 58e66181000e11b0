// Group commit's promises, on a real SQLite file with the production pragmas: concurrent
// submissions share commits, nobody is answered before their rows are committed, one bad row
// fails only its own submission, and a drain leaves nothing queued.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { openSqlite } from './database.ts';
import { createGroupCommit } from './group-commit.ts';

type Row = { id: number; note: string };

async function scratchDatabase(t: { after(fn: () => unknown): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-group-commit-'));
  const db = openSqlite(path.join(dir, 'test.db')) as unknown as Kysely<{ items: Row }>;
  t.after(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`.execute(db);
  const commits: number[] = [];
  const write = async (rows: Row[]) => {
    await db.transaction().execute((trx) => trx.insertInto('items').values(rows).execute());
    commits.push(rows.length);
  };
  const count = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(db)).rows[0]?.n);
  const has = async (id: number) => (await sql`SELECT 1 FROM items WHERE id = ${id}`.execute(db)).rows.length === 1;
  return { db, write, commits, count, has };
}

test('concurrent submissions share commits, and each is answered only once committed', async (t) => {
  const { write, commits, has } = await scratchDatabase(t);
  const group = createGroupCommit(write);
  const answeredBeforeCommitted: number[] = [];
  await Promise.all(
    Array.from({ length: 200 }, async (_, id) => {
      await group.submit({ id, note: `row ${id}` });
      // Read with a fresh query the moment the submitter is answered: the row must be there.
      if (!(await has(id))) answeredBeforeCommitted.push(id);
    }),
  );
  assert.deepEqual(answeredBeforeCommitted, []);
  assert.equal(
    commits.reduce((a, b) => a + b, 0),
    200,
  );
  assert.ok(commits.length <= 10, `200 concurrent submissions took ${commits.length} commits`);
});

test('one bad row fails its own submission only', async (t) => {
  const { write, count, has } = await scratchDatabase(t);
  const group = createGroupCommit(write);
  // id 3 twice: the second breaks the primary key, and with it the shared transaction.
  const ids = [1, 2, 3, 4, 3, 5, 6];
  const results = await Promise.allSettled(ids.map((id, i) => group.submit({ id, note: `submission ${i}` })));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
  );
  assert.equal(await count(), 6);
  for (const id of [1, 2, 3, 4, 5, 6]) assert.ok(await has(id), `row ${id}`);
});

test('batches respect their limit, and drain waits for everything queued', async (t) => {
  const { write, commits, count } = await scratchDatabase(t);
  const group = createGroupCommit(write, 8);
  const pending = Array.from({ length: 50 }, (_, id) => group.submit({ id, note: 'x' }));
  await group.drain();
  assert.equal(await count(), 50, 'drained: every queued row is committed');
  assert.ok(
    commits.every((n) => n <= 8),
    `batch sizes ${commits.join(', ')}`,
  );
  await Promise.all(pending);
});
