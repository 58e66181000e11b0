// Scale-out on PostgreSQL: several Haven instances behind a load balancer share one database. A
// reporter's look-up may reach any of them, so every instance must find every receipt; an
// instance that could not (another server secret) must refuse to start rather than answer "not
// found" to every reporter.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { type Haven, SecretMismatch, startHaven } from '../../src/haven.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { fileByApi, postJson } from '../support/reports.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only';
const online = { urls: ['https://example.org/a'], category: 'images' };

/** One fresh database, and a way to start instances on it, each with its own data directory. */
async function sharedDatabase(t: Parameters<typeof teardownInReverse>[0]) {
  const hooks = teardownInReverse(t);
  const databaseUrl = await freshPostgres(hooks);
  assert.ok(databaseUrl);
  return async (dataDir: string, env: Record<string, string> = {}): Promise<Haven> => {
    const haven = await startHaven(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEAL_WORKERS: '0', ...env }));
    hooks.after(() => haven.close());
    return haven;
  };
}

async function lookUp(haven: Haven, receipt: string) {
  return postJson(haven.app, '/api/v1/reports/status', { receipt });
}

/** The receipt leads to its report: 200, with the history a new report has. */
async function assertFound(haven: Haven, receipt: string, what: string) {
  const answer = await lookUp(haven, receipt);
  assert.equal(answer.statusCode, 200, `${what}: ${answer.body}`);
  assert.equal((answer.json() as { history: { status: string }[] }).history[0]?.status, 'received', what);
}

test('instances sharing a HAVEN_SECRET find each other’s receipts', { skip }, async (t) => {
  const start = await sharedDatabase(t);
  const env = { HAVEN_SECRET: randomBytes(32).toString('base64') };
  // One after the other: the first creates the schema and the demo organisations.
  const a = await start(tempDir(t), env);
  const b = await start(tempDir(t), env);
  for (const [issuer, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const receipt = await fileByApi(issuer.app, 'online', online);
    await assertFound(other, receipt, 'a receipt from one instance, looked up on another');
  }
  // So that a 200 above means "found": a receipt no instance gave is not.
  assert.equal((await lookUp(b, '0A1B-2C3D-4E5F-6G7H')).statusCode, 404);
});

test('an instance with a secret of its own refuses to start on a shared database, naming HAVEN_SECRET', { skip }, async (t) => {
  const start = await sharedDatabase(t);
  // Without HAVEN_SECRET, each instance generates a secret into its own data directory.
  const firstDir = tempDir(t);
  const first = await start(firstDir);
  const receipt = await fileByApi(first.app, 'online', online);

  await assert.rejects(start(tempDir(t)), (error: unknown) => {
    assert.ok(error instanceof SecretMismatch, `refused with ${String(error)}`);
    assert.match(error.message, /HAVEN_SECRET/);
    return true;
  });

  // The refusal changed nothing for the first instance, and the remedy it names works: with the
  // first one's secret, a second instance starts and finds the first one's receipts.
  await assertFound(first, receipt, 'the first instance, after another was refused');
  const sameSecretDir = tempDir(t);
  fs.copyFileSync(path.join(firstDir, 'secret'), path.join(sameSecretDir, 'secret'));
  await assertFound(await start(sameSecretDir), receipt, 'an instance given the first one’s secret');
});
