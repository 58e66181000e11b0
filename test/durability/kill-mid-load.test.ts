// Promise 6, "nothing acknowledged is lost": the real server, under concurrent submissions, is
// killed without warning; after a restart on the same data, every receipt a client received
// still leads to its report, and the database is intact. The same run checks promise 3 on the
// process's own output: no visitor address, user agent or report content is ever printed.
//
// SIGKILL stops the process, not the machine, so this catches a receipt given before its commit
// (or a commit lost in a queue), not a missing fsync; synchronous=FULL / synchronous_commit are
// what cover power loss, and they are configured in src/db/database.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { fieldsFor, newMarker } from '../support/reports.ts';
import { startServer } from '../support/server-process.ts';

const CLIENTS = 32;
const MAX_SUBMISSIONS = 3000;
// Kill once this many receipts are out: late enough that commits are in full flow, early enough
// (of MAX_SUBMISSIONS) that requests are still arriving, however fast or slow the machine.
const KILL_AFTER_RECEIPTS = 200;

test('every receipt a client received survives a kill -9 in the middle of the load', { timeout: 180_000 }, async (t) => {
  const hooks = teardownInReverse(t);
  const dataDir = tempDir(hooks);
  const databaseUrl = await freshPostgres(hooks);
  const marker = newMarker();
  const visitorAddress = '198.51.100.77';
  const userAgent = `HavenProbe/1.0 (${marker}; like Gecko)`;
  const visitor = { 'x-forwarded-for': visitorAddress, 'user-agent': userAgent };
  const env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Behind a proxy the forwarded address becomes the client address: the strictest case for logs.
    TRUST_PROXY: '1',
    STATUS_LOOKUPS_PER_MINUTE: '10000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };

  const first = await startServer(hooks, env);

  const bodies = [
    (i: number) => ({ channel: 'online', fields: { ...fieldsFor('online', marker), description: `MARKER-${marker} report ${i}` } }),
    (i: number) => ({ channel: 'child-abuse', fields: { ...fieldsFor('child-abuse', marker), description: `MARKER-${marker} report ${i}` } }),
  ];
  const receipts: string[] = [];
  const unexpected: string[] = [];
  let issued = 0;
  let killed = false;
  let enough: () => void = () => {};
  const enoughReceipts = new Promise<void>((resolve) => (enough = resolve));

  async function client() {
    while (!killed && issued < MAX_SUBMISSIONS) {
      const i = issued++;
      try {
        const response = await fetch(`${first.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...visitor },
          body: JSON.stringify(bodies[i % bodies.length]?.(i)),
        });
        const text = await response.text();
        // Only a complete 201 with its receipt counts as acknowledged, as for a real client.
        if (response.status === 201) {
          receipts.push((JSON.parse(text) as { receipt: string }).receipt);
          if (receipts.length === KILL_AFTER_RECEIPTS) enough();
        } else if (!killed) unexpected.push(`${response.status} ${text.slice(0, 200)}`);
      } catch (error) {
        if (!killed) unexpected.push(String(error));
        return;
      }
    }
  }

  const clients = Promise.all(Array.from({ length: CLIENTS }, client));
  // The clients stop before that only when submissions fail (checked below, after the kill).
  await Promise.race([enoughReceipts, clients]);
  const receivedBeforeKill = receipts.length;
  const inFlightAtKill = issued - receipts.length - unexpected.length;
  killed = true;
  const death = await first.kill('SIGKILL');
  await clients;
  t.diagnostic(`${receivedBeforeKill} receipts received before the kill (${receipts.length} in all), ${inFlightAtKill} requests in flight, ${issued} sent`);
  assert.equal(death.signal, 'SIGKILL');
  assert.deepEqual(unexpected, [], 'no submission failed before the kill');
  assert.ok(receivedBeforeKill >= KILL_AFTER_RECEIPTS, `${receivedBeforeKill} receipts before the kill, of ${KILL_AFTER_RECEIPTS}`);
  assert.ok(inFlightAtKill > 0, 'requests were in flight when the server was killed');
  if (!databaseUrl) t.diagnostic(`after the kill: ${fs.readdirSync(dataDir).join(', ')}`);

  // Restart on the same data, with every request logged, and look every receipt up.
  const second = await startServer(hooks, { ...env, LOG_LEVEL: 'debug' });
  const lost: string[] = [];
  let next = 0;
  async function checker() {
    while (next < receipts.length) {
      const receipt = receipts[next++] as string;
      const response = await fetch(`${second.url}/api/v1/reports/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...visitor },
        body: JSON.stringify({ receipt }),
      });
      const body = (await response.json()) as { history?: { status: string }[] };
      if (response.status !== 200 || body.history?.[0]?.status !== 'received') lost.push(`${receipt}: ${response.status}`);
    }
  }
  await Promise.all(Array.from({ length: 16 }, checker));
  assert.deepEqual(lost, [], `${lost.length} of ${receipts.length} acknowledged reports were lost`);

  const stopped = await second.kill('SIGTERM');
  assert.equal(stopped.code, 0, `a graceful stop exits cleanly:\n${second.output()}`);

  let stored: number;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      stored = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM reports')).rows[0]?.n);
      const orphans = await client.query('SELECT 1 FROM report_events e LEFT JOIN reports r ON r.id = e.report_id WHERE r.id IS NULL');
      assert.equal(orphans.rowCount, 0, 'no history without its report');
    } finally {
      await client.end();
    }
  } else {
    const db = new SQLite(path.join(dataDir, 'haven.db'), { readonly: true, fileMustExist: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      stored = Number(db.prepare('SELECT count(*) AS n FROM reports').pluck().get());
    } finally {
      db.close();
    }
  }
  t.diagnostic(`${stored} reports stored for ${receipts.length} receipts`);
  assert.ok(stored >= receipts.length, `${stored} reports stored, ${receipts.length} acknowledged`);

  // Promise 3 on what the process itself printed, under load, kill and restart.
  const printed = first.output() + second.output();
  assert.ok(printed.includes('request completed'), 'the restarted server logged its requests (LOG_LEVEL=debug)');
  for (const secret of [visitorAddress, userAgent, 'HavenProbe', marker]) {
    assert.ok(!printed.includes(secret), `the server printed ${secret}`);
  }
});
