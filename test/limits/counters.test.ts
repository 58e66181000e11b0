// The database store for rate limits: it counts per key, starts a new window once the last has
// ended, applies one event-loop turn's hits in one transaction, sweeps ended windows now and
// then, and counts right when two instances hit the same keys at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../../src/db/database.ts';
import { createCounters, SWEEP_EVERY_MS } from '../../src/limits/counters.ts';
import { limitStore } from '../../src/limits/limits.ts';
import { limitedApp, migratedStore, statuses } from './support.ts';

/** The store, with a count of the transactions begun on it. */
function countingTransactions(store: Store): { store: Store; transactions: () => number } {
  let transactions = 0;
  const db = new Proxy(store.db, {
    get(target, name) {
      // A batch's one transaction: on SQLite, inside the one connection it holds throughout.
      if (name === (store.engine === 'sqlite' ? 'connection' : 'transaction')) transactions++;
      const value = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: { ...store, db }, transactions: () => transactions };
}

test('hits are counted per key, with the time left in the window, windows aligned to the clock', async (t) => {
  const { store } = await migratedStore(t);
  let now = 960_000; // a minute's start
  const counters = createCounters(store, () => now);
  t.after(() => counters.close());
  assert.deepEqual(await counters.hit('a', 60_000), { current: 1, ttl: 60_000 });
  now += 1000;
  assert.deepEqual(await counters.hit('a', 60_000), { current: 2, ttl: 59_000 });
  // Its window is the clock's, not one started by its first hit: the stored end tells nothing
  // finer than which minute a client came in.
  assert.deepEqual(await counters.hit('b', 60_000), { current: 1, ttl: 59_000 }, 'another key has its own count');
  const stored = await store.db.selectFrom('limit_counters').select('resets_at').where('key', '=', 'b').executeTakeFirstOrThrow();
  assert.equal(Number(stored.resets_at), 1_020_000);
  now += 1000;
  assert.deepEqual(await counters.hit('a', 60_000), { current: 3, ttl: 58_000 });
});

test('a window that has ended starts again with the next hit', async (t) => {
  const { store } = await migratedStore(t);
  let now = 1_000_000;
  const counters = createCounters(store, () => now);
  t.after(() => counters.close());
  for (let i = 1; i <= 3; i++) assert.equal((await counters.hit('a', 500)).current, i);
  now += 499;
  assert.deepEqual(await counters.hit('a', 500), { current: 4, ttl: 1 }, 'still inside the window');
  now += 1;
  assert.deepEqual(await counters.hit('a', 500), { current: 1, ttl: 500 }, 'the window ended: a new one begins');
  assert.deepEqual(await counters.hit('a', 500), { current: 2, ttl: 500 });
});

test('the hits of one event-loop turn are applied in one transaction, each answered with its own count', async (t) => {
  const { store: plain } = await migratedStore(t);
  const { store, transactions } = countingTransactions(plain);
  const counters = createCounters(store);
  t.after(() => counters.close());
  const keys = Array.from({ length: 30 }, (_, i) => `key-${(i * 7) % 3}`);
  const counts = await Promise.all(keys.map((key) => counters.hit(key, 60_000)));
  assert.equal(transactions(), 1, '30 hits, one commit');
  for (const key of new Set(keys)) {
    const currents = counts.filter((_, i) => keys[i] === key).map((c) => c.current);
    assert.deepEqual(currents, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], `${key}: one count each, in the order they came`);
  }
  await counters.hit('key-0', 60_000);
  assert.equal(transactions(), 2, 'a later turn is its own transaction');
});

test('ended windows are deleted during a flush, at most once a minute', async (t) => {
  const { store } = await migratedStore(t);
  let now = 1_000_000;
  const counters = createCounters(store, () => now);
  const keys = async () => {
    await counters.settled(); // the sweep runs beside the hits: wait for it
    return (await store.db.selectFrom('limit_counters').select('key').orderBy('key').execute()).map((r) => r.key);
  };
  await counters.hit('old', 1000);
  now += SWEEP_EVERY_MS;
  await counters.hit('new', 1000);
  assert.deepEqual(await keys(), ['new'], 'the ended window is gone');
  now += 1000;
  await counters.hit('newer', 1000);
  assert.deepEqual(await keys(), ['new', 'newer'], 'no second sweep within the minute');
});

test('two instances hitting the same keys at once count every hit once', async (t) => {
  const { store, open } = await migratedStore(t);
  const one = createCounters(store);
  const other = createCounters(open());
  t.after(() => Promise.all([one.close(), other.close()]));
  // Both connected first, so that their batches below overlap.
  await Promise.all([one.hit('warm-up', 60_000), other.hit('warm-up', 60_000)]);
  const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
  const rounds = 5;
  const answers: { key: string; current: number }[] = [];
  await Promise.all(
    Array.from({ length: rounds }, async () => {
      // Opposite orders in the two instances: batches that locked rows in arrival order would deadlock.
      const hits = [...keys.map((key) => [one, key] as const), ...[...keys].reverse().map((key) => [other, key] as const)];
      await Promise.all(hits.map(async ([counters, key]) => answers.push({ key, current: (await counters.hit(key, 60_000)).current })));
    }),
  );
  for (const key of keys) {
    const currents = answers.filter((a) => a.key === key).map((a) => a.current);
    assert.deepEqual(
      currents.sort((a, b) => a - b),
      Array.from({ length: 2 * rounds }, (_, i) => i + 1),
      `${key}: every hit counted once`,
    );
  }
});

test('through the plugin, each named limiter refuses the one hit too many, per client', async (t) => {
  const { store } = await migratedStore(t);
  const app = await limitedApp(t, await limitStore(store, undefined), ['look-up', 'intake'], 2, 60_000);
  assert.deepEqual(await statuses(app, 'look-up', '192.0.2.1', 3), [200, 200, 429]);
  assert.deepEqual(await statuses(app, 'intake', '192.0.2.1', 3), [200, 200, 429], 'another limiter counts on its own');
  assert.deepEqual(await statuses(app, 'look-up', '192.0.2.2', 1), [200], 'another client counts on its own');
  const rows = await store.db.selectFrom('limit_counters').select(['key', 'hits']).orderBy('key').execute();
  assert.deepEqual(rows, [
    { key: 'intake:192.0.2.1', hits: 3 },
    { key: 'look-up:192.0.2.1', hits: 3 },
    { key: 'look-up:192.0.2.2', hits: 1 },
  ]);
});
