// The pipeline's promises, on the engine under test: a receipt is given only for a report that is
// committed, sealed for its recipient with its receipt's keys and hashes; every report is settled,
// whatever happens to the sealing threads, and the next reports are stored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, openSealed } from '../../src/crypto/box.ts';
import { receiptLookupHash, reporterKeyPair } from '../../src/crypto/receipt.ts';
import { keyedHash } from '../../src/crypto/secrets.ts';
import { coarseHour, type ReportJob } from '../../src/intake/prepare-report.ts';
import { createReportPipeline, type PipelineOptions } from '../../src/intake/report-pipeline.ts';
import { newSubmissionToken, submissionFor } from '../../src/intake/submissions.ts';
import { type TestHaven, tempDir, testHaven } from '../support/haven.ts';
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
       if (message.jobs?.some((j) => j.body === 'DIE')) process.exit(3);
       if (message.jobs?.some((j) => j.body === 'DIE AFTER')) { listener(message); process.exit(3); }
       if (message.jobs?.some((j) => j.body === 'THROW')) setImmediate(() => { throw new Error('worker broke'); });
       else listener(message);
     });
     await import(${JSON.stringify(new URL('../../src/intake/sealing.worker.mjs', import.meta.url).href)});`,
  );
  return pathToFileURL(file);
}

async function rowFor(haven: TestHaven, receipt: string) {
  return haven.store.db.selectFrom('reports').selectAll().where('receipt_hash', '=', receiptLookupHash(haven.keys.receipt, receipt)).executeTakeFirstOrThrow();
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
      assert.deepEqual(
        hashes.map((h) => Buffer.from(h.url_hash).toString('hex')).sort(),
        urls(i)
          .map((u) => keyedHash(haven.keys.url, u).toString('hex'))
          .sort(),
      );
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
    assert.equal(
      openSealed(Buffer.from((await rowFor(haven, after)).sealed_body), recipient)
        .toString()
        .trimEnd(),
      'AFTER',
    );
    assert.equal(await countReports(haven.store), 2);
  });
}

test('when a sealing thread dies as it answers, each report is either stored and answered or refused and stored nowhere', async (t) => {
  const haven = await testHaven(t);
  const pipeline = pipelineFor(t, haven, { workers: 1, workerUrl: dyingWorker(t) });
  // Both share the batch the thread seals, answers, and then dies: its answer may or may not
  // reach the main thread. Only rows that reached it are committed, so no refused report is kept.
  const outcomes = await Promise.allSettled([pipeline.store(job('DIE AFTER')), pipeline.store(job('NEIGHBOUR'))]);
  const answered = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  for (const receipt of answered) assert.ok(await rowFor(haven, receipt));
  assert.equal(await countReports(haven.store), answered.length, 'a refused report is not stored');
  // The thread's exit may not be noticed yet: a report sent to it meanwhile is refused (and not
  // stored), and its visitor sends it again.
  let after: string | undefined;
  for (let attempt = 0; attempt < 3 && !after; attempt++) after = await pipeline.store(job('AFTER')).catch(() => undefined);
  assert.ok(after && (await rowFor(haven, after)), 'a report sent after the death is stored, through a new thread');
});

test('the same submission files one report, also when both copies share a commit; each is answered with its receipt while it is kept', async (t) => {
  const haven = await testHaven(t);
  const pipeline = pipelineFor(t, haven, { workers: 0 });
  const submission = submissionFor(newSubmissionToken(), 'ONCE');
  const both = await Promise.all([pipeline.store(job('ONCE'), submission), pipeline.store(job('ONCE'), submission)]);
  assert.equal(both[1], both[0], 'the second copy is answered with the first one’s receipt');
  assert.equal(await pipeline.store(job('ONCE'), submission), both[0], 'sent again later');
  // Two hours on, the receipt is no longer given back, even before the clean-up clears it.
  await haven.store.db
    .updateTable('report_submissions')
    .set({ received_at: coarseHour(new Date(Date.now() - 2 * 60 * 60 * 1000)) })
    .execute();
  await assert.rejects(pipeline.store(job('ONCE'), submission), { name: 'AlreadyReceived' });
  assert.equal(await countReports(haven.store), 1);
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
