// Two members acting on one report at the same moment take turns (the report's row is locked on
// PostgreSQL; SQLite's writers take turns anyway): a decision is settled once, by one of them;
// every action lands in the history, each entry chained to the one before, none lost or doubled.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { caseworkServices, fileReport } from './support.ts';

const CSAM_FIELDS = { 'content-type': 'video', 'age-group': 'infant-toddler', 'computer-generated': 'no', 'self-generated': 'no' };

test('two members confirming one decision at once: one confirms it, the other is told it is settled', async (t) => {
  const haven = await testHaven(t);
  const { casework, sessionOf } = caseworkServices(haven);
  const analyst = await sessionOf('hotline-analyst');
  const supervisor = await sessionOf('hotline-supervisor');
  const filed = await fileReport(haven, 'online');
  const item = (await casework.open(analyst, filed.id)).addresses[0]?.item ?? assert.fail('an address');
  await casework.decisions.classify(analyst, filed.id, { item, value: 'csam', fields: CSAM_FIELDS });
  const decision = await haven.store.db.selectFrom('case_decisions').select('id').where('report_id', '=', filed.id).executeTakeFirstOrThrow();

  // The supervisor confirms and, at the same moment, rejects (two tabs): one of the two wins.
  const outcomes = await Promise.allSettled([casework.decisions.confirm(supervisor, decision.id), casework.decisions.reject(supervisor, decision.id)]);
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  assert.equal(won.length, 1, 'settled once');
  assert.equal((lost[0]?.reason as { code?: string } | undefined)?.code, 'already-settled');
  const settled = await haven.store.db
    .selectFrom('report_events')
    .select('type')
    .where('report_id', '=', filed.id)
    .where('type', 'in', ['decision-confirmed', 'decision-rejected'])
    .execute();
  assert.equal(settled.length, 1, 'one entry in the history');
});

test('many actions on one report at once all land in its history, chained in order', async (t) => {
  const haven = await testHaven(t);
  const { casework, sessionOf } = caseworkServices(haven);
  const analyst = await sessionOf('hotline-analyst');
  const supervisor = await sessionOf('hotline-supervisor');
  const filed = await fileReport(haven, 'online');

  await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => casework.actions.addNote(i % 2 ? analyst : supervisor, filed.id, `note ${i}`)),
    casework.actions.take(analyst, filed.id),
    casework.actions.sendMessage(supervisor, filed.id, 'A question'),
  ]);

  const events = await haven.store.db
    .selectFrom('report_events')
    .select(['seq', 'type', 'actor', 'at', 'detail', 'sealed_payload', 'reporter_payload', 'previous_hash', 'hash'])
    .where('report_id', '=', filed.id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
    'no gap, no repeat',
  );
  assert.equal(events.filter((e) => e.type === 'note').length, 6, 'every note');
  const digest = (bytes: Buffer | null) => (bytes ? createHash('sha256').update(bytes).digest('hex') : null);
  for (const [i, e] of events.entries()) {
    if (i === 0) continue;
    const before = events[i - 1];
    assert.ok(e.previous_hash && before && Buffer.from(e.previous_hash).equals(Buffer.from(before.hash)), `entry ${e.seq} names the one before`);
    const fields = [
      filed.id,
      e.seq,
      e.type,
      e.actor,
      e.at,
      e.detail,
      digest(e.sealed_payload),
      digest(e.reporter_payload),
      Buffer.from(e.previous_hash).toString('hex'),
    ];
    assert.ok(createHash('sha256').update(JSON.stringify(fields)).digest().equals(Buffer.from(e.hash)), `entry ${e.seq} hashes what it says`);
  }
  const audited = await haven.store.db.selectFrom('audit_log').select('action').where('subject', '=', `report:${filed.id}`).execute();
  assert.equal(audited.filter((a) => a.action === 'report.noted').length, 6, 'every note audited');
});
