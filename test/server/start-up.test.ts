// An operator's typo stops the real server at once, with one line naming the variable: no stack
// trace to read through, no half-started server, no secret printed.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/haven.ts';
import { spawnServer, startServer } from '../support/server-process.ts';

test('a wrong setting stops the server with a message naming it', async (t) => {
  const secret = `${Buffer.alloc(32, 9).toString('base64')}!`;
  const notADirectory = path.join(tempDir(t), 'a-file');
  fs.writeFileSync(notADirectory, '');
  const busy = net.createServer().listen(0, '127.0.0.1');
  await once(busy, 'listening');
  t.after(() => busy.close());
  const cases = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ HAVEN_SECRET: secret }, 'HAVEN_SECRET'],
    [{ DATA_DIR: notADirectory }, 'DATA_DIR'],
    [{ PORT: String((busy.address() as net.AddressInfo).port) }, 'PORT'],
    // An address from the documentation range: no machine here has it.
    [{ HOST: '192.0.2.1', PORT: '0' }, 'HOST'],
  ] as const;
  // Both at once: most of each run is loading the code, not the check.
  await Promise.all(
    cases.map(async ([env, variable]) => {
      const server = spawnServer(t, { DATA_DIR: tempDir(t), HOST: '127.0.0.1', ...env });
      const { code } = await server.exited;
      const output = server.output();
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`Haven cannot start: invalid ${variable}\\b`));
      assert.ok(!/^\s+at /m.test(output), `no stack trace:\n${output}`);
      assert.ok(!output.includes(secret.slice(0, 20)), 'the secret is not printed');
    }),
  );
});

test('what Haven writes in its data directory is private to its user, whatever the directory allowed', async (t) => {
  const dataDir = tempDir(t);
  fs.chmodSync(dataDir, 0o755);
  const server = await startServer(t, { DATA_DIR: dataDir, HOST: '127.0.0.1' });
  const response = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'online', fields: { urls: ['https://example.org/a'], category: 'images' } }),
  });
  assert.equal(response.status, 201);
  const files = fs.readdirSync(dataDir);
  for (const name of ['haven.db', 'haven.db-wal', 'secret']) assert.ok(files.includes(name), `${name} is there (${files.join(', ')})`);
  for (const name of files) assert.equal((fs.statSync(path.join(dataDir, name)).mode & 0o777).toString(8), '600', name);
});
