// The sealer's promises: every job is sealed for its recipient or rejected, never left waiting,
// whatever happens to the worker threads; a dead worker is replaced for the next reports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, openSealed } from './box.ts';
import { parseReceipt, receiptLookupHash, reporterKeyPair } from './receipt.ts';
import { createSealer } from './sealer.ts';
import { keyedHash } from './secrets.ts';

const recipient = generateKeyPair();
const keys = { receipt: Buffer.alloc(32, 1), url: Buffer.alloc(32, 2) };
const job = (body: string, urls: string[] = []) => ({ recipientPublicKey: recipient.publicKey, body, urls });

/** The real seal worker, except that a job whose body is DIE makes the thread exit, and THROW
 *  makes it throw outside any job (an uncaught exception). */
function dyingWorker(t: { after(fn: () => unknown): void }): URL {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-sealer-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'dying.worker.mjs');
  fs.writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
     // Wraps the real worker's listener, so that the check runs before the batch is sealed.
     const on = parentPort.on.bind(parentPort);
     parentPort.on = (event, listener) => on(event, (message) => {
       if (message.jobs.some((j) => j.body === 'DIE')) process.exit(3);
       if (message.jobs.some((j) => j.body === 'THROW')) setImmediate(() => { throw new Error('worker broke'); });
       else listener(message);
     });
     await import(${JSON.stringify(new URL('./seal.worker.mjs', import.meta.url).href)});`,
  );
  return pathToFileURL(file);
}

for (const workers of [0, 2]) {
  test(`each body is sealed for its recipient under a new receipt, with that receipt's keys and hashes (${workers} workers)`, async (t) => {
    const sealer = createSealer(workers, keys);
    t.after(() => sealer.close());
    const bodies = Array.from({ length: 50 }, (_, i) => `report ${i}`);
    const urls = (i: number) => Array.from({ length: i % 3 }, (_, u) => `https://example.org/${i}/${u}`);
    const results = await Promise.all(bodies.map((body, i) => sealer.seal(job(body, urls(i)))));
    assert.equal(new Set(results.map((r) => r.receipt)).size, results.length, 'every report has its own receipt');
    results.forEach((result, i) => {
      assert.equal(parseReceipt(result.receipt), result.receipt);
      assert.equal(openSealed(Buffer.from(result.sealedBody), recipient).toString().trimEnd(), bodies[i]);
      assert.deepEqual(Buffer.from(result.reporterPublicKey), reporterKeyPair(result.receipt).publicKey);
      assert.deepEqual(Buffer.from(result.receiptHash), receiptLookupHash(keys.receipt, result.receipt));
      assert.deepEqual(
        result.urlHashes.map((h) => Buffer.from(h)),
        urls(i).map((u) => keyedHash(keys.url, u)),
      );
    });
  });
}

test('a job that cannot be sealed fails alone', async (t) => {
  const sealer = createSealer(1, keys);
  t.after(() => sealer.close());
  const [bad, good] = await Promise.allSettled([sealer.seal({ ...job('BADKEY'), recipientPublicKey: new Uint8Array(3) }), sealer.seal(job('GOOD'))]);
  assert.equal(bad.status, 'rejected');
  assert.equal(good.status, 'fulfilled');
});

for (const death of ['DIE', 'THROW']) {
  test(`when a worker dies (${death}), its jobs are rejected and the next reports are sealed`, async (t) => {
    const sealer = createSealer(1, keys, dyingWorker(t));
    t.after(() => sealer.close());
    assert.equal((await sealer.seal(job('BEFORE'))).reporterPublicKey.length, 32);
    // The neighbour shares the dying worker's batch: it is rejected too, never left hanging.
    const lost = await Promise.allSettled([sealer.seal(job(death)), sealer.seal(job('NEIGHBOUR'))]);
    assert.deepEqual(
      lost.map((r) => (r.status === 'rejected' ? String(r.reason.message) : 'sealed')),
      Array(2).fill(death === 'DIE' ? 'a seal worker stopped (exit code 3)' : 'worker broke'),
    );
    const after = await sealer.seal(job('AFTER'));
    assert.equal(openSealed(Buffer.from(after.sealedBody), recipient).toString().trimEnd(), 'AFTER');
  });
}

test('closing rejects what is queued and everything after', async () => {
  const sealer = createSealer(2, keys);
  const queued = assert.rejects(sealer.seal(job('QUEUED')), { name: 'SealerStopped' });
  await sealer.close();
  await queued;
  await assert.rejects(sealer.seal(job('LATE')), { name: 'SealerStopped' });
});
