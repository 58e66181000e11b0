// Demo mode as an operator meets it at `npm start`: the demo accounts' passwords go to a file only
// Haven's user reads, never to the console (a service's output lands in journals and log
// collectors), and a demo left on by default does not listen beyond this machine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/haven.ts';
import { spawnServer, startServer } from '../support/server-process.ts';

test('the demo accounts’ passwords go to DATA_DIR/demo-credentials.txt (0600), which the start-up message names', async (t) => {
  const dataDir = tempDir(t);
  const file = path.join(dataDir, 'demo-credentials.txt');
  const first = await startServer(t, { DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3999' });
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
  const logins = lines.map((l) => l.split('\t')[0]);
  assert.deepEqual(logins.sort(), ['hotline-analyst', 'hotline-supervisor', 'operator-admin', 'police-analyst', 'police-supervisor']);
  const output = first.output();
  for (const line of lines) {
    const password = line.split('\t')[1] ?? assert.fail(line);
    assert.ok(password.length >= 16, 'a random password');
    assert.ok(!output.includes(password), 'no password on the console');
  }
  assert.ok(output.includes(file), output);
  assert.match(output, /http:\/\/localhost:3999\/office\//);
  assert.match(output, /authenticator app \(TOTP\)/);
  await first.kill('SIGTERM');

  // A second start creates nothing new, keeps the file as it was, and still says where it is.
  const before = fs.readFileSync(file, 'utf8');
  const second = await startServer(t, { DATA_DIR: dataDir });
  assert.ok(second.output().includes(file), second.output());
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  await second.kill('SIGTERM');
});

test('demo mode left to its default does not start on an address beyond this machine', async (t) => {
  const root = tempDir(t);
  const dataDir = path.join(root, 'data');
  const server = spawnServer(t, { DATA_DIR: dataDir, HOST: '0.0.0.0', PORT: '0' });
  const { code } = await server.exited;
  const output = server.output();
  assert.equal(code, 1, output);
  assert.match(output, /^Haven cannot start: invalid HOST: "0\.0\.0\.0" .*HAVEN_DEMO/m);
  assert.ok(!/^\s+at /m.test(output), `no stack trace:\n${output}`);
  assert.deepEqual(fs.readdirSync(root), [], 'nothing created');
});
