// The audit log is append-only and hash-chained: creating organisations writes entries in the
// same transaction, and editing or deleting any entry is detected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { testHaven } from '../support/haven.ts';

test('demo set-up is audited, and a tampered or removed entry breaks the chain where it happened', async (t) => {
  const haven = await testHaven(t);
  const { db } = haven.store;
  const actions = (await db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
  assert.deepEqual(actions.slice(0, 6), ['organisation.created', 'member.created', 'grant.created', 'organisation.created', 'member.created', 'grant.created']);
  assert.deepEqual(await verifyAuditChain(db), { entries: actions.length });

  await db.updateTable('audit_log').set({ detail: 'someone-else' }).where('seq', '=', 2).execute();
  assert.equal((await verifyAuditChain(db)).brokenAt, 2);

  await db.updateTable('audit_log').set({ detail: 'police-analyst' }).where('seq', '=', 2).execute();
  assert.equal((await verifyAuditChain(db)).brokenAt, undefined);
  await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
  assert.equal((await verifyAuditChain(db)).brokenAt, 5);
});
