// Issue 14, messages with the reporter, from the reporter's side: with only the identification
// number, the reporter sees the status move and the organisation's question in their language,
// answers on the status page, and the analyst reads the answer in the case. The answer is kept
// at the hour only, in the history and in the audit log; a refused answer loses nothing and
// stores nothing; a wrong number learns nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { caseworkServices, closeReport, fileReport } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { controls, fieldValue, startTags, textById, visibleText } from '../support/html.ts';
import { postForm, postJson } from '../support/reports.ts';

const fr = translator(loadCatalogue(CONTENT_DIR), 'fr');

/** The services a member's request reaches, and a member's session with the organisation key. */
async function office(haven: TestHaven) {
  const { casework, sessionOf } = caseworkServices(haven);
  return { casework, analyst: await sessionOf('hotline-analyst') };
}

/** What a public page must never do (test/security/page-headers.test.ts checks every page for it). */
function assertPublicPage(page: LightMyRequestResponse, what: string) {
  assert.equal(page.headers['set-cookie'], undefined, `${what}: no cookie`);
  assert.equal(page.headers['cache-control'], 'no-store', `${what}: no copy kept on a shared device`);
  for (const match of page.body.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) assert.equal((match[1] ?? '').trim(), '', `${what}: no inline script`);
  assert.doesNotMatch(page.body, /<style\b/i, `${what}: no inline style element`);
  for (const tag of startTags(page.body)) {
    for (const name of tag.attrs.keys()) assert.ok(!name.startsWith('on') && name !== 'style', `${what}: no ${name} attribute in ${tag.raw}`);
  }
}

const statusLabels = (html: string) =>
  [...html.matchAll(/<ol class="status-list">([\s\S]*?)<\/ol>/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/<strong>([^<]*)<\/strong>/g)].map((s) => s[1]));

const answers = async (haven: TestHaven, reportId: string) => ({
  events: await haven.store.db.selectFrom('report_events').select(['actor', 'at']).where('report_id', '=', reportId).where('type', '=', 'reply').execute(),
  audit: await haven.store.db
    .selectFrom('audit_log')
    .select(['actor', 'at', 'organisation_id'])
    .where('action', '=', 'report.answered')
    .where('subject', '=', `report:${reportId}`)
    .execute(),
});

const ON_THE_HOUR = /^\d{4}-\d\d-\d\dT\d\d:00(:00(\.000)?)?Z$/;

test('the reporter reads the question in French, answers it, and the analyst reads the answer', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const { casework, analyst } = await office(haven);
  const analystClient = await signIn(haven.app, 'hotline-analyst', demoPassword(haven, 'hotline-analyst'));
  const filed = await fileReport(haven, 'online');

  const before = await postForm(haven.app, '/fr/report/status', { receipt: filed.receipt });
  assert.equal(before.statusCode, 200);
  assert.equal(controls(before.body, 'answer').length, 0, 'nobody asked anything yet: no answer form');

  // The analyst takes the report and asks, through the report page's forms.
  assert.equal((await analystClient.post(`/office/reports/${filed.id}/take`)).statusCode, 303);
  const question = `Avez-vous vu cette page une seule fois ? ${filed.marker}\nOu plusieurs fois ?`;
  const sent = await analystClient.post(`/office/reports/${filed.id}/message`, { text: question });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));

  const asked = await postForm(haven.app, '/fr/report/status', { receipt: filed.receipt });
  assert.equal(asked.statusCode, 200);
  assertPublicPage(asked, 'the status page with a message');
  assert.deepEqual(statusLabels(asked.body), [fr('status.value.received'), fr('status.value.being-assessed')], 'the analyst took it: being assessed');
  const text = visibleText(asked.body);
  assert.ok(text.includes(`Avez-vous vu cette page une seule fois ? ${filed.marker}`), 'the question, opened with the reporter’s key');
  assert.ok(text.includes('Ou plusieurs fois ?'), 'its second line too');
  assert.ok(text.includes(fr('status.from.organisation')), 'said to come from the organisation');
  const form = startTags(asked.body).find((tag) => tag.name === 'form' && tag.attrs.get('action') === '/fr/report/status/answer');
  assert.ok(form, 'an answer form, posting to the French answer route');
  assert.equal(form.attrs.get('method'), 'post');
  assert.equal(controls(asked.body, 'answer')[0]?.name, 'textarea');
  assert.ok(text.includes(fr('status.answer.label')), 'labelled in French');
  assert.equal(textById(asked.body, 'answer-limit'), fr('field.limit', { max: 5000 }), 'the limit said beside it');
  const hidden = controls(asked.body, 'receipt').find((tag) => tag.attrs.get('type') === 'hidden');
  assert.equal(hidden?.attrs.get('value'), filed.receipt, 'the number carried in a hidden field');

  const answer = `Une seule fois, hier soir. ${filed.marker}`;
  const answered = await postForm(haven.app, '/fr/report/status/answer', { receipt: filed.receipt, answer });
  assert.equal(answered.statusCode, 200);
  assertPublicPage(answered, 'the page after answering');
  const after = visibleText(answered.body);
  assert.ok(after.includes(fr('status.answer.sent')), 'a confirmation');
  assert.ok(after.indexOf(answer) > after.indexOf(filed.marker), 'the answer in the conversation, after the question');
  assert.ok(after.includes(fr('status.from.reporter')));
  assert.equal(fieldValue(answered.body, 'answer'), '', 'the form is empty again');

  const reportPage = await analystClient.get(`/office/reports/${filed.id}`);
  assert.equal(reportPage.statusCode, 200);
  assert.ok(visibleText(reportPage.body).includes(answer), 'the analyst reads the answer on the report page');
  const opened = await casework.open(analyst, filed.id);
  assert.deepEqual(
    opened.history.filter((e) => e.type === 'reply').map((e) => [e.actor, e.text]),
    [['reporter', answer]],
    'from the reporter, in the report’s history',
  );

  const stored = await answers(haven, filed.id);
  assert.equal(stored.events.length, 1);
  assert.match(stored.events[0]?.at ?? '', ON_THE_HOUR, 'the history keeps the hour only');
  assert.equal(stored.audit.length, 1, 'one audit entry for the answer');
  assert.equal(stored.audit[0]?.actor, 'reporter');
  assert.match(stored.audit[0]?.at ?? '', ON_THE_HOUR, 'the audit entry keeps the hour only');
  assert.equal(stored.audit[0]?.organisation_id, analyst.account.organisation_id, 'in the organisation’s log');
  const row = await haven.store.db.selectFrom('reports').select('notice_pending').where('id', '=', filed.id).executeTakeFirstOrThrow();
  assert.equal(Number(row.notice_pending) & 2, 2, 'the members’ next notice mentions an answer');

  const api = await postJson(haven.app, '/api/v1/reports/status', { receipt: filed.receipt });
  assert.equal(api.statusCode, 200);
  const body = api.json() as { history: unknown[]; messages: { from: string; at: string; text: string }[] };
  assert.equal(body.history.length, 2);
  assert.deepEqual(
    body.messages.map((m) => [m.from, m.text]),
    [
      ['organisation', question],
      ['reporter', answer],
    ],
  );

  await casework.decisions.setStatus(analyst, filed.id, 'actioned');
  const moved = await postForm(haven.app, '/fr/report/status', { receipt: filed.receipt });
  assert.deepEqual(
    statusLabels(moved.body),
    ['received', 'being-assessed', 'action-taken'].map((s) => fr(`status.value.${s}`)),
    'each status change is shown',
  );
});

test('an empty or too long answer is refused at the field, kept, and nothing is stored', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const { casework, analyst } = await office(haven);
  const filed = await fileReport(haven, 'online');
  await casework.actions.sendMessage(analyst, filed.id, `Une question ${filed.marker}`);

  const empty = await postForm(haven.app, '/fr/report/status/answer', { receipt: filed.receipt, answer: '  \n ' });
  assert.equal(empty.statusCode, 400);
  assertPublicPage(empty, 'an empty answer');
  assert.equal(textById(empty.body, 'answer-error'), fr('status.answer.error.text-empty'), 'the French message at the field');
  assert.equal(textById(empty.body, 'error-summary-title'), fr('status.answer.errorTitle'));
  assert.ok(visibleText(empty.body).includes(`Une question ${filed.marker}`), 'the question is still there to read');

  const long = `${'é'.repeat(5000)}\nfin`;
  const tooLong = await postForm(haven.app, '/fr/report/status/answer', { receipt: filed.receipt, answer: long });
  assert.equal(tooLong.statusCode, 400);
  assert.equal(textById(tooLong.body, 'answer-error'), fr('status.answer.error.text-too-long', { max: 5000 }));
  assert.equal(fieldValue(tooLong.body, 'answer'), long, 'everything typed comes back');

  assert.deepEqual(await answers(haven, filed.id), { events: [], audit: [] }, 'nothing stored, nothing audited');
});

test('an answer with a wrong number gets the same answer as a wrong look-up', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const lookUp = await postForm(haven.app, '/fr/report/status', { receipt: '7KQM-3XH9-P2DW-8RTW' });
  for (const receipt of ['7KQM-3XH9-P2DW-8RTW', 'pas un numéro', '']) {
    const page = await postForm(haven.app, '/fr/report/status/answer', { receipt, answer: 'Bonjour' });
    assert.equal(page.statusCode, 404, `"${receipt}": not found`);
    assertPublicPage(page, 'a wrong number');
    assert.equal(textById(page.body, 'error-summary-title'), textById(lookUp.body, 'error-summary-title'));
    assert.equal(textById(page.body, 'receipt-error'), fr('status.notFound'));
  }
  const stored = await haven.store.db.selectFrom('report_events').select('seq').where('type', '=', 'reply').execute();
  assert.deepEqual(stored, []);
});

test('answers count with the look-ups, and one held back is given back as typed', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '2' });
  const { casework, analyst } = await office(haven);
  const filed = await fileReport(haven, 'online');
  await casework.actions.sendMessage(analyst, filed.id, 'Une question');
  assert.equal((await postForm(haven.app, '/fr/report/status', { receipt: filed.receipt })).statusCode, 200);
  assert.equal((await postForm(haven.app, '/fr/report/status', { receipt: filed.receipt })).statusCode, 200);
  const answer = `Ma réponse ${filed.marker}`;
  const held = await postForm(haven.app, '/fr/report/status/answer', { receipt: filed.receipt, answer });
  assert.equal(held.statusCode, 429, 'the third try in a minute, across look-ups and answers, is held back');
  assertPublicPage(held, 'an answer held back');
  assert.equal(textById(held.body, 'error-summary-title'), fr('status.tooManyTitle'));
  assert.equal(fieldValue(held.body, 'answer'), answer, 'the answer typed is still there to send again');
  assert.deepEqual(await answers(haven, filed.id), { events: [], audit: [] });
});

test('a closed report takes no more answers: the page says so, and a late answer comes back with its text', async (t) => {
  const haven = await testHaven(t);
  const { casework, analyst } = await office(haven);
  const filed = await fileReport(haven, 'online');
  await casework.actions.sendMessage(analyst, filed.id, 'Is it still online?');
  await closeReport(casework, analyst, filed.id);

  const page = await postForm(haven.app, '/en/report/status', { receipt: filed.receipt });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /data-answers="closed"/, 'the page says answers are closed');
  assert.doesNotMatch(page.body, /action="\/en\/report\/status\/answer"/, 'no answer form');

  const events = async () => (await haven.store.db.selectFrom('report_events').select('seq').where('report_id', '=', filed.id).execute()).length;
  const before = await events();
  const late = await postForm(haven.app, '/en/report/status/answer', { receipt: filed.receipt, answer: 'late words, kept' });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /late words, kept/, 'the text is given back to be copied');
  assert.equal(await events(), before, 'nothing is stored');
});
