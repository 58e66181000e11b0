// A publication's PDF through the real routes: the upload is multipart (its CSRF token read from the
// parsed body: refused without it), the type is checked by content (a page named .pdf is refused),
// the size is capped at 10 MB; a published publication's PDF is served at its public address with
// its type, as an attachment, nosniff and a cache header (and 304 when unchanged); a draft's never.
// Replacing and removing work, and each is audited without the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInEditor } from '../casework/support.ts';
import { testHaven } from '../support/haven.ts';
import { itemForm, smallPdf, upload } from './support.ts';

const get = (haven: Awaited<ReturnType<typeof testHaven>>, url: string, headers: Record<string, string> = {}) =>
  haven.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

test('a publication’s PDF: checked by content, capped, served as an attachment once published', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  const form = itemForm({ id: 'annual-report', date: '2025', country: 'lu', en: { title: 'Annual report' }, fallback: ['fr', 'de'] });
  assert.equal((await editor.post('/office/publications/new', form)).statusCode, 303);
  const address = '/office/publications/annual-report/document';
  const pdf = smallPdf();

  // No CSRF token in the multipart body: refused before the route runs.
  const noCsrf = await upload(haven, editor, address, { name: 'report.pdf', type: 'application/pdf', bytes: pdf }, { csrf: null });
  assert.equal(noCsrf.statusCode, 403);

  // A web page named .pdf and sent as application/pdf: its content says otherwise.
  const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
  const fake = await upload(haven, editor, address, { name: 'report.pdf', type: 'application/pdf', bytes: html });
  assert.equal(fake.statusCode, 400);
  assert.ok(fake.body.includes('This file is not a PDF'));
  // Over 10 MB, even if it begins like a PDF.
  const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024 + 1 - pdf.length, 0x20)]);
  const tooBig = await upload(haven, editor, address, { name: 'big.pdf', type: 'application/pdf', bytes: big });
  assert.equal(tooBig.statusCode, 400);
  assert.ok(tooBig.body.includes('The file is larger than 10 MB'));
  const none = await upload(haven, editor, address, { name: 'empty.pdf', type: 'application/pdf', bytes: Buffer.alloc(0) });
  assert.equal(none.statusCode, 400);

  // A real PDF: accepted; the editor can download it, visitors cannot while it is a draft.
  const uploaded = await upload(haven, editor, address, { name: 'Report (final).pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
  assert.equal(uploaded.headers.location, '/office/publications/annual-report?done=uploaded');
  const own = await editor.get(address);
  assert.equal(own.statusCode, 200);
  assert.equal(own.headers['cache-control'], 'no-store');
  assert.deepEqual(own.rawPayload, pdf);
  assert.equal((await get(haven, '/publications/annual-report.pdf')).statusCode, 404, 'a draft’s file is not public');

  assert.equal((await editor.post('/office/publications/annual-report/publish')).statusCode, 303);
  const page = await get(haven, '/fr/publications/annual-report');
  assert.equal(page.statusCode, 200);
  assert.match(
    page.body,
    /<a href="\/publications\/annual-report.pdf" type="application\/pdf" download="annual-report.pdf">Télécharger le PDF \([\d,]+\sko\)<\/a>/,
  );

  const served = await get(haven, '/publications/annual-report.pdf');
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'application/pdf');
  assert.equal(served.headers['content-disposition'], 'attachment; filename="annual-report.pdf"');
  assert.equal(served.headers['x-content-type-options'], 'nosniff');
  assert.equal(served.headers['cache-control'], 'public, max-age=3600');
  assert.equal(served.headers['set-cookie'], undefined);
  assert.deepEqual(served.rawPayload, pdf);
  const etag = String(served.headers.etag);
  assert.equal((await get(haven, '/publications/annual-report.pdf', { 'if-none-match': etag })).statusCode, 304);
  for (const wrong of ['/publications/annual-report', '/publications/Annual-Report.pdf', '/publications/nothing.pdf']) {
    assert.equal((await get(haven, wrong)).statusCode, 404, wrong);
  }

  // Replaced: the new file, a new ETag. Removed: gone.
  const other = Buffer.concat([pdf, Buffer.from('% another revision\n')]);
  assert.equal((await upload(haven, editor, address, { name: 'v2.pdf', type: 'application/pdf', bytes: other })).statusCode, 303);
  const replaced = await get(haven, '/publications/annual-report.pdf', { 'if-none-match': etag });
  assert.equal(replaced.statusCode, 200);
  assert.deepEqual(replaced.rawPayload, other);
  assert.equal((await editor.post('/office/publications/annual-report/document/remove')).statusCode, 303);
  assert.equal((await get(haven, '/publications/annual-report.pdf')).statusCode, 404);
  assert.doesNotMatch((await get(haven, '/en/publications/annual-report')).body, /annual-report.pdf/);

  const entries = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'detail'])
    .where('subject', '=', 'publication:annual-report')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => e.action),
    ['newsroom.created', 'newsroom.document-uploaded', 'newsroom.published', 'newsroom.document-uploaded', 'newsroom.document-removed'],
  );
  assert.equal(JSON.parse(entries[1]?.detail ?? '{}').bytes, pdf.length);
});

test('a malformed upload (no boundary, cut off) gets the publication’s page back with 400, not a 500', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  const form = itemForm({ id: 'cut-off', date: '2025', en: { title: 'Cut off' } });
  assert.equal((await editor.post('/office/publications/new', form)).statusCode, 303);
  const url = '/office/publications/cut-off/document';
  const send = (contentType: string, payload: Buffer, query = '') =>
    haven.app.inject({ method: 'POST', url: `${url}${query}`, headers: { cookie: editor.cookie, accept: 'text/html', 'content-type': contentType }, payload });

  const multipart = new FormData();
  multipart.append('_csrf', editor.csrf);
  multipart.append('document', new Blob([new Uint8Array(smallPdf())], { type: 'application/pdf' }), 'r.pdf');
  const request = new Request('http://haven.invalid/', { method: 'POST', body: multipart });
  const whole = Buffer.from(await request.arrayBuffer());
  const contentType = request.headers.get('content-type') ?? '';

  for (const [what, answer] of [
    ['no boundary', await send('multipart/form-data', whole)],
    ['cut off', await send(contentType, whole.subarray(0, whole.length - 200))],
  ] as const) {
    assert.equal(answer.statusCode, 400, `${what}: ${answer.body.slice(0, 200)}`);
    assert.ok(answer.body.includes('The file did not arrive whole'), what);
    assert.ok(answer.body.includes('value="Cut off"'), `${what}: the publication’s page`);
  }
  // In the editor's language.
  const french = await send('multipart/form-data', whole, '?lang=fr');
  assert.equal(french.statusCode, 400);
  assert.ok(french.body.includes('Le fichier n’est pas arrivé en entier'), french.body.slice(0, 200));
  assert.equal(await haven.store.db.selectFrom('newsroom_documents').select('publication_id').executeTakeFirst(), undefined);
});
