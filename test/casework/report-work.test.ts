// The report page's fixes after review, through the real routes: a report a colleague holds is
// taken over in so many words, and handed over only when the service would accept it; free text
// shows its web addresses defanged; classifying an address comes back to that address; closing a
// report nobody decided waits for a second member; the short reference by the title.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSAM_FIELDS, follow, itemsOf } from './report-support.ts';
import { accountIdOf, caseworkHaven, fileReport } from './support.ts';
import { fieldsFor, newMarker } from '../support/reports.ts';

const handOverForm = (id: string) => `action="/office/reports/${id}/hand-over"`;

test('a report a colleague holds: "Take over from", no hand-over for a non-holder analyst, never to oneself', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const { hotlineAnalyst: analyst, hotlineSupervisor: supervisor } = staff;
  const report = await fileReport(haven, 'online');
  const page = `/office/reports/${report.id}`;
  const [analystId, supervisorId] = [await accountIdOf(haven, 'hotline-analyst'), await accountIdOf(haven, 'hotline-supervisor')];

  // Nobody holds it: anyone takes it or hands it over, to anyone but themself.
  let html = await analyst.get(page);
  assert.match(html.body, /<button type="submit">Take this report<\/button>/);
  assert.ok(html.body.includes(handOverForm(report.id)), 'the hand-over form');
  assert.ok(html.body.includes(`<option value="${supervisorId}">`), 'the supervisor in the list');
  assert.ok(!html.body.includes(`<option value="${analystId}">`), 'not the member themself');
  // The short reference by the title: the id's last 8 hex digits, as the queue shows them.
  assert.ok(html.body.includes(`Reference: <code>${report.id.replace(/-/g, '').slice(-8)}</code>`));

  await follow(supervisor, await supervisor.post(`${page}/take`), 'the supervisor takes it');

  // The analyst sees who holds it and takes it over in so many words; no hand-over form.
  html = await analyst.get(page);
  assert.match(html.body, /<button type="submit">Take over from hotline-supervisor<\/button>/);
  assert.doesNotMatch(html.body, /Take this report/);
  assert.ok(!html.body.includes(handOverForm(report.id)), 'no hand-over form for a non-holder analyst');
  const holder = async () =>
    (await haven.store.db.selectFrom('reports').select('assignee_id').where('id', '=', report.id).executeTakeFirstOrThrow()).assignee_id;
  const refused = await analyst.post(`${page}/hand-over`, { to: analystId });
  assert.equal(refused.statusCode, 400, refused.body.slice(0, 300));
  assert.match(refused.body, /<p class="error" id="work-error">Only the member who took this report, or a supervisor, can release it or hand it over\.<\/p>/);
  assert.equal(await holder(), supervisorId, 'still the supervisor’s');

  // Taken over: the history says from whom, and now the analyst may hand it over (not to themself).
  html = await follow(analyst, await analyst.post(`${page}/take`), 'take over');
  assert.equal(await holder(), analystId);
  assert.match(html.body, /Taken by hotline-analyst/);
  assert.doesNotMatch(html.body, /Take over from|Take this report/);
  assert.ok(html.body.includes(`<option value="${supervisorId}">`) && !html.body.includes(`<option value="${analystId}">`));
  // A supervisor may take it over or release it (the only other caseworker holds it: no one to hand it to).
  html = await supervisor.get(page);
  assert.match(html.body, /Take over from hotline-analyst/);
  assert.match(html.body, /Release it/);
  assert.ok(!html.body.includes(`<option value="${supervisorId}">`), 'never to themself');
});

test('free text shows its web addresses defanged; the reported addresses are copied real', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const marker = newMarker();
  const fields = { ...fieldsFor('online', marker), description: `MARKER-${marker} It is at https://evil.example.com/path and www.other.example.org.` };
  const report = await fileReport(haven, 'online', fields);
  const page = `/office/reports/${report.id}`;
  await follow(staff.hotlineAnalyst, await staff.hotlineAnalyst.post(`${page}/note`, { text: `Mirror on http://mirror.example.net/x ${marker}` }), 'note');

  const html = await staff.hotlineSupervisor.get(page);
  assert.ok(html.body.includes(`MARKER-${marker} It is at hxxps://evil[.]example[.]com/path and www[.]other[.]example[.]org.`), 'the description');
  assert.ok(html.body.includes(`Mirror on hxxp://mirror[.]example[.]net/x ${marker}`), 'the note');
  assert.doesNotMatch(html.body, /evil\.example\.com|other\.example\.org|mirror\.example\.net/, 'no live address');
  // The copy button gives the reported address as it is (an attribute, never a link).
  assert.ok(html.body.includes(`data-copy-text="https://example.org/MARKER-${marker}/page?q=MARKER-${marker}"`));
  assert.match(html.body, /Copy the real address/);
});

test('classifying the second address comes back to it, with its notice there', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const report = await fileReport(haven, 'online');
  const page = `/office/reports/${report.id}`;
  const [first, second] = (await itemsOf(haven, report.id)) as [string, string];

  const classified = await staff.hotlineAnalyst.post(`${page}/classify`, { item: second, value: 'not-illegal' });
  assert.equal(String(classified.headers.location), `${page}?done=classified&item=${second}#address-${second}`);
  const html = await follow(staff.hotlineAnalyst, classified, 'classify');
  const block = (item: string) => new RegExp(`<div class="address-block" id="address-${item}">[\\s\\S]*?<form`).exec(html.body)?.[0] ?? '';
  assert.match(block(second), /<p class="notice" role="status">The classification is in effect\.<\/p>/);
  assert.doesNotMatch(block(first), /class="notice"/);
  assert.equal(html.body.match(/The classification is in effect\./g)?.length, 1, 'the notice once, at the address');

  // One waiting for confirmation comes back to its address too.
  const pending = await staff.hotlineAnalyst.post(`${page}/classify`, { item: first, value: 'csam', ...CSAM_FIELDS });
  assert.match(String(pending.headers.location), new RegExp(`done=classified-pending&item=${first}#address-${first}$`));
});

test('closing a report being assessed waits for a second member; the supervisor confirms, it is closed', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const { hotlineAnalyst: analyst, hotlineSupervisor: supervisor } = staff;
  const report = await fileReport(haven, 'online');
  const page = `/office/reports/${report.id}`;
  const row = () =>
    haven.store.db.selectFrom('reports').select(['workflow_status', 'closed_at', 'awaiting']).where('id', '=', report.id).executeTakeFirstOrThrow();
  let html = await follow(analyst, await analyst.post(`${page}/take`), 'take');
  assert.match(html.body, /No action possible, Closed: takes effect only once a second analyst confirms it\./);

  const closing = await analyst.post(`${page}/status`, { status: 'closed' });
  assert.match(String(closing.headers.location), /done=status-pending#change-status$/);
  html = await follow(analyst, closing, 'close');
  assert.match(html.body, /The new status waits for a second analyst&#x27;s confirmation\.|The new status waits for a second analyst's confirmation\./);
  assert.match(html.body, /<strong>Status: Closed<\/strong>/);
  assert.match(html.body, /<strong data-status="assessing">Being assessed<\/strong>/);
  assert.deepEqual({ ...(await row()) }, { workflow_status: 'assessing', closed_at: null, awaiting: 1 });

  const decision = await haven.store.db
    .selectFrom('case_decisions')
    .select('id')
    .where('report_id', '=', report.id)
    .where('kind', '=', 'status')
    .executeTakeFirstOrThrow();
  html = await follow(supervisor, await supervisor.post(`${page}/decisions/${decision.id}/confirm`), 'confirm');
  assert.match(html.body, /<strong data-status="closed">Closed<\/strong>/);
  const closed = await row();
  assert.equal(closed.workflow_status, 'closed');
  assert.ok(closed.closed_at, 'closed at a time');
  assert.equal(Number(closed.awaiting), 0);
});
