// Training, the editors' side and what visitors see of it: supervisors and analysts are refused
// every training page, a POST without its CSRF token too; an editor adds, changes and deletes
// sessions and fills the details, each shown on the public page at once (through the content
// watch, with no restart) and audited; a detail still to fill is never shown; and a session whose
// day has passed drops off the public page when the day changes (the page is memoised per day).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { dayAt, showDay } from '../../src/training/training-days.ts';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { testHaven } from '../support/haven.ts';

const DAY_MS = 86_400_000;
const catalogue = loadCatalogue(CONTENT_DIR);
const en = translator(catalogue, 'en');
const fr = translator(catalogue, 'fr');
const text = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const OFFICE_POSTS: [string, Record<string, string>][] = [
  ['/office/training/sessions', { day: '2030-01-01', place: 'Luxembourg', language: 'fr', seats: '10' }],
  ['/office/training/sessions/unknown', { day: '2030-01-01', place: 'Luxembourg', language: 'fr', seats: '10' }],
  ['/office/training/sessions/unknown/delete', {}],
  ['/office/training/details', { price_en: 'x', price_fr: 'x', price_de: 'x' }],
  ['/office/training/requests/unknown/delete', {}],
];

test('editors manage sessions and details; visitors see upcoming sessions and filled details only', async (t) => {
  let offset = 0;
  const haven = await testHaven(t, { PUBLIC_URL: 'https://haven.example' }, { now: () => new Date(Date.now() + offset) });
  const publicPage = async (locale = 'en') => {
    const page = await haven.app.inject({ method: 'GET', url: `/${locale}/training`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['set-cookie'], undefined, 'no cookie on the public page');
    return text(page.body);
  };

  // Refusals first: a supervisor and an analyst get 403 on every page and form; no menu link.
  for (const login of ['hotline-supervisor', 'hotline-analyst']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    for (const url of ['/office/training', '/office/training/requests', '/office/training/sessions/unknown', '/office/training/requests/unknown'])
      assert.equal((await member.get(url)).statusCode, 403, `${login}: GET ${url}`);
    for (const [url, fields] of OFFICE_POSTS) assert.equal((await member.post(url, fields)).statusCode, 403, `${login}: POST ${url}`);
    assert.doesNotMatch((await member.get('/office/')).body, /href="\/office\/training"/, `${login}: no link`);
  }
  const editor = await signedInEditor(haven);
  for (const [url, fields] of OFFICE_POSTS) assert.equal((await editor.post(url, fields, { csrf: null })).statusCode, 403, `no CSRF: ${url}`);
  assert.equal((await haven.store.db.selectFrom('training_sessions').selectAll().execute()).length, 0, 'nothing added without CSRF');

  // The public page before anything: no session, no detail, the form; linked from the footer.
  const empty = await publicPage();
  assert.ok(empty.includes(en('training.sessions.none')));
  assert.ok(!empty.includes(`<dt>${en('training.details.price')}</dt>`), 'no detail still to fill');
  assert.match(empty, /<form id="training-request" method="post" action="\/en\/training"/);
  assert.match(empty, /<a href="\/en\/training">/, 'the footer links to the page');
  assert.match(empty, /href="\/en\/travel-and-tourism"/, 'links to the page on exploitation in travel and tourism');
  const sitemap = (await haven.app.inject({ url: '/sitemap.xml' })).body;
  assert.ok(sitemap.includes('<loc>https://haven.example/fr/training</loc>'), 'in the sitemap');

  // The editor's page: each detail flagged to fill; a wrong session comes back with what was typed.
  const page = await editor.get('/office/training');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /href="\/office\/training"/, 'the link in the menu');
  assert.equal(text(page.body).split(en('office.training.details.toFill')).length - 1, 3, 'three details to fill');
  const wrong = await editor.post('/office/training/sessions', { day: '2027-02-30', place: 'Esch-sur-Alzette', language: 'xx', seats: 'many' });
  assert.equal(wrong.statusCode, 400);
  for (const key of ['day', 'language']) assert.ok(text(wrong.body).includes(en(`office.training.error.${key}`)), key);
  assert.ok(wrong.body.includes('value="Esch-sur-Alzette"'), 'the place as typed');

  // Two sessions: tomorrow and in ten days; both shown at once, soonest first, in every language.
  const now = () => Date.now() + offset;
  const tomorrow = dayAt(now() + DAY_MS);
  const later = dayAt(now() + 10 * DAY_MS);
  for (const [day, place, seats] of [
    [later, 'Luxembourg-Ville', '20'],
    [tomorrow, 'Esch-sur-Alzette', '12'],
  ] as const) {
    const added = await editor.post('/office/training/sessions', { day, place, language: 'fr', seats });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/office/training?done=added');
  }
  let shown = await publicPage();
  assert.ok(shown.indexOf(showDay(tomorrow, 'en')) > 0 && shown.indexOf(showDay(tomorrow, 'en')) < shown.indexOf(showDay(later, 'en')), 'soonest first');
  assert.ok(shown.includes(en('training.sessions.item', { place: 'Esch-sur-Alzette', language: en('training.sessionLanguage.fr'), seats: 12 })));
  assert.ok((await publicPage('fr')).includes(showDay(tomorrow, 'fr')));

  // Changed and deleted: the page follows at once.
  const rows = await haven.store.db.selectFrom('training_sessions').select(['id', 'starts_on']).execute();
  const first = rows.find((r) => r.starts_on === tomorrow)?.id ?? assert.fail('the session');
  const second = rows.find((r) => r.starts_on === later)?.id ?? assert.fail('the session');
  assert.ok((await editor.get(`/office/training/sessions/${first}`)).body.includes('value="Esch-sur-Alzette"'));
  const changed = await editor.post(`/office/training/sessions/${first}`, { day: tomorrow, place: 'Esch-sur-Alzette', language: 'de', seats: '3' });
  assert.equal(changed.statusCode, 303);
  shown = await publicPage();
  assert.ok(shown.includes(en('training.sessions.item', { place: 'Esch-sur-Alzette', language: en('training.sessionLanguage.de'), seats: 3 })));
  assert.equal((await editor.post(`/office/training/sessions/${second}/delete`)).statusCode, 303);
  assert.ok(!(await publicPage()).includes(showDay(later, 'en')), 'the deleted session is gone');

  // A session recorded for yesterday: the office lists it as past, visitors never see it.
  const yesterday = dayAt(now() - DAY_MS);
  assert.equal((await editor.post('/office/training/sessions', { day: yesterday, place: 'Remich', language: 'lb', seats: '8' })).statusCode, 303);
  assert.ok(!(await publicPage()).includes('Remich'), 'a past session is not shown');
  assert.ok(text((await editor.get('/office/training')).body).includes(en('office.training.sessions.past')), 'the office marks it past');

  // Details: one language only is refused with its message; in every language it is shown.
  const partial = await editor.post('/office/training/details', { price_en: 'On request' });
  assert.equal(partial.statusCode, 400);
  assert.ok(text(partial.body).includes(en('office.training.error.detailLocales')));
  assert.ok(partial.body.includes('On request'), 'what was typed is kept');
  const saved = await editor.post('/office/training/details', { price_en: 'On request', price_fr: 'Sur demande', price_de: 'Auf Anfrage' });
  assert.equal(saved.statusCode, 303);
  assert.ok((await publicPage()).includes(`<dt>${en('training.details.price')}</dt><dd>On request</dd>`));
  assert.ok((await publicPage('fr')).includes(`<dt>${fr('training.details.price')}</dt><dd>Sur demande</dd>`));
  assert.ok(!(await publicPage()).includes(`<dt>${en('training.details.duration')}</dt>`), 'the length is still to fill');
  assert.equal(text((await editor.get('/office/training')).body).split(en('office.training.details.toFill')).length - 1, 2);

  // Every change is in the audit log.
  const actions = await haven.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'training.%').orderBy('seq').execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    [
      'training.session-added',
      'training.session-added',
      'training.session-changed',
      'training.session-deleted',
      'training.session-added',
      'training.details-changed',
    ],
  );

  // Two days later the session of "tomorrow" has passed: the public page drops it, the office marks it.
  offset += 2 * DAY_MS;
  const after = await publicPage();
  assert.ok(!after.includes(showDay(tomorrow, 'en')), 'a past session is not shown');
  assert.ok(after.includes(en('training.sessions.none')));
});
