// Group commit: writes that arrive together share one durable transaction, a bad one fails alone,
// and closing lets what was queued commit first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupCommit } from '../../src/db/group-commit.ts';
import { testHaven } from '../support/haven.ts';

test('writes that arrive together share one transaction; a bad one fails alone', async (t) => {
  const haven = await testHaven(t);
  const batches: number[] = [];
  const commits = createGroupCommit<string, string>(haven.store, async (trx, names) => {
    batches.push(names.length);
    await trx
      .insertInto('server_settings')
      .values(names.map((name) => ({ name, value: 'x' })))
      .execute();
    return names;
  });
  t.after(() => commits.close());
  // 'dup' twice: the second breaks its batch's primary key, so the batch is tried write by write.
  const names = [...Array.from({ length: 200 }, (_, i) => `group-${i}`), 'dup', 'dup'];
  const settled = await Promise.allSettled(names.map((name) => commits.write(name)));
  assert.equal(batches[0], names.length, 'the first commit carried every write of the turn');
  assert.deepEqual(
    settled.map((s) => s.status),
    [...Array(201).fill('fulfilled'), 'rejected'],
  );
  const stored = await haven.store.db.selectFrom('server_settings').select('name').where('name', 'like', 'group-%').execute();
  assert.equal(stored.length, 200);
});

test('closing waits for the queued writes, then refuses new ones', async (t) => {
  const haven = await testHaven(t);
  const commits = createGroupCommit<string, void>(haven.store, async (trx, names) => {
    await trx
      .insertInto('server_settings')
      .values(names.map((name) => ({ name, value: 'x' })))
      .execute();
    return names.map(() => undefined);
  });
  const queued = Array.from({ length: 20 }, (_, i) => commits.write(`closing-${i}`));
  await commits.close();
  assert.equal((await Promise.allSettled(queued)).filter((s) => s.status === 'fulfilled').length, 20);
  await assert.rejects(commits.write('late'), { name: 'GroupCommitClosed' });
});

test('a batch the database fails for being unavailable fails at once, not once more per write', async (t) => {
  const haven = await testHaven(t);
  let attempts = 0;
  const commits = createGroupCommit<string, void>(haven.store, async () => {
    attempts++;
    throw Object.assign(new Error('connection timeout'), { code: 'ETIMEDOUT' });
  });
  t.after(() => commits.close());
  const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => commits.write(`w-${i}`)));
  assert.deepEqual(new Set(settled.map((s) => s.status)), new Set(['rejected']));
  assert.equal(attempts, 1, 'one attempt for the whole batch');
});
