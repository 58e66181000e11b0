// The second pair of eyes, below the pages: what waits for a second member and what cannot get
// round the wait. A member who cannot read the report confirms nothing; one analyst cannot close
// an undecided report, nor replace a confirmed abuse-material decision, alone; a status set while
// an older proposal waits withdraws it, in the history and the audit log, so confirming it later
// cannot undo the newer one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { caseworkServices, fileReport } from './support.ts';

const CSAM_FIELDS = { 'content-type': 'image', 'age-group': 'pubescent', 'computer-generated': 'no', 'self-generated': 'no' };

async function setUp(t: Parameters<typeof testHaven>[0]) {
  const haven = await testHaven(t);
  const { casework, sessionOf } = caseworkServices(haven);
  const analyst = await sessionOf('hotline-analyst');
  const supervisor = await sessionOf('hotline-supervisor');
  const filed = await fileReport(haven, 'online');
  const opened = await casework.open(analyst, filed.id);
  const item = opened.addresses[0]?.item ?? assert.fail('an address');
  const report = () =>
    haven.store.db.selectFrom('reports').select(['workflow_status', 'classification', 'awaiting']).where('id', '=', filed.id).executeTakeFirstOrThrow();
  const pending = () =>
    haven.store.db.selectFrom('case_decisions').select(['id', 'kind', 'value']).where('report_id', '=', filed.id).where('state', '=', 'pending').execute();
  return { haven, casework, sessionOf, analyst, supervisor, id: filed.id, item, report, pending };
}

test('a member whose session does not hold the key changes nothing, and confirms nothing', async (t) => {
  const { casework, sessionOf, analyst, id, item, pending, report } = await setUp(t);
  assert.equal(await casework.decisions.classify(analyst, id, { item, value: 'csam', fields: CSAM_FIELDS }), 'pending');
  const keyless = await sessionOf('hotline-supervisor', { withKey: false });
  const [waiting] = await pending();
  await assert.rejects(casework.decisions.confirm(keyless, waiting?.id ?? ''), { code: 'key-missing' });
  await assert.rejects(casework.actions.take(keyless, id), { code: 'key-missing' });
  await assert.rejects(casework.decisions.setStatus(keyless, id, 'actioned'), { code: 'key-missing' });
  assert.deepEqual(await report(), { workflow_status: 'assessing', classification: null, awaiting: 1 }, 'nothing changed');
});

test('closing a report nobody decided waits for a second member; closing after a decision does not', async (t) => {
  const { casework, analyst, supervisor, id, report, pending } = await setUp(t);
  assert.equal(await casework.decisions.setStatus(analyst, id, 'closed'), 'pending');
  assert.equal((await report()).workflow_status, 'new', 'not closed yet');
  const [waiting] = await pending();
  await casework.decisions.confirm(supervisor, waiting?.id ?? '');
  assert.equal((await report()).workflow_status, 'closed');

  const other = await setUp(t);
  assert.equal(await other.casework.decisions.setStatus(other.analyst, other.id, 'actioned'), 'applied');
  assert.equal(await other.casework.decisions.setStatus(other.analyst, other.id, 'closed'), 'applied');
});

test('replacing a confirmed abuse-material decision waits for a second member too', async (t) => {
  const { casework, analyst, supervisor, id, item, report, pending } = await setUp(t);
  await casework.decisions.classify(analyst, id, { item, value: 'csam', fields: CSAM_FIELDS });
  await casework.decisions.confirm(supervisor, (await pending())[0]?.id ?? '');
  assert.equal((await report()).classification, 'csam');
  assert.equal(await casework.decisions.classify(analyst, id, { item, value: 'not-illegal', fields: {} }), 'pending');
  assert.equal((await report()).classification, 'csam', 'still in effect until confirmed');
});

test('a status set while an older proposal waits withdraws it, in the history and the log, and it can no longer be confirmed', async (t) => {
  const { haven, casework, analyst, supervisor, id, report, pending } = await setUp(t);
  await casework.actions.take(analyst, id);
  assert.equal(await casework.decisions.setStatus(analyst, id, 'no-action'), 'pending');
  const [stale] = await pending();
  assert.equal(await casework.decisions.setStatus(analyst, id, 'actioned'), 'applied');
  assert.deepEqual(await pending(), [], 'the older proposal is withdrawn');
  await assert.rejects(casework.decisions.confirm(supervisor, stale?.id ?? ''), { code: 'already-settled' });
  assert.equal((await report()).workflow_status, 'actioned', 'the newer status stands');

  const history = await haven.store.db.selectFrom('report_events').select(['type', 'detail']).where('report_id', '=', id).orderBy('seq').execute();
  assert.ok(
    history.some((e) => e.type === 'decision-withdrawn' && e.detail?.includes('no-action')),
    'the withdrawal is in the history',
  );
  const audit = await haven.store.db.selectFrom('audit_log').select(['action']).where('subject', '=', `report:${id}`).orderBy('seq').execute();
  assert.deepEqual(
    audit.map((a) => a.action).filter((a) => a !== 'report.opened'),
    ['report.assigned', 'report.proposed', 'report.withdrawn', 'report.status-changed'],
  );
});
