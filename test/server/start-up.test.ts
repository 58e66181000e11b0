// An operator's typo stops the real server at once, with one line naming the variable: no stack
// trace to read through, no half-started server, no secret printed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../support/haven.ts';
import { spawnServer } from '../support/server-process.ts';

test('a wrong setting stops the server with a message naming it', async (t) => {
  const dataDir = tempDir(t);
  const secret = `${Buffer.alloc(32, 9).toString('base64')}!`;
  const cases = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ HAVEN_SECRET: secret }, 'HAVEN_SECRET'],
  ] as const;
  // Both at once: most of each run is loading the code, not the check.
  await Promise.all(
    cases.map(async ([env, variable]) => {
      const server = spawnServer(t, { DATA_DIR: dataDir, HOST: '127.0.0.1', ...env });
      const { code } = await server.exited;
      const output = server.output();
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`Haven cannot start: invalid ${variable}\\b`));
      assert.ok(!/^\s+at /m.test(output), `no stack trace:\n${output}`);
      assert.ok(!output.includes(secret.slice(0, 20)), 'the secret is not printed');
    }),
  );
});
