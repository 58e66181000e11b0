// The server secret keys every receipt and URL hash: if it changed, every receipt would become
// unknown. It is created once, kept private, never replaced, and the same for every process
// that starts on the same data directory, even at the same moment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadServerKeys } from '../../src/crypto/secrets.ts';
import { tempDir } from '../support/haven.ts';
import { REPO_ROOT } from '../support/server-process.ts';

const run = promisify(execFile);

test('the secret is created once, private, and read back the same', (t) => {
  const dir = path.join(tempDir(t), 'data');
  const first = loadServerKeys(dir, undefined);
  const file = path.join(dir, 'secret');
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
  assert.equal(Buffer.from(fs.readFileSync(file, 'utf8'), 'base64').length, 32);
  assert.deepEqual(fs.readdirSync(dir), ['secret'], 'no temporary file left behind');
  const again = loadServerKeys(dir, undefined);
  assert.deepEqual(again.receipt, first.receipt);
  assert.deepEqual(again.url, first.url);
  assert.notDeepEqual(first.receipt, first.url, 'each purpose has its own key');
});

test('a secret file others could read is made private', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'secret');
  fs.writeFileSync(file, Buffer.alloc(32, 3).toString('base64'), { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  loadServerKeys(dir, undefined);
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
});

test('a damaged secret stops start-up, naming the file, and is never replaced', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'secret');
  fs.writeFileSync(file, 'not a secret', { mode: 0o600 });
  assert.throws(
    () => loadServerKeys(dir, undefined),
    (error: Error) => error.message.includes(file),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a secret');
});

test('HAVEN_SECRET is used as given, and nothing is written', (t) => {
  const dir = path.join(tempDir(t), 'data');
  const secret = Buffer.alloc(32, 5).toString('base64');
  const a = loadServerKeys(dir, secret);
  assert.deepEqual(loadServerKeys(path.join(tempDir(t), 'other'), secret), a);
  assert.equal(fs.existsSync(path.join(dir, 'secret')), false);
});

test('processes starting together on one data directory agree on one secret', async (t) => {
  const dir = path.join(tempDir(t), 'data');
  const script = `import { loadServerKeys } from ${JSON.stringify(path.join(REPO_ROOT, 'src/crypto/secrets.ts'))};
process.stdout.write(loadServerKeys(${JSON.stringify(dir)}, undefined).receipt.toString('hex'));`;
  const outputs = await Promise.all(
    Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT })),
  );
  const keys = new Set(outputs.map((o) => o.stdout));
  assert.equal(keys.size, 1, 'one secret for all');
  assert.deepEqual(loadServerKeys(dir, undefined).receipt.toString('hex'), [...keys][0]);
});

test('a data directory whose secret was replaced refuses to start, instead of losing every receipt', async (t) => {
  const { loadConfig } = await import('../../src/config.ts');
  const { startHaven } = await import('../../src/haven.ts');
  const dataDir = tempDir(t);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEAL_WORKERS: '0' });
  await (await startHaven(config)).close();
  fs.rmSync(path.join(dataDir, 'secret'));
  await assert.rejects(startHaven(config), /different server secret: set HAVEN_SECRET/);
});
