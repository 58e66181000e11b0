// With REDIS_URL, the counters live in Redis (through @fastify/rate-limit's own Redis store):
// named limiters count apart, a window ends on time, and an outage is answered with an error at
// once or within the command timeout, never a wait without end. Needs a Redis at 127.0.0.1:6379.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Store } from '../../src/db/database.ts';
import { limitStore } from '../../src/limits/limits.ts';
import { limitedApp, REDIS_URL, redisAnswers, statuses } from './support.ts';

const skip = (await redisAnswers()) ? false : `no Redis answers at ${REDIS_URL}: start one to run these tests`;
// With Redis, the database is not used for limits.
const noStore = {} as Store;
/** Names unique to this run: the counters of an earlier run may still be in Redis. */
const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

test('each named limiter refuses the one hit too many, per client, and nothing is kept in the database', { skip }, async (t) => {
  const [lookUp, intake] = [unique('look-up'), unique('intake')];
  const app = await limitedApp(t, await limitStore(noStore, REDIS_URL), [lookUp, intake], 2, 60_000);
  assert.deepEqual(await statuses(app, lookUp, '192.0.2.1', 3), [200, 200, 429]);
  assert.deepEqual(await statuses(app, intake, '192.0.2.1', 3), [200, 200, 429], 'another limiter counts on its own');
  assert.deepEqual(await statuses(app, lookUp, '192.0.2.2', 1), [200], 'another client counts on its own');
});

test('a window that has ended starts again', { skip }, async (t) => {
  const name = unique('short');
  const app = await limitedApp(t, await limitStore(noStore, REDIS_URL), [name], 2, 300);
  assert.deepEqual(await statuses(app, name, '192.0.2.1', 3), [200, 200, 429]);
  const redis = new Redis(REDIS_URL);
  t.after(() => redis.quit());
  // Until Redis has let the counter expire (it holds nothing else with this name).
  while ((await redis.keys(`haven:limit:*${name}:*`)).length) await sleep(20);
  assert.deepEqual(await statuses(app, name, '192.0.2.1', 3), [200, 200, 429]);
});

test('Redis that does not answer at start-up stops Haven with a message', async () => {
  const closed = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  await assert.rejects(limitStore(noStore, `redis://127.0.0.1:${closed}`), /Redis at REDIS_URL does not answer: .*ECONNREFUSED/);
});

test('a Redis outage is answered with errors, within the command timeout, not held', { skip }, async (t) => {
  // A relay between Haven and Redis that the test can stall, then cut.
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(6379, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (data) => stalled || upstream.write(data));
    upstream.on('data', (data) => client.write(data));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => relay.close(resolve)));
  const { port } = relay.address() as net.AddressInfo;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));

  const name = unique('outage');
  const app = await limitedApp(t, await limitStore(noStore, `redis://127.0.0.1:${port}`), [name], 100, 60_000);
  assert.deepEqual(await statuses(app, name, '192.0.2.1', 1), [200]);

  stalled = true;
  let began = Date.now();
  assert.deepEqual(await statuses(app, name, '192.0.2.1', 1), [500], 'Redis took the command and said nothing');
  assert.ok(Date.now() - began < 4000, `answered after ${Date.now() - began} ms`);

  relay.close();
  for (const socket of sockets) socket.destroy();
  while (!warnings.some((w) => w.includes('REDIS_URL'))) await sleep(10); // the client has noticed
  began = Date.now();
  assert.deepEqual(await statuses(app, name, '192.0.2.1', 3), [500, 500, 500], 'Redis is gone');
  assert.ok(Date.now() - began < 1000, `answered after ${Date.now() - began} ms`);
  assert.equal(warnings.filter((w) => w.includes('REDIS_URL')).length, 1, 'one warning per outage');
});
