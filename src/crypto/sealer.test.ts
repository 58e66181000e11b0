// The sealer's promises: every job is sealed for its recipient or rejected, never left waiting,
// whatever happens to the worker threads; a dead worker is replaced for the next reports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, openSealed } from './box.ts';
import { reporterKeyPair } from './receipt.ts';
import { createSealer } from './sealer.ts';

const recipient = generateKeyPair();
const job = (receipt: string, body = `report ${receipt}`) => ({ recipientPublicKey: recipient.publicKey, body, receipt });

/** The real seal worker, except that a job with receipt DIE makes the thread exit, and THROW
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
       if (message.jobs.some((j) => j.receipt === 'DIE')) process.exit(3);
       if (message.jobs.some((j) => j.receipt === 'THROW')) setImmediate(() => { throw new Error('worker broke'); });
       else listener(message);
     });
     await import(${JSON.stringify(new URL('./seal.worker.mjs', import.meta.url).href)});`,
  );
  return pathToFileURL(file);
}

for (const workers of [0, 2]) {
  test(`each body is sealed for its recipient, with the reporter key of its receipt (${workers} workers)`, async (t) => {
    const sealer = createSealer(workers);
    t.after(() => sealer.close());
    const receipts = Array.from({ length: 50 }, (_, i) => `RECEIPT${String(i).padStart(9, '0')}`);
    const results = await Promise.all(receipts.map((r) => sealer.seal(job(r))));
    results.forEach((result, i) => {
      const receipt = receipts[i] as string;
      assert.equal(openSealed(Buffer.from(result.sealedBody), recipient).toString().trimEnd(), `report ${receipt}`);
      assert.deepEqual(Buffer.from(result.reporterPublicKey), reporterKeyPair(receipt).publicKey);
    });
  });
}

test('a job that cannot be sealed fails alone', async (t) => {
  const sealer = createSealer(1);
  t.after(() => sealer.close());
  const [bad, good] = await Promise.allSettled([sealer.seal({ ...job('BADKEY'), recipientPublicKey: new Uint8Array(3) }), sealer.seal(job('GOOD'))]);
  assert.equal(bad.status, 'rejected');
  assert.equal(good.status, 'fulfilled');
});

for (const death of ['DIE', 'THROW']) {
  test(`when a worker dies (${death}), its jobs are rejected and the next reports are sealed`, async (t) => {
    const sealer = createSealer(1, dyingWorker(t));
    t.after(() => sealer.close());
    assert.equal((await sealer.seal(job('BEFORE'))).reporterPublicKey.length, 32);
    // The neighbour shares the dying worker's batch: it is rejected too, never left hanging.
    const lost = await Promise.allSettled([sealer.seal(job(death)), sealer.seal(job('NEIGHBOUR'))]);
    assert.deepEqual(
      lost.map((r) => (r.status === 'rejected' ? String(r.reason.message) : 'sealed')),
      Array(2).fill(death === 'DIE' ? 'a seal worker stopped (exit code 3)' : 'worker broke'),
    );
    const after = await sealer.seal(job('AFTER'));
    assert.equal(openSealed(Buffer.from(after.sealedBody), recipient).toString().trimEnd(), 'report AFTER');
  });
}

test('closing rejects what is queued and everything after', async () => {
  const sealer = createSealer(2);
  const queued = assert.rejects(sealer.seal(job('QUEUED')), { name: 'SealerStopped' });
  await sealer.close();
  await queued;
  await assert.rejects(sealer.seal(job('LATE')), { name: 'SealerStopped' });
});
