// The bar of "limits shared by instances": two Haven processes on one PostgreSQL (or one Redis),
// sharing HAVEN_SECRET, count a visitor's status look-ups together, whichever instance answers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { type ServerProcess, startServer } from '../support/server-process.ts';
import { REDIS_URL, redisAnswers } from './support.ts';

const LIMIT = 3;
const onPostgres = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: two instances on one PostgreSQL';
const withRedis = (await redisAnswers()) ? false : `no Redis answers at ${REDIS_URL}: start one to run this test`;

async function twoInstances(t: Parameters<typeof teardownInReverse>[0], env: Record<string, string>): Promise<[ServerProcess, ServerProcess]> {
  const hooks = teardownInReverse(t);
  const databaseUrl = await freshPostgres(hooks);
  const shared = {
    HAVEN_SECRET: randomBytes(32).toString('base64'),
    STATUS_LOOKUPS_PER_MINUTE: String(LIMIT),
    LOG_LEVEL: 'warn',
    SEAL_WORKERS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  };
  // One after the other: the first creates the schema. Each has its own data directory, as on
  // its own machine (without PostgreSQL, its own SQLite database too).
  const first = await startServer(hooks, { ...shared, DATA_DIR: tempDir(hooks) });
  return [first, await startServer(hooks, { ...shared, DATA_DIR: tempDir(hooks) })];
}

/** Look-ups of a wrong number, sent to each instance in turn: their statuses and API error codes. */
async function alternateLookUps(instances: ServerProcess[], count: number) {
  const answers: { status: number; code: string | undefined }[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${instances[i % instances.length]?.url}/api/v1/reports/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: 'AAAA-BBBB-CCCC-DDDD' }),
    });
    const body = (await response.json()) as { errors?: { code: string }[] };
    answers.push({ status: response.status, code: body.errors?.[0]?.code });
  }
  return answers;
}

async function sharedCount(instances: [ServerProcess, ServerProcess]) {
  const answers = await alternateLookUps(instances, 2 * LIMIT);
  assert.deepEqual(
    answers.map((a) => a.status),
    [...Array(LIMIT).fill(404), ...Array(LIMIT).fill(429)],
    'refused from the 4th look-up on, counted across both instances',
  );
  assert.deepEqual(new Set(answers.slice(LIMIT).map((a) => a.code)), new Set(['rate-limited']));
}

test('two instances on one PostgreSQL count a visitor’s look-ups together', { skip: onPostgres, timeout: 120_000 }, async (t) => {
  await sharedCount(await twoInstances(t, {}));
});

test('two instances with one Redis count a visitor’s look-ups together', { skip: withRedis, timeout: 120_000 }, async (t) => {
  // On one PostgreSQL when there is one; else each on its own SQLite, so only Redis is shared.
  await sharedCount(await twoInstances(t, { REDIS_URL }));
});
