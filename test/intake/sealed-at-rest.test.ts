// Promise 1, "sealed at rest": whoever copies the data directory or dumps the database finds no
// word, address or name a reporter typed, however the report arrived and on every channel.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SEAL_OVERHEAD } from '../../src/crypto/box.ts';
import { parseReceipt } from '../../src/crypto/receipt.ts';
import { testHaven } from '../support/haven.ts';
import { filesUnder, findInFiles, findInPostgres, type Hit } from '../support/leaks.ts';
import { CHANNELS, countReports, fieldsFor, fileByApi, fileByForm, newMarker, storedReport, uniquePhone } from '../support/reports.ts';

const describe = (hits: Hit[]) => hits.map((h) => `${h.needle} in ${h.where}`).join('; ');

test('nothing a reporter types reaches the disk or the database in clear', async (t) => {
  const haven = await testHaven(t);
  const marker = newMarker();
  const phone = uniquePhone();
  const receipts: string[] = [];
  for (const channel of CHANNELS) {
    receipts.push(await fileByForm(haven.app, channel, fieldsFor(channel, marker, phone)));
    receipts.push(await fileByApi(haven.app, channel, fieldsFor(channel, marker, phone)));
  }
  assert.equal(await countReports(haven.store), 6, 'all six reports were stored');

  // The marker is in every typed field but the phone number (digits only, so it is looked for
  // itself, as typed and without spaces); receipts as shown and canonical (they must be kept
  // only as a keyed hash).
  const needles = [marker, marker.toUpperCase(), phone, phone.replace(/\s/g, ''), ...receipts, ...receipts.map((r) => parseReceipt(r) ?? r)];

  // The scan must see the reports' rows, or finding nothing would prove nothing: the sealed body
  // of one report must be found in the files (or the database) as it is stored.
  const sample = await haven.store.db.selectFrom('reports').select('sealed_body').limit(1).executeTakeFirstOrThrow();
  const sampleBytes = Buffer.from(sample.sealed_body).subarray(0, 48);

  if (haven.engine === 'sqlite') {
    // While Haven runs, recent commits live in the write-ahead log, not yet in haven.db.
    const running = filesUnder(haven.dataDir).map((f) => path.basename(f));
    assert.ok(running.includes('haven.db-wal'), `the WAL is there to be searched (files: ${running.join(', ')})`);
    assert.ok(
      filesUnder(haven.dataDir).some((f) => fs.readFileSync(f).includes(sampleBytes)),
      'the scan reaches the stored reports',
    );
    const early = findInFiles(haven.dataDir, needles);
    assert.deepEqual(early, [], `in clear while running: ${describe(early)}`);

    // After a clean stop the log is folded into haven.db: search what is left.
    await haven.close();
    assert.ok(
      filesUnder(haven.dataDir).some((f) => fs.readFileSync(f).includes(sampleBytes)),
      'the scan reaches the stored reports',
    );
    const hits = findInFiles(haven.dataDir, needles);
    assert.deepEqual(hits, [], `in clear after closing: ${describe(hits)}`);
  } else {
    assert.ok(haven.databaseUrl);
    const seen = await findInPostgres(haven.databaseUrl, [sampleBytes]);
    assert.ok(
      seen.some((h) => h.where.endsWith('."reports".sealed_body')),
      'the scan reaches the stored reports',
    );
    const hits = await findInPostgres(haven.databaseUrl, needles);
    assert.deepEqual(hits, [], `in clear in PostgreSQL: ${describe(hits)}`);
    assert.deepEqual(findInFiles(haven.dataDir, needles), [], 'in clear in the data directory');
  }
});

test('the size of a sealed report does not tell whether the reporter gave a contact, nor the length of what they typed within 1 KiB', async (t) => {
  const haven = await testHaven(t);
  const description = 'A page with pictures of children, still online this morning.';
  const reports = {
    anonymous: { urls: ['https://example.org/a'], category: 'images', description },
    'with a contact': { urls: ['https://example.org/a'], category: 'images', description, contact: 'jeanne.dupont@example.org' },
    'with a longer description': { urls: ['https://example.org/a'], category: 'images', description: `${description} ${'More detail. '.repeat(40)}` },
    'with a long description': { urls: ['https://example.org/a'], category: 'images', description: 'x'.repeat(5_000) },
  };
  const sizes = new Map<string, number>();
  for (const [name, fields] of Object.entries(reports)) {
    const row = await storedReport(haven, await fileByApi(haven.app, 'online', fields));
    sizes.set(name, row.sealed_body.length - SEAL_OVERHEAD);
  }
  assert.deepEqual(Object.fromEntries(sizes), {
    anonymous: 1024,
    'with a contact': 1024,
    'with a longer description': 1024,
    // 5,000 characters and about 100 bytes for the rest of the report, padded to the next KiB.
    'with a long description': 5 * 1024,
  });
});

test('the server secret is readable by its owner only', async (t) => {
  const haven = await testHaven(t);
  const mode = fs.statSync(path.join(haven.dataDir, 'secret')).mode & 0o777;
  assert.equal(mode.toString(8), '600');
});
