// "Reassign all" (GET and POST /office/reports/reassign): the queue's form leads to a
// confirmation page that says how many open reports move, from whom to whom; confirming moves
// them, records the move, and the queue says so with the count the audit log holds, never one a
// link carries. A removed member's reports can be moved; a removed member cannot receive them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrfFrom } from '../office/support.ts';
import { rowsOf } from './queue-support.ts';
import { accountIdOf, caseworkHaven, fileReport, servicesFor } from './support.ts';

const NOTICE = /<p class="notice" role="status">([^<]*)<\/p>/;

test('a supervisor confirms moving every open report a removed member held, and the queue says how many moved', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const supervisor = staff.hotlineSupervisor;
  const analyst = await servicesFor(haven, 'hotline-analyst');
  const analystId = analyst.session.account.id;
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  const [a, b, done, free] = [await fileReport(haven), await fileReport(haven), await fileReport(haven), await fileReport(haven)];
  for (const report of [a, b, done]) await analyst.casework.actions.take(analyst.session, report.id);
  await haven.store.db.updateTable('reports').set({ workflow_status: 'closed' }).where('id', '=', done.id).execute();

  // Nothing to move: the page says so and offers no form.
  const nothing = await supervisor.get(`/office/reports/reassign?from=${supervisorId}&to=${analystId}`);
  assert.equal(nothing.statusCode, 200, nothing.body.slice(0, 300));
  assert.match(nothing.body, /data-reassign="nothing">hotline-supervisor holds no open report: there is nothing to move\./);
  assert.ok(!nothing.body.includes('name="confirm"'), 'no form');

  // The analyst leaves; the queue's form still offers their reports, and never them as receiver.
  await haven.store.db.updateTable('accounts').set({ status: 'removed' }).where('id', '=', analystId).execute();
  const queue = (await supervisor.get('/office/reports')).body;
  assert.match(queue, new RegExp(`<option value="${analystId}"[^>]*>hotline-analyst \\(removed\\)</option>`));
  const toList = /<select[^>]*name="toMember"[\s\S]*?<\/select>/.exec(queue)?.[0] ?? assert.fail('the receiver list');
  assert.ok(!toList.includes(analystId), 'a removed member receives nothing');
  const refused = await supervisor.get(`/office/reports/reassign?from=${supervisorId}&to=${analystId}`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Choose an active analyst or supervisor of your organisation/);
  const same = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: analystId });
  assert.equal(same.statusCode, 400);
  assert.match(same.body, /Choose two different members/);
  assert.match((await supervisor.post('/office/reports/reassign', { fromMember: 'nobody', toMember: supervisorId })).body, /Choose the member whose reports/);

  // The queue's form leads to the confirmation page first: nothing has moved yet.
  const asked = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: supervisorId });
  assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
  assert.equal(asked.headers.location, `/office/reports/reassign?from=${analystId}&to=${supervisorId}`);
  const confirm = await supervisor.get(asked.headers.location as string);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /<h1 data-reassign="question">Move 2 open reports from hotline-analyst to hotline-supervisor\?<\/h1>/);
  assert.match(confirm.body, /<form method="post" action="\/office\/reports\/reassign"/);
  assert.match(confirm.body, /<input type="hidden" name="confirm" value="yes"\/>/);
  assert.deepEqual(rowsOf((await supervisor.get('/office/reports?assignee=me')).body), [], 'not moved before confirming');
  assert.ok(csrfFrom(confirm.body), 'the confirmation carries its CSRF token');

  const moved = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: supervisorId, confirm: 'yes' });
  assert.equal(moved.statusCode, 303, moved.body.slice(0, 300));
  assert.equal(moved.headers.location, '/office/reports?moved=1');
  const after = (await supervisor.get('/office/reports?moved=1')).body;
  assert.equal(NOTICE.exec(after)?.[1], '2 open reports were moved from hotline-analyst to hotline-supervisor.');
  assert.equal(new Set(rowsOf((await supervisor.get('/office/reports?assignee=me')).body)).size, 2);
  assert.deepEqual(new Set(rowsOf((await supervisor.get('/office/reports?assignee=me')).body)), new Set([a.id, b.id]), 'the closed one stays');
  assert.ok(!rowsOf((await supervisor.get('/office/reports?assignee=nobody')).body).includes(a.id));
  assert.ok(rowsOf((await supervisor.get('/office/reports?assignee=nobody')).body).includes(free.id), 'a report nobody held stays so');
  const entry = await haven.store.db
    .selectFrom('audit_log')
    .select(['actor', 'subject', 'detail'])
    .where('action', '=', 'reports.reassigned')
    .executeTakeFirstOrThrow();
  assert.deepEqual(entry, { actor: `account:${supervisorId}`, subject: `account:${analystId}`, detail: JSON.stringify({ to: supervisorId, count: 2 }) });

  // A number in a link announces nothing: the count is the audit log's; others see no notice.
  assert.equal(NOTICE.exec((await supervisor.get('/office/reports?moved=999')).body)?.[1], undefined, 'only "1" means done');
  assert.equal(NOTICE.exec((await staff.hotlineAnalyst.get('/office/reports?moved=1')).body)?.[1], undefined, 'an analyst moved nothing');
  const policeSupervisor = await servicesFor(haven, 'police-supervisor');
  assert.equal(
    await policeSupervisor.casework.queue.lastReassignment(policeSupervisor.session),
    undefined,
    "another supervisor's page says only that reports moved",
  );
});
