// The pipeline's promises, on the engine under test: a receipt is given only for a report that is
// committed, sealed for its recipient with its receipt's keys and hashes; every report is settled,
// whatever happens to the sealing threads or the writer thread, and the next reports are stored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { generateKeyPair, openSealed } from '../../src/crypto/box.ts';
import { receiptLookupHash, reporterKeyPair } from '../../src/crypto/receipt.ts';
import { keyedHash } from '../../src/crypto/secrets.ts';
import { openSqlite } from '../../src/db/database.ts';
import type { ReportJob } from '../../src/intake/prepare-report.ts';
import { createReportPipeline, type PipelineOptions } from '../../src/intake/report-pipeline.ts';
import { tempDir, type TestHaven, testHaven } from '../support/haven.ts';
import { countReports } from '../support/reports.ts';

const recipient = generateKeyPair();
const job = (body: string, urls: string[] = []): ReportJob => ({
  channelId: 'online',
  organisationId: 'hotline-demo',
  recipientPublicKey: recipient.publicKey,
  category: 'images',
  country: null,
  urls,
  body,
});

function pipelineFor(t: { after(fn: () => unknown): void }, haven: TestHaven, options: Partial<PipelineOptions> = {}) {
  const pipeline = createReportPipeline({ store: haven.store, keys: haven.keys, workers: 1, ...options });
  t.after(() => pipeline.close());
  return pipeline;
}

/** The real sealing thread, except that a report whose body is DIE makes the thread exit, DIE
 *  AFTER makes it exit right after handing its batch on, and THROW makes it throw outside any
 *  report (an uncaught exception). */
function dyingWorker(t: { after(fn: () => unknown): void }): URL {
  const file = path.join(tempDir(t, 'haven-pipeline-'), 'dying.worker.mjs');
  fs.writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
     // Wraps the real thread's listener, so that the check runs before the batch is sealed.
     const on = parentPort.on.bind(parentPort);
     parentPort.on = (event, listener) => on(event, (message) => {
       if (message.jobs?.some((j) => j.job.body === 'DIE')) process.exit(3);
       if (message.jobs?.some((j) => j.job.body === 'DIE AFTER')) { listener(message); process.exit(3); }
       if (message.jobs?.some((j) => j.job.body === 'THROW')) setImmediate(() => { throw new Error('worker broke'); });
       else listener(message);
     });
     await import(${JSON.stringify(new URL('../../src/intake/sealing.worker.mjs', import.meta.url).href)});`,
  );
  return pathToFileURL(file);
}

async function rowFor(haven: TestHaven, receipt: string) {
  return haven.store.db
    .selectFrom('reports')
    .selectAll()
    .where('receipt_hash', '=', receiptLookupHash(haven.keys.receipt, receipt))
    .executeTakeFirstOrThrow();
}

for (const workers of [0, 2]) {
  test(`each report is committed, sealed for its recipient under its own receipt, before it is answered (${workers} sealing threads)`, async (t) => {
    const haven = await testHaven(t);
    const pipeline = pipelineFor(t, haven, { workers });
    const urls = (i: number) => Array.from({ length: i % 3 }, (_, u) => `https://example.org/${i}/${u}`);
    const bodies = Array.from({ length: 40 }, (_, i) => `report ${i}`);
    const stored = await Promise.all(
      bodies.map(async (body, i) => {
        const receipt = await pipeline.store(job(body, urls(i)));
        // Looked up the moment the receipt is given: the report must be there.
        return { receipt, row: await rowFor(haven, receipt) };
      }),
    );
    assert.equal(new Set(stored.map((s) => s.receipt)).size, bodies.length, 'every report has its own receipt');
    for (const [i, { receipt, row }] of stored.entries()) {
      assert.equal(openSealed(Buffer.from(row.sealed_body), recipient).toString().trimEnd(), bodies[i]);
      assert.deepEqual(Buffer.from(row.reporter_public_key), reporterKeyPair(receipt).publicKey);
      const hashes = await haven.store.db.selectFrom('report_urls').select('url_hash').where('report_id', '=', row.id).execute();
      assert.deepEqual(hashes.map((h) => Buffer.from(h.url_hash).toString('hex')).sort(), urls(i).map((u) => keyedHash(haven.keys.url, u).toString('hex')).sort());
      const events = await haven.store.db.selectFrom('report_events').select(['seq', 'type']).where('report_id', '=', row.id).execute();
      assert.deepEqual(events, [{ seq: 1, type: 'received' }]);
    }
  });
}

test('a report that cannot be sealed or stored fails alone', async (t) => {
  const haven = await testHaven(t);
  const pipeline = pipelineFor(t, haven, { workers: 1 });
  const results = await Promise.allSettled([
    pipeline.store({ ...job('bad key'), recipientPublicKey: new Uint8Array(3) }),
    pipeline.store({ ...job('no such channel'), channelId: 'nowhere' }),
    pipeline.store(job('good')),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'fulfilled'],
  );
  assert.equal(await countReports(haven.store), 1);
});

for (const death of ['DIE', 'THROW']) {
  test(`when a sealing thread dies (${death}), its reports are refused and the next ones are stored`, async (t) => {
    const haven = await testHaven(t);
    const pipeline = pipelineFor(t, haven, { workers: 1, workerUrl: dyingWorker(t) });
    await pipeline.store(job('BEFORE'));
    // The neighbour shares the dying thread's batch: it is refused too, never left hanging.
    const lost = await Promise.allSettled([pipeline.store(job(death)), pipeline.store(job('NEIGHBOUR'))]);
    assert.deepEqual(
      lost.map((r) => (r.status === 'rejected' ? String(r.reason.message) : 'stored')),
      Array(2).fill(death === 'DIE' ? 'a sealing thread stopped (exit code 3)' : 'worker broke'),
    );
    const after = await pipeline.store(job('AFTER'));
    assert.equal(openSealed(Buffer.from((await rowFor(haven, after)).sealed_body), recipient).toString().trimEnd(), 'AFTER');
    assert.equal(await countReports(haven.store), 2);
  });
}

/** SQLite: holds the write lock from another connection until `release`, so that the writer
 *  thread cannot commit meanwhile (it waits: its busy_timeout is 5 s). PostgreSQL: nothing. */
function holdWriteLock(t: { after(fn: () => unknown): void }, haven: TestHaven): { release(): void } {
  if (!haven.store.file) return { release() {} };
  const lock = new SQLite(haven.store.file, { timeout: 5000 });
  lock.exec('BEGIN IMMEDIATE');
  const release = () => {
    if (lock.open) lock.exec('COMMIT');
    lock.close();
  };
  t.after(release);
  return { release };
}

test('a report its sealing thread handed on just before dying is stored and answered, not refused', async (t) => {
  const haven = await testHaven(t);
  const pipeline = pipelineFor(t, haven, { workers: 1, workerUrl: dyingWorker(t) });
  await pipeline.store(job('BEFORE')); // the thread has started and is connected to the writer
  // The writer thread cannot commit until the pipeline has seen the sealing thread exit (without
  // the lock it would win the race, and this test would tell nothing). PostgreSQL: the rows come
  // back to the main thread before the thread's exit is reported.
  const lock = holdWriteLock(t, haven);
  // Both share the batch the thread seals, hands on, and then dies.
  const stored = Promise.allSettled([pipeline.store(job('DIE AFTER')), pipeline.store(job('NEIGHBOUR'))]);
  // A second for the pipeline to see the exit: were the two refused on seeing it, their rows would
  // still go on to the disk.
  await Promise.race([stored, sleep(1000)]);
  lock.release();
  const outcomes = await stored;
  const receipts = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : assert.fail(`refused: ${o.reason}`)));
  for (const [i, body] of ['DIE AFTER', 'NEIGHBOUR'].entries()) {
    assert.equal(openSealed(Buffer.from((await rowFor(haven, receipts[i] as string)).sealed_body), recipient).toString().trimEnd(), body);
  }
  // The thread's exit may not be noticed yet: a report sent to it meanwhile is refused (and not
  // stored), and its visitor sends it again.
  let after: string | undefined;
  for (let attempt = 0; attempt < 3 && !after; attempt++) after = await pipeline.store(job('AFTER')).catch(() => undefined);
  assert.ok(after && (await rowFor(haven, after)), 'a report sent after the death is stored');
  assert.equal(await countReports(haven.store), 4, 'a refused report is not stored');
});

test('a report still waiting in a dead sealing thread\'s port when the writer is busy is stored and answered', async (t) => {
  const haven = await testHaven(t);
  if (haven.engine !== 'sqlite') return t.skip('SQLite only: PostgreSQL has no writer thread');
  // Two threads; batches go to them in turn, so these two start both and connect them.
  const pipeline = pipelineFor(t, haven, { workers: 2, workerUrl: dyingWorker(t) });
  await pipeline.store(job('BEFORE 0'));
  await pipeline.store(job('BEFORE 1'));
  const lock = holdWriteLock(t, haven);
  // The first thread's report reaches the writer, which then waits for the lock: the second
  // thread's rows, sent as it dies, stay queued in its port, unread, until the writer is asked.
  const blocker = pipeline.store(job('BLOCKER'));
  await sleep(300);
  const stored = Promise.allSettled([blocker, pipeline.store(job('DIE AFTER'))]);
  await Promise.race([stored, sleep(1000)]);
  lock.release();
  for (const outcome of await stored) assert.equal(outcome.status, 'fulfilled', String((outcome as PromiseRejectedResult).reason));
  assert.equal(await countReports(haven.store), 4);
});

test('when the writer thread dies, the reports in flight are refused, and the next ones are stored through a new one', async (t) => {
  const haven = await testHaven(t);
  if (haven.engine !== 'sqlite') return t.skip('SQLite only: PostgreSQL has no writer thread');
  // A database whose directory is missing: the writer thread fails as it opens it, and exits.
  const file = path.join(tempDir(t), 'not-yet', 'haven.db');
  const pipeline = pipelineFor(t, { ...haven, store: { ...haven.store, file } }, { workers: 2 });
  const lost = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => pipeline.store(job(`LOST ${i}`))));
  assert.ok(
    lost.every((r) => r.status === 'rejected' && /directory does not exist|writer thread stopped/.test(r.reason.message)),
    lost.map((r) => (r.status === 'rejected' ? r.reason.message : 'stored')).join('; '),
  );
  fs.mkdirSync(path.dirname(file));
  await sql`VACUUM INTO ${file}`.execute(haven.store.db);
  const db = openSqlite(file);
  const receipts = await Promise.all(Array.from({ length: 5 }, (_, i) => pipeline.store(job(`AFTER ${i}`))));
  const found = await db.selectFrom('reports').select('receipt_hash').execute();
  await db.destroy();
  assert.deepEqual(
    found.map((r) => Buffer.from(r.receipt_hash).toString('hex')).sort(),
    receipts.map((r) => receiptLookupHash(haven.keys.receipt, r).toString('hex')).sort(),
  );
});

test('closing lets the reports in flight be stored, then refuses the next', async (t) => {
  const haven = await testHaven(t);
  const pipeline = createReportPipeline({ store: haven.store, keys: haven.keys, workers: 2 });
  const inFlight = Array.from({ length: 10 }, (_, i) => pipeline.store(job(`IN FLIGHT ${i}`)));
  await pipeline.close();
  assert.equal((await Promise.allSettled(inFlight)).filter((r) => r.status === 'fulfilled').length, 10);
  await assert.rejects(pipeline.store(job('LATE')), { name: 'PipelineStopped' });
  assert.equal(await countReports(haven.store), 10);
});
