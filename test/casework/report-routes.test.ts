// The report page and every action on it, through the real routes. Refusals first: the operator's
// admin and editor never reach a report, another organisation's analyst finds nothing by id (and
// changes nothing), a member without the organisation key gets the error page, a POST without its
// CSRF token is refused. Then a hotline report's way: defanged addresses and no link to them, take,
// classify as abuse material (awaiting a second analyst), the proposer cannot confirm, the
// supervisor does; notes, messages and a refused note that loses nothing; hand-over; reported
// before; a police report's identity section; the page in French.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createAdmin } from '../../src/accounts/accounts.service.ts';
import { coarseHour } from '../../src/intake/prepare-report.ts';
import type { TestHaven } from '../support/haven.ts';
import { fieldsFor, newMarker } from '../support/reports.ts';
import { enrolInvited, type Injected, signIn } from '../office/support.ts';
import { CSAM_FIELDS, follow, itemsOf } from './report-support.ts';
import { accountIdOf, caseworkHaven, fileReport } from './support.ts';

const strongPassword = () => `${randomBytes(12).toString('base64url')} lantern`;

function expectRefused(r: Injected, statuses: number[], what: string) {
  assert.ok(statuses.includes(r.statusCode), `${what}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  if (r.statusCode === 403) assert.match(r.body, /<h1>Not allowed<\/h1>/, `${what}: the error page`);
  if (r.statusCode === 404) assert.match(r.body, /<h1>Page not found<\/h1>/, `${what}: the error page`);
}

/** Everything a report route could change about a report, and the activity log's length. */
async function snapshot(haven: TestHaven, id: string): Promise<string> {
  const db = haven.store.db;
  const report = await db
    .selectFrom('reports')
    .select(['workflow_status', 'assignee_id', 'classification', 'awaiting'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const events = await db.selectFrom('report_events').select(['seq', 'type']).where('report_id', '=', id).orderBy('seq').execute();
  const decisions = await db.selectFrom('case_decisions').select(['id', 'state']).where('report_id', '=', id).orderBy('id').execute();
  const urls = await db.selectFrom('report_urls').select(['classification']).where('report_id', '=', id).execute();
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return JSON.stringify({ report, events, decisions, urls, audit: Number(audit.n) });
}

test('report routes refuse the operator’s roles, hide other organisations’ reports, need the key and the CSRF token', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const hotline = await fileReport(haven, 'online');
  const items = await itemsOf(haven, hotline.id);
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  // A real pending decision, so that confirm and reject have a decision to be refused.
  const proposed = await staff.hotlineAnalyst.post(`/office/reports/${hotline.id}/classify`, { item: items[0] as string, value: 'csam', ...CSAM_FIELDS });
  assert.equal(proposed.statusCode, 303, proposed.body.slice(0, 300));
  const decision = await haven.store.db.selectFrom('case_decisions').select('id').where('report_id', '=', hotline.id).executeTakeFirstOrThrow();

  const created = await createAdmin(haven.store, haven.keys, 'ops-editor', 'en', 'test', 'editor');
  const password = strongPassword();
  const enrolled = await haven.app.inject({
    method: 'POST',
    url: `/office/enrol/${created.token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ password, passwordAgain: password, locale: 'en' }).toString(),
  });
  assert.equal(enrolled.statusCode, 303, enrolled.body.slice(0, 300));
  const editor = await signIn(haven.app, 'ops-editor', password);

  const posts = (id: string): [string, Record<string, string>][] => [
    [`/office/reports/${id}/take`, {}],
    [`/office/reports/${id}/release`, {}],
    [`/office/reports/${id}/hand-over`, { to: supervisorId }],
    [`/office/reports/${id}/status`, { status: 'actioned' }],
    [`/office/reports/${id}/classify`, { item: items[1] as string, value: 'not-illegal' }],
    [`/office/reports/${id}/decisions/${decision.id}/confirm`, {}],
    [`/office/reports/${id}/decisions/${decision.id}/reject`, {}],
    [`/office/reports/${id}/note`, { text: 'a note that must not be written' }],
    [`/office/reports/${id}/message`, { text: 'a message that must not be sent' }],
  ];

  const before = await snapshot(haven, hotline.id);
  for (const [who, client] of [
    ['admin', staff.admin],
    ['editor', editor],
  ] as const) {
    expectRefused(await client.get(`/office/reports/${hotline.id}`), [403, 404], `${who}: the page`);
    for (const [url, fields] of posts(hotline.id)) expectRefused(await client.post(url, fields), [403, 404], `${who}: ${url}`);
  }
  // Another organisation's analyst: the report does not exist for them, whatever they send.
  expectRefused(await staff.policeAnalyst.get(`/office/reports/${hotline.id}`), [404], 'police analyst: the page');
  for (const [url, fields] of posts(hotline.id)) expectRefused(await staff.policeAnalyst.post(url, fields), [404], `police analyst: ${url}`);
  expectRefused(await staff.policeAnalyst.post(`/office/reports/${hotline.id}/note`, { text: '' }), [404], 'police analyst: an empty note');
  expectRefused(await staff.policeAnalyst.get('/office/reports/not-a-report'), [404], 'police analyst: a guessed id');
  assert.equal(await snapshot(haven, hotline.id), before, 'nothing changed, nothing was opened');

  // No CSRF token, or another session's: refused before the route runs.
  const note = `/office/reports/${hotline.id}/note`;
  expectRefused(await staff.hotlineAnalyst.post(note, { text: 'no token' }, { csrf: null }), [403], 'no CSRF token');
  expectRefused(await staff.hotlineAnalyst.post(note, { text: 'wrong token' }, { csrf: staff.hotlineSupervisor.csrf }), [403], 'another session’s token');
  assert.equal(await snapshot(haven, hotline.id), before, 'no note written');

  // A member without the organisation's key (invited, enrolled, the grant awaiting approval): the
  // error page for the report and every step on it.
  const invited = await staff.hotlineSupervisor.post('/office/members/invite', { email: 'no-key@example.org', role: 'analyst', locale: 'en' });
  assert.equal(invited.statusCode, 303, invited.body.slice(0, 300));
  // Granted, the grant waiting for a second supervisor's approval (as with two supervisors).
  const member = await haven.store.db.selectFrom('accounts').select('id').where('email', '=', 'no-key@example.org').executeTakeFirstOrThrow();
  await haven.store.db
    .insertInto('key_grants')
    .values({
      organisation_id: 'hotline-demo',
      account_id: member.id,
      status: 'pending',
      sealed_organisation_key: null,
      pending_box: randomBytes(64),
      pending_key: randomBytes(80),
      granted_by: `account:${supervisorId}`,
      created_at: new Date().toISOString(),
      approved_by: null,
      approved_at: null,
    })
    .execute();
  const keyless = await enrolInvited(haven, 'no-key@example.org', strongPassword());
  const keyed = await snapshot(haven, hotline.id);
  expectRefused(await keyless.get(`/office/reports/${hotline.id}`), [403], 'no key: the page');
  for (const [url, fields] of posts(hotline.id)) expectRefused(await keyless.post(url, fields), [403], `no key: ${url}`);
  assert.equal(await snapshot(haven, hotline.id), keyed, 'nothing changed or opened without the key');
});

test('a hotline report: defanged addresses, take, classify, a second analyst confirms, notes, messages, hand-over, reported before, French', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const { hotlineAnalyst: analyst, hotlineSupervisor: supervisor } = staff;
  const marker = newMarker();
  const fields = fieldsFor('online', marker);
  const earlier = await fileReport(haven, 'online', fields);
  const report = await fileReport(haven, 'online', fields);
  const page = `/office/reports/${report.id}`;

  let html = await analyst.get(page);
  assert.equal(html.statusCode, 200, html.body.slice(0, 300));
  assert.match(String(html.headers['cache-control']), /no-store/, 'nothing unsealed is cached');
  assert.ok(html.body.includes(`hxxps://example[.]org/MARKER-${marker}/page?q=MARKER-${marker}`), 'the address, defanged');
  assert.ok(html.body.includes(`hxxp://marker-${marker}[.]example[.]net/a`), 'the second address, defanged');
  assert.doesNotMatch(html.body, /href="[^"]*(MARKER|marker-|example\.(org|net))/i, 'no link to a reported address');
  assert.match(html.body, /<h2 id="classification-title">Web addresses<\/h2>/);
  assert.match(html.body, /<strong data-status="new">New<\/strong>/);
  // Reported before: the earlier report of the same address, linked by its id.
  assert.ok(html.body.includes(`href="/office/reports/${earlier.id}"`), 'the earlier report of the same address');
  assert.ok(html.body.includes(`MARKER-${marker} description`), 'the reporter’s description');

  // Take: being assessed, and held by the analyst.
  html = await follow(analyst, await analyst.post(`${page}/take`), 'take');
  assert.match(html.body, /You have taken this report\./);
  assert.match(html.body, /<strong data-status="assessing">Being assessed<\/strong>/);
  assert.match(html.body, /hotline-analyst has taken this report\./);

  // Classify the first address as abuse material: it waits for a second analyst.
  const [item] = await itemsOf(haven, report.id);
  const classified = await analyst.post(`${page}/classify`, { item: item as string, value: 'csam', ...CSAM_FIELDS });
  assert.match(String(classified.headers.location), new RegExp(`done=classified-pending&item=${item}#address-${item}$`));
  html = await follow(analyst, classified, 'classify');
  const decision = await haven.store.db.selectFrom('case_decisions').select(['id', 'state']).where('report_id', '=', report.id).executeTakeFirstOrThrow();
  assert.equal(decision.state, 'pending');
  assert.match(html.body, /You proposed this\. It waits for a second analyst or supervisor to confirm it\./);
  assert.ok(!html.body.includes(`/decisions/${decision.id}/confirm`), 'no confirm button for the proposer');
  const forced = await analyst.post(`${page}/decisions/${decision.id}/confirm`);
  assert.equal(forced.statusCode, 400);
  assert.match(forced.body, /You proposed this decision\. Another analyst or supervisor must confirm it\./);

  // The supervisor confirms: in effect, with its fields.
  html = await supervisor.get(page);
  assert.ok(html.body.includes(`/decisions/${decision.id}/confirm`), 'the supervisor may confirm');
  html = await follow(supervisor, await supervisor.post(`${page}/decisions/${decision.id}/confirm`), 'confirm');
  assert.match(html.body, /Confirmed\. The decision is in effect\./);
  assert.match(html.body, /In effect: <strong>Child sexual abuse material<\/strong>/);
  assert.match(html.body, /Apparent age group: Pre-pubescent/);
  assert.match(html.body, /hotline-supervisor confirmed: Child sexual abuse material/);
  assert.equal(
    (await haven.store.db.selectFrom('reports').select('classification').where('id', '=', report.id).executeTakeFirstOrThrow()).classification,
    'csam',
  );

  // A note and a message, in the history with their text.
  html = await follow(analyst, await analyst.post(`${page}/note`, { text: `Internal ${marker} note` }), 'note');
  assert.match(html.body, /The note is added to the history\./);
  assert.ok(html.body.includes(`Internal ${marker} note`));
  html = await follow(analyst, await analyst.post(`${page}/message`, { text: `Where did you find the link? ${marker}` }), 'message');
  assert.match(html.body, /Message to the reporter from hotline-analyst:/);
  assert.ok(html.body.includes(`Where did you find the link? ${marker}`));

  // A refused note: the message at the field, and everything typed given back.
  const empty = await analyst.post(`${page}/note`, { text: '   ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /<span class="error" id="note-text-error">Write something before sending\.<\/span>/);
  const long = `${'a long note '.repeat(450)}END-${marker}`;
  const tooLong = await analyst.post(`${page}/note`, { text: long });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /The text is too long/);
  assert.ok(tooLong.body.includes(`${long}</textarea>`), 'nothing typed is lost');

  // Hand-over to the supervisor.
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  html = await follow(analyst, await analyst.post(`${page}/hand-over`, { to: supervisorId }), 'hand-over');
  assert.match(html.body, /hotline-supervisor has taken this report\./);
  assert.match(html.body, /hotline-analyst handed the report over to hotline-supervisor/);

  // In French, with French words.
  html = await analyst.get(`${page}?lang=fr`);
  assert.match(html.body, /<html lang="fr">/);
  assert.match(html.body, /En cours d’évaluation/);
  assert.match(html.body, /Adresses web/);
  assert.match(html.body, /Déjà signalé/);

  // The earlier report, opened: the later one in its "reported before", with its classification.
  html = await analyst.get(`/office/reports/${earlier.id}`);
  assert.ok(html.body.includes(`href="/office/reports/${report.id}"`));
  assert.match(html.body, /Being assessed · Child sexual abuse material/);
});

test('a police report shows the reporter’s identity in its own section', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const police = await fileReport(haven, 'child-abuse');
  const html = await staff.policeAnalyst.get(`/office/reports/${police.id}`);
  assert.equal(html.statusCode, 200, html.body.slice(0, 300));
  const section = /<section id="reporter"[\s\S]*?<\/section>/.exec(html.body)?.[0] ?? assert.fail('an identity section');
  assert.match(section, /The reporter&#x27;s identity|The reporter's identity/);
  assert.ok(section.includes(`MARKER-${police.marker} Jeanne Dupont`));
  assert.ok(section.includes(`marker-${police.marker}@example.org`));
  assert.match(section, /\+352 691/);
  assert.ok(!section.includes('href='), 'no link in the identity section');
  assert.match(html.body, /<h2 id="classification-title">Classification<\/h2>/);
  assert.ok(html.body.includes(`MARKER-${police.marker} suspect`));
  expectRefused(await staff.hotlineAnalyst.get(`/office/reports/${police.id}`), [404], 'the hotline analyst: a police report');

  // Received five days ago and still new: its first assessment (48 h) is overdue, in words and style.
  const fiveDaysAgo = coarseHour(new Date(Date.now() - 5 * 24 * 3_600_000));
  await haven.store.db.updateTable('reports').set({ received_hour: fiveDaysAgo }).where('id', '=', police.id).execute();
  const late = await staff.policeAnalyst.get(`/office/reports/${police.id}`);
  assert.match(late.body, /<span class="overdue">First assessment: [^<]+ – Overdue by 3 days<\/span>/);
});
