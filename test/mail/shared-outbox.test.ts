// Instances sharing one PostgreSQL database share one outbox: each mail is claimed by one of them
// at a time (FOR UPDATE SKIP LOCKED), so passes running at once on every instance send each mail
// exactly once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimDue } from '../../src/mail/outbox.store.ts';
import { createOutbox, enqueueMail, LEASE_MS, smtpTransport } from '../../src/mail/outbox.ts';
import { startSmtp } from '../support/smtp.ts';
import { FROM, mailStore, newKey } from './support.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only';

async function queue(store: Awaited<ReturnType<typeof mailStore>>['store'], key: Buffer, count: number): Promise<string[]> {
  return store.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await enqueueMail(trx, key, 'invitation', { to: `member${i}@example.org`, subject: `mail ${i}`, text: `link ${i}` }));
    }
    return ids;
  });
}

test('two instances running passes at once send each of 20 mails exactly once', { skip }, async (t) => {
  const a = await mailStore(t);
  const b = a.open();
  const smtp = await startSmtp(t);
  const key = newKey();
  await queue(a.store, key, 20);

  const outboxes = [a.store, b.store].map((store) => createOutbox({ store, key, transport: smtpTransport(smtp.url, FROM) }));
  t.after(() => Promise.all(outboxes.map((outbox) => outbox.stop())));
  const sent = await Promise.all(outboxes.map((outbox) => outbox.runOnce()));
  t.diagnostic(`sent by each instance: ${sent.join(', ')}`);
  assert.equal(sent[0]! + sent[1]!, 20);
  assert.deepEqual(await Promise.all(outboxes.map((outbox) => outbox.runOnce())), [0, 0]);

  const subjects = smtp.messages.map((m) => m.subject).sort();
  assert.deepEqual(subjects, Array.from({ length: 20 }, (_, i) => `mail ${i}`).sort(), 'each mail received exactly once');
  const left = await a.store.db.selectFrom('outbox').select('id').where('done_at', 'is', null).execute();
  assert.equal(left.length, 0);
});

test('claims made at once from two connection pools never take the same mail', { skip }, async (t) => {
  const a = await mailStore(t);
  const b = a.open();
  const key = newKey();
  const ids = await queue(a.store, key, 20);
  const now = new Date().toISOString();
  const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString();
  const claims = await Promise.all(
    Array.from({ length: 12 }, (_, i) => {
      const store = i % 2 ? a.store : b.store;
      return store.db.transaction().execute((trx) => claimDue(trx, store.engine, { now, leaseUntil, limit: 3 }));
    }),
  );
  const claimed = claims.flat().map((job) => job.id);
  assert.equal(new Set(claimed).size, claimed.length, 'no mail claimed twice');
  assert.deepEqual([...claimed].sort(), [...ids].sort(), 'every mail claimed once (12 claims of up to 3 for 20 mails)');
  assert.ok(claims.flat().every((job) => job.attempts === 1));
});
