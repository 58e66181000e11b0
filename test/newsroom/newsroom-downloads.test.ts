// A published PDF's download: read from the database once, then served from memory until content
// changes (a download costs no query, even when its row is gone meanwhile); loaded once however
// many ask at once; the kept files capped in total; a 404 carries no ETag nor a public cache
// header; and downloads are rate limited per client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptDocuments, type PublicDocument } from '../../src/newsroom/newsroom.public.ts';
import { DOWNLOADS_PER_MINUTE } from '../../src/newsroom/newsroom.routes.tsx';
import { signedInEditor } from '../casework/support.ts';
import { testHaven } from '../support/haven.ts';
import { itemForm, smallPdf, upload } from './support.ts';

const document = (digest: string, size: number): PublicDocument => ({ digest, bytes: Buffer.alloc(size) });

test('kept documents: one load per file and version, however many ask; dropped with the version; capped in total', async () => {
  let version = 'v1';
  const loads: string[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const kept = keptDocuments({
    version: () => version,
    maxBytes: 25,
    load: async (id) => {
      loads.push(id);
      await gate;
      return id === 'none' ? undefined : document(`${id}-${version}`, 10);
    },
  });

  const [a1, a2] = await Promise.all([kept('a'), kept('a'), release()]);
  assert.equal(a1, a2);
  assert.deepEqual(loads, ['a'], 'two downloads at once, one load');
  assert.equal((await kept('a'))?.digest, 'a-v1');
  assert.deepEqual(loads, ['a']);

  // Not found: not kept (asked again next time).
  assert.equal(await kept('none'), undefined);
  assert.equal(await kept('none'), undefined);
  assert.deepEqual(loads, ['a', 'none', 'none']);

  // 25 bytes hold two files of 10: a third pushes out the least recently downloaded.
  await kept('b');
  await kept('a'); // a is now more recent than b
  await kept('c');
  loads.length = 0;
  await kept('a');
  await kept('c');
  assert.deepEqual(loads, [], 'a and c kept');
  await kept('b');
  assert.deepEqual(loads, ['b'], 'b was pushed out');

  // A new version of the content: everything is read again.
  version = 'v2';
  loads.length = 0;
  assert.equal((await kept('a'))?.digest, 'a-v2');
  assert.deepEqual(loads, ['a']);
});

test('a published PDF is served from memory, without an ETag on a 404, and rate limited per client', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  const form = itemForm({ id: 'kept-report', date: '2025', en: { title: 'Kept report' }, fallback: ['fr', 'de'] });
  assert.equal((await editor.post('/office/publications/new', form)).statusCode, 303);
  const address = '/office/publications/kept-report/document';
  const pdf = smallPdf();
  assert.equal((await upload(haven, editor, address, { name: 'r.pdf', type: 'application/pdf', bytes: pdf })).statusCode, 303);
  assert.equal((await editor.post('/office/publications/kept-report/publish')).statusCode, 303);
  const get = () => haven.app.inject({ method: 'GET', url: '/publications/kept-report.pdf' });
  const dropRow = () => haven.store.db.deleteFrom('newsroom_documents').where('publication_id', '=', 'kept-report').execute();

  // Published with a file, but its row gone before anyone downloaded it: a 404 that no one keeps.
  await dropRow();
  const missing = await get();
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.headers.etag, undefined);
  assert.doesNotMatch(String(missing.headers['cache-control']), /public/);

  // Uploaded again (a new version): read once, then from memory, even with its row gone.
  assert.equal((await upload(haven, editor, address, { name: 'r.pdf', type: 'application/pdf', bytes: pdf })).statusCode, 303);
  const first = await get();
  assert.equal(first.statusCode, 200);
  assert.deepEqual(first.rawPayload, pdf);
  assert.equal(first.headers['cache-control'], 'public, max-age=3600');
  await dropRow();
  const fromMemory = await get();
  assert.equal(fromMemory.statusCode, 200, 'no query: the kept bytes');
  assert.deepEqual(fromMemory.rawPayload, pdf);
  assert.equal(fromMemory.headers.etag, first.headers.etag);

  // A replaced file is served at once (the content's version changed).
  const other = Buffer.concat([pdf, Buffer.from('% revised\n')]);
  assert.equal((await upload(haven, editor, address, { name: 'r.pdf', type: 'application/pdf', bytes: other })).statusCode, 303);
  assert.deepEqual((await get()).rawPayload, other);

  // A client downloading over and over is stopped (the window may turn meanwhile: at most two of them).
  let answer = await get();
  for (let i = 0; i < 2 * DOWNLOADS_PER_MINUTE + 2 && answer.statusCode !== 429; i++) answer = await get();
  assert.equal(answer.statusCode, 429);
  assert.ok(Number(answer.headers['retry-after']) > 0);
  assert.equal(answer.headers.etag, undefined);
});
