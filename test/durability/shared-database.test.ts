// Scale-out on PostgreSQL: several Haven instances behind a load balancer share one database. A
// reporter's look-up may reach any of them, so every instance must find every receipt.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { type Haven, startHaven } from '../../src/haven.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { fileByApi, postJson } from '../support/reports.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only';
const online = { urls: ['https://example.org/a'], category: 'images' };

async function instances(t: Parameters<typeof teardownInReverse>[0], env: Record<string, string>): Promise<[Haven, Haven]> {
  const hooks = teardownInReverse(t);
  const databaseUrl = await freshPostgres(hooks);
  assert.ok(databaseUrl);
  const start = async () => {
    // Each instance has its own data directory, as on its own machine.
    const haven = await startHaven(loadConfig({ DATA_DIR: tempDir(hooks), DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEAL_WORKERS: '0', ...env }));
    hooks.after(() => haven.close());
    return haven;
  };
  // One after the other: the first creates the schema and the demo organisations.
  const first = await start();
  return [first, await start()];
}

async function answersEachOther(a: Haven, b: Haven) {
  for (const [issuer, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const receipt = await fileByApi(issuer.app, 'online', online);
    const answer = await postJson(other.app, '/api/v1/reports/status', { receipt });
    assert.equal(answer.statusCode, 200, `a receipt from one instance, looked up on another: ${answer.body}`);
  }
}

test('instances sharing a HAVEN_SECRET find each other’s receipts', { skip }, async (t) => {
  const [a, b] = await instances(t, { HAVEN_SECRET: randomBytes(32).toString('base64') });
  await answersEachOther(a, b);
});

test('instances started without HAVEN_SECRET find each other’s receipts, or refuse to start', { skip }, async (t) => {
  let pair: [Haven, Haven];
  try {
    pair = await instances(t, {});
  } catch (error) {
    // Refusing to start, with a message that says what to set, keeps the promise too.
    assert.match(String(error), /HAVEN_SECRET/);
    return;
  }
  await answersEachOther(...pair);
});
