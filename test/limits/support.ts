// Helpers for the limit tests: a migrated store (SQLite, or a fresh PostgreSQL database when
// TEST_DATABASE_URL is set), whether a Redis answers, and a bare app limited by named limiters.
import net from 'node:net';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { LimitStore } from '../../src/limits/limits.ts';
import { clientLimits } from '../../src/limits/limits.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';

type Hooks = Parameters<typeof teardownInReverse>[0];

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A store with Haven's schema, closed after the test; `file` is reused to open a second one. */
export async function migratedStore(t: Hooks): Promise<{ store: Store; open(): Store }> {
  const hooks = teardownInReverse(t);
  const dataDir = tempDir(hooks);
  const databaseUrl = await freshPostgres(hooks);
  const open = () => {
    const store = openStore({ dataDir, databaseUrl });
    hooks.after(() => store.db.destroy());
    return store;
  };
  const store = open();
  await migrateToLatest(store.db);
  return { store, open };
}

/** Whether something answers PING at 127.0.0.1:6379 within a second. */
export async function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * A bare app with the plugin on `limits`: GET /NAME is limited by the limiter NAME (`max` hits per
 * `windowMs`), the client being the request's address as it is (no hashing needed here).
 */
export async function limitedApp(t: Hooks, limits: LimitStore, names: string[], max: number, windowMs: number): Promise<FastifyInstance> {
  const app = Fastify();
  app.addHook('onClose', () => limits.close());
  await app.register(rateLimit, { global: false, ...limits.options, keyGenerator: (request) => request.ip });
  const limit = clientLimits(app, (address) => address);
  for (const name of names) app.get(`/${name}`, { onRequest: limit(name, max, windowMs) }, async () => ({ ok: true }));
  t.after(() => app.close());
  return app;
}

/** The statuses of GET /name from `address`, `times` times in a row. */
export async function statuses(app: FastifyInstance, name: string, address: string, times: number): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < times; i++) answers.push((await app.inject({ method: 'GET', url: `/${name}`, remoteAddress: address })).statusCode);
  return answers;
}
