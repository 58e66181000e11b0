// A company's training request, end to end: the form refuses bad input with translated errors and
// keeps what was typed (its language buttons too), takes a good one and answers with a thank-you
// page (no cookie anywhere); the request is sealed at rest (nothing typed is in the database in
// clear); an editor lists, reads and deletes it, each audited without its words, while an analyst
// is refused; the sweeper deletes a request after TRAINING_REQUEST_DAYS, and one that old is not
// shown even before it does; and a client sending too many is held back with its form kept.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { REQUESTS_PER_HOUR } from '../../src/training/training.routes.tsx';
import { requestKey, sealRequest } from '../../src/training/training.service.ts';
import { insertRequest } from '../../src/training/training.store.ts';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { findInFiles, findInPostgres } from '../support/leaks.ts';

const DAY_MS = 86_400_000;
const catalogue = loadCatalogue(CONTENT_DIR);
const en = translator(catalogue, 'en');
const fr = translator(catalogue, 'fr');
const text = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const post = (haven: TestHaven, url: string, fields: Record<string, string>) =>
  haven.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  });
const requests = (haven: TestHaven) => haven.store.db.selectFrom('training_requests').select(['id', 'received_at']).orderBy('received_at').execute();

test('a request is refused with its errors, then sealed, read by editors only, and deleted in time', async (t) => {
  let offset = 0;
  const haven = await testHaven(t, { TRAINING_REQUEST_DAYS: '180' }, { now: () => new Date(Date.now() + offset) });
  const marker = randomBytes(6).toString('hex');
  const company = {
    organisation: `Voyages Mosel ${marker}`,
    contactName: `Anne Example ${marker}`,
    email: `training.${marker}@example.org`,
    phone: '+352 621 000 000',
    language: 'de',
    dates: `Mornings in March ${marker}`,
    staff: '25',
  };

  // Wrong input: every problem in French, everything typed kept, nothing stored, no cookie.
  const refused = await post(haven, '/fr/training', { ...company, email: 'pas une adresse', staff: 'beaucoup', organisation: '' });
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.headers['set-cookie'], undefined);
  for (const key of ['organisation', 'email']) assert.ok(text(refused.body).includes(fr(`training.error.${key}`)), key);
  assert.ok(text(refused.body).includes(fr('training.error.staff', { max: 10_000 })));
  assert.ok(refused.body.includes('value="pas une adresse"') && refused.body.includes('value="beaucoup"'), 'as typed');
  assert.match(refused.body, /value="de"[^>]*checked|checked[^>]*value="de"/, 'the language as chosen');
  assert.ok(refused.body.includes(`Mornings in March ${marker}</textarea>`), 'the dates as typed');
  // A language button shows the same form in German, with what was typed and no error.
  const switched = await post(haven, '/de/training', { ...company, 'switch-language': 'de' });
  assert.equal(switched.statusCode, 200);
  assert.ok(switched.body.includes(`value="${company.organisation}"`));
  assert.ok(!switched.body.includes('error-summary'), 'no error');
  assert.equal((await requests(haven)).length, 0, 'nothing stored');

  // A good request: a redirect to the thank-you page, one row.
  const sent = await post(haven, '/en/training', company);
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, '/en/training/thanks');
  assert.equal(sent.headers['set-cookie'], undefined);
  const thanks = await haven.app.inject({ method: 'GET', url: '/en/training/thanks', headers: { accept: 'text/html' } });
  assert.equal(thanks.statusCode, 200);
  assert.ok(text(thanks.body).includes(en('training.thanks.title')));
  assert.equal(thanks.headers['set-cookie'], undefined);
  const [stored] = await requests(haven);
  assert.ok(stored);

  // Sealed at rest: nothing typed is in the database's files or tables in clear.
  const sealed = await haven.store.db.selectFrom('training_requests').select('sealed').executeTakeFirstOrThrow();
  const needles = [company.email, company.organisation, company.contactName, company.dates, marker];
  if (haven.engine === 'sqlite') {
    assert.ok(findInFiles(haven.dataDir, [Buffer.from(sealed.sealed)]).length > 0, 'the scan reaches the requests');
    assert.deepEqual(findInFiles(haven.dataDir, needles), [], 'nothing typed in clear in the data directory');
  } else {
    assert.ok(haven.databaseUrl);
    assert.ok((await findInPostgres(haven.databaseUrl, [Buffer.from(sealed.sealed)])).length > 0, 'the scan reaches the requests');
    assert.deepEqual(await findInPostgres(haven.databaseUrl, needles), [], 'nothing typed in clear in the database');
  }

  // An analyst and a supervisor are refused the list and the request.
  for (const login of ['hotline-analyst', 'hotline-supervisor']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    assert.equal((await member.get('/office/training/requests')).statusCode, 403, `${login}: the list`);
    assert.equal((await member.get(`/office/training/requests/${stored.id}`)).statusCode, 403, `${login}: the request`);
    assert.equal((await member.post(`/office/training/requests/${stored.id}/delete`)).statusCode, 403, `${login}: delete`);
  }

  // An editor lists and reads it; an admin too.
  const editor = await signedInEditor(haven);
  const list = await editor.get('/office/training/requests');
  assert.equal(list.statusCode, 200);
  assert.ok(text(list.body).includes(company.organisation));
  const read = await editor.get(`/office/training/requests/${stored.id}`);
  assert.equal(read.statusCode, 200);
  for (const value of [company.email, company.contactName, company.phone, company.dates, '25']) assert.ok(text(read.body).includes(value), value);
  assert.ok(text(read.body).includes(en('training.language.de')));
  assert.equal((await editor.get('/office/training/requests/unknown')).statusCode, 404);
  const admin = await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
  assert.equal((await admin.get(`/office/training/requests/${stored.id}`)).statusCode, 200, 'an operator admin reads it');

  // Deleted by the editor: gone, and the list says so.
  const deleted = await editor.post(`/office/training/requests/${stored.id}/delete`);
  assert.equal(deleted.statusCode, 303);
  assert.equal(deleted.headers.location, '/office/training/requests?done=deleted');
  assert.equal((await requests(haven)).length, 0);

  // Every reading and the deletion are audited, without a word of the request.
  const entries = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'subject', 'detail'])
    .where('action', 'like', 'training%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => e.action),
    ['training-requests.listed', 'training-request.read', 'training-request.read', 'training-request.deleted'],
  );
  for (const entry of entries) for (const needle of needles) assert.ok(!`${entry.subject} ${entry.detail}`.includes(needle), `${entry.action}: no ${needle}`);

  // The sweeper: a request is kept TRAINING_REQUEST_DAYS, then deleted (checked when another comes in).
  assert.equal((await post(haven, '/en/training', { ...company, organisation: 'Old request' })).statusCode, 303);
  offset += 179 * DAY_MS;
  assert.equal((await post(haven, '/en/training', { ...company, organisation: 'Newer request' })).statusCode, 303);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await requests(haven)).length, 2, 'kept for 180 days');
  offset += 2 * DAY_MS;
  assert.equal((await post(haven, '/en/training', { ...company, organisation: 'Newest request' })).statusCode, 303);
  for (let i = 0; i < 100 && (await requests(haven)).length !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const left = await requests(haven);
  assert.equal(left.length, 2, 'the oldest request is deleted');
  assert.ok(left.every((r) => Date.parse(r.received_at) > Date.now() + offset - 180 * DAY_MS));
  const purged = await haven.store.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'training-requests.purged').execute();
  assert.deepEqual(
    purged.map((p) => [p.actor, JSON.parse(p.detail ?? '{}')]),
    [['system', { deleted: 1, days: 180 }]],
  );

  // Too many from one client: held back with a translated message, the form kept.
  let answer = await post(haven, '/fr/training', company);
  for (let i = 0; i < REQUESTS_PER_HOUR && answer.statusCode !== 429; i++) answer = await post(haven, '/fr/training', company);
  assert.equal(answer.statusCode, 429);
  assert.ok(text(answer.body).includes(fr('training.error.tooMany')));
  assert.ok(answer.body.includes(`value="${company.organisation}"`), 'the form kept');
});

test('a request past TRAINING_REQUEST_DAYS is neither listed nor read, even before the sweeper deletes it', async (t) => {
  const haven = await testHaven(t, { TRAINING_REQUEST_DAYS: '30' });
  const editor = await signedInEditor(haven);
  // Written straight into the table, as the sweeper has not come by yet (it sweeps hourly and on a new request).
  const request = { contactName: 'Anne Example', email: 'anne@example.org', phone: '', language: 'fr', dates: '', staff: 5 } as const;
  const key = requestKey(haven.keys.training);
  const received = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const [expired, kept] = [randomUUID(), randomUUID()];
  await insertRequest(haven.store.db, { id: expired, sealed: sealRequest({ ...request, organisation: 'Expired company' }, key), received_at: received(31) });
  await insertRequest(haven.store.db, { id: kept, sealed: sealRequest({ ...request, organisation: 'Kept company' }, key), received_at: received(29) });

  const list = text((await editor.get('/office/training/requests')).body);
  assert.ok(list.includes('Kept company'), 'a request within the retention is listed');
  assert.ok(!list.includes('Expired company'), 'an expired one is not');
  assert.equal((await editor.get(`/office/training/requests/${kept}`)).statusCode, 200);
  assert.equal((await editor.get(`/office/training/requests/${expired}`)).statusCode, 404, 'nor read');
  assert.equal((await requests(haven)).length, 2, 'both still in the table: only the reads are filtered');
});
