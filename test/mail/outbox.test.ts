// The durable outbox, against a real SMTP listener and the real database (SQLite, or PostgreSQL
// with TEST_DATABASE_URL): a mail commits with its transaction or not at all, is sealed at rest,
// survives a relay that is down and a restart, is sent once, and leaves neither its address nor
// its content behind in the table or the log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { audited } from '../../src/audit/audit.ts';
import { claimDue } from '../../src/mail/outbox.store.ts';
import { createOutbox, enqueueMail, isPermanentRefusal, LEASE_MS, type Mail, retryDelay, smtpTransport } from '../../src/mail/outbox.ts';
import { recipientOf, startSmtp } from '../support/smtp.ts';
import { FROM, mailStore, newKey, outboxRow } from './support.ts';

const invitation: Mail = {
  to: 'new.member@example.org',
  subject: 'You are invited to Haven',
  text: 'Open this link to choose your password:\nhttps://haven.example.org/office/invitation/s3cr3t-t0ken\n',
};

test('a mail queued in an audited transaction is sent once to the relay, and only its trace is kept', async (t) => {
  const { store } = await mailStore(t);
  const smtp = await startSmtp(t);
  const key = newKey();
  const id = await audited(store, { audit: randomBytes(32) }, { actor: 'admin', action: 'member.created', subject: 'member-1' }, (trx) =>
    enqueueMail(trx, key, 'invitation', invitation),
  );

  const queued = await outboxRow(store, id);
  assert.equal(queued.kind, 'invitation');
  assert.equal(queued.attempts, 0);
  assert.equal(queued.done_at, null);
  for (const secret of [invitation.to, 'new.member', 's3cr3t-t0ken', 'invited']) {
    assert.ok(!queued.payload.includes(secret), `the payload at rest does not show ${JSON.stringify(secret)}`);
  }

  const outbox = createOutbox({ store, key, transport: smtpTransport(smtp.url, FROM) });
  t.after(() => outbox.stop());
  assert.equal(await outbox.runOnce(), 1);
  const mail = await smtp.waitForMail((m) => m.subject === invitation.subject);
  assert.equal(recipientOf(mail), invitation.to);
  assert.equal(mail.from?.value[0]?.address, 'haven@example.org');
  assert.equal(mail.text?.trimEnd(), invitation.text.trimEnd());

  const sent = await outboxRow(store, id);
  assert.ok(sent.done_at, 'marked sent');
  assert.equal(sent.payload.length, 0, 'the link is not kept once sent');
  assert.equal(sent.attempts, 1);
  assert.equal(sent.last_error, null);

  assert.equal(await outbox.runOnce(), 0, 'a sent mail is not sent again');
  assert.equal(smtp.messages.length, 1);
});

test('a rolled-back transaction sends nothing', async (t) => {
  const { store } = await mailStore(t);
  const smtp = await startSmtp(t);
  const key = newKey();
  await assert.rejects(
    store.db.transaction().execute(async (trx) => {
      await enqueueMail(trx, key, 'invitation', invitation);
      throw new Error('the invitation failed');
    }),
    /the invitation failed/,
  );
  const outbox = createOutbox({ store, key, transport: smtpTransport(smtp.url, FROM) });
  t.after(() => outbox.stop());
  assert.equal(await outbox.runOnce(), 0);
  assert.equal((await store.db.selectFrom('outbox').select('id').execute()).length, 0);
  assert.equal(smtp.messages.length, 0);
});

test('with the relay down, a mail is kept and tried again later, then sent exactly once', async (t) => {
  const { store } = await mailStore(t);
  // A port where nothing listens any more: the relay is down.
  const gone = await startSmtp();
  await gone.close();
  const transport = smtpTransport(gone.url, FROM);
  const key = newKey();
  let clock = Date.parse('2026-12-08T10:00:00.000Z');
  const logged: string[] = [];
  const outbox = createOutbox({ store, key, transport, now: () => clock, log: (message, error) => logged.push(`${message} ${String(error ?? '')}`) });
  t.after(() => outbox.stop());
  const id = await store.db.transaction().execute((trx) => enqueueMail(trx, key, 'sign-in-notice', invitation, new Date(clock)));

  assert.equal(await outbox.runOnce(), 0);
  const failed = await outboxRow(store, id);
  assert.equal(failed.attempts, 1);
  assert.equal(failed.done_at, null);
  assert.match(failed.last_error ?? '', /ECONNREFUSED|ECONNECTION/);
  assert.equal(failed.next_attempt_at, new Date(clock + retryDelay(1)).toISOString(), 'tried again after 30 s');
  assert.ok(failed.payload.length > 0, 'the mail is kept');
  assert.equal(logged.length, 1, 'the failure is logged');
  for (const line of [...logged, failed.last_error ?? '']) {
    assert.ok(!line.includes(invitation.to) && !line.includes('s3cr3t'), `no address or content in ${JSON.stringify(line)}`);
  }

  // The relay comes back where the transport points; the mail waits for its time.
  const smtp = await startSmtp(t, { port: gone.port });
  assert.equal(await outbox.runOnce(), 0, 'not before its next attempt');
  assert.equal((await outboxRow(store, id)).attempts, 1);

  clock += retryDelay(1);
  assert.equal(await outbox.runOnce(), 1);
  await smtp.waitForMail((m) => m.subject === invitation.subject);
  const sent = await outboxRow(store, id);
  assert.ok(sent.done_at);
  assert.equal(sent.attempts, 2);
  assert.equal(sent.last_error, null);

  clock += 2 * 60 * 60_000;
  assert.equal(await outbox.runOnce(), 0);
  assert.equal(smtp.messages.length, 1, 'sent exactly once');
});

test('only a recipient refused for good is given up: a relay refusing the password or the sender is waited for', () => {
  assert.equal(isPermanentRefusal(Object.assign(new Error('550 no such user'), { responseCode: 550, command: 'RCPT TO' })), true);
  assert.equal(isPermanentRefusal(Object.assign(new Error('535 authentication failed'), { responseCode: 535, command: 'AUTH PLAIN' })), false);
  assert.equal(isPermanentRefusal(Object.assign(new Error('553 sender refused'), { responseCode: 553, command: 'MAIL FROM' })), false);
  assert.equal(isPermanentRefusal(Object.assign(new Error('451 try later'), { responseCode: 451, command: 'RCPT TO' })), false);
});

test('the wait between attempts doubles from 30 s up to an hour, and never gives up', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 50].map(retryDelay), [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
});

test('a relay’s refusal for good (5xx) is given up, stored and logged without the address; other mail still goes', async (t) => {
  const { store } = await mailStore(t);
  const refused = 'Nobody.Here@example.org';
  const smtp = await startSmtp(t, { refuse: (address) => address.toLowerCase() === refused.toLowerCase() });
  const key = newKey();
  const clock = Date.parse('2026-12-08T10:00:00.000Z');
  const logged: string[] = [];
  const outbox = createOutbox({
    store,
    key,
    transport: smtpTransport(smtp.url, FROM),
    now: () => clock,
    log: (m, e) => logged.push(`${m} ${String(e ?? '')}`),
  });
  t.after(() => outbox.stop());
  const [bad, good] = await store.db
    .transaction()
    .execute(async (trx) => [
      await enqueueMail(trx, key, 'grant-request', { ...invitation, to: refused }, new Date(clock - 1000)),
      await enqueueMail(trx, key, 'grant-request', invitation, new Date(clock)),
    ]);

  // An address no server will take (say, typed into a public form) holds up nothing behind it.
  assert.equal(await outbox.runOnce(), 1, 'the pass goes on to the mail behind it');
  const failed = await outboxRow(store, bad ?? '');
  assert.match(failed.last_error ?? '', /550|rejected/i);
  assert.ok(failed.done_at, 'given up: never tried again');
  assert.equal(Buffer.from(failed.payload).length, 0, 'its content dropped');
  for (const line of [...logged, failed.last_error ?? '']) {
    assert.ok(!line.toLowerCase().includes(refused.toLowerCase()), `no address in ${JSON.stringify(line)}`);
  }
  assert.ok((await outboxRow(store, good ?? '')).done_at);
  assert.equal(smtp.messages.length, 1);
  assert.equal(await outbox.runOnce(), 0, 'nothing left');
});

test('a restart loses nothing: a queued mail, and one claimed by an instance that died mid-send', async (t) => {
  const first = await mailStore(t);
  const smtp = await startSmtp(t);
  const key = newKey();
  const clock = Date.parse('2026-12-08T10:00:00.000Z');
  const queued = await first.store.db
    .transaction()
    .execute((trx) => enqueueMail(trx, key, 'invitation', { ...invitation, subject: 'queued' }, new Date(clock)));
  const claimed = await first.store.db
    .transaction()
    .execute((trx) => enqueueMail(trx, key, 'invitation', { ...invitation, subject: 'claimed' }, new Date(clock)));
  // The instance claims one mail, and dies before sending it.
  const taken = await first.store.db
    .transaction()
    .execute((trx) =>
      claimDue(trx, first.store.engine, { now: new Date(clock).toISOString(), leaseUntil: new Date(clock + LEASE_MS).toISOString(), limit: 1 }),
    );
  assert.equal(taken.length, 1);
  assert.equal(taken[0]?.id, queued, 'the first due is claimed first');
  await first.close();

  const { store } = first.open();
  let now = clock + 1000;
  const outbox = createOutbox({ store, key, transport: smtpTransport(smtp.url, FROM), now: () => now });
  t.after(() => outbox.stop());
  assert.equal(await outbox.runOnce(), 1, 'the mail nobody claimed is sent at once');
  await smtp.waitForMail((m) => m.subject === 'claimed');
  assert.ok((await outboxRow(store, claimed)).done_at);

  now = clock + LEASE_MS;
  assert.equal(await outbox.runOnce(), 1, 'the claimed one once its lease has run out');
  await smtp.waitForMail((m) => m.subject === 'queued');
  assert.equal((await outboxRow(store, queued)).attempts, 2);
  assert.equal(smtp.messages.length, 2);
});

test('started, the outbox sends what a nudge announces, and stops cleanly', async (t) => {
  const { store } = await mailStore(t);
  const smtp = await startSmtp(t);
  const key = newKey();
  // A timer far away: only the first pass and the nudges run.
  const outbox = createOutbox({ store, key, transport: smtpTransport(smtp.url, FROM), everyMs: 60 * 60_000 });
  t.after(() => outbox.stop());
  outbox.start();
  await store.db.transaction().execute((trx) => enqueueMail(trx, key, 'grant-approved', { ...invitation, subject: 'nudged' }));
  outbox.nudge();
  await smtp.waitForMail((m) => m.subject === 'nudged');

  await outbox.stop();
  await store.db.transaction().execute((trx) => enqueueMail(trx, key, 'grant-approved', { ...invitation, subject: 'after stop' }));
  outbox.nudge();
  assert.equal(await outbox.runOnce(), 0, 'a stopped outbox sends nothing');
  assert.equal(smtp.messages.length, 1);
});

test('a mail goes to one bare address, with a subject on one line, inside a transaction', async (t) => {
  const { store } = await mailStore(t);
  const key = newKey();
  for (const to of ['a@example.org, b@example.org', 'Name <a@example.org>', 'a@example.org\r\nBcc: b@example.org', 'nobody']) {
    await assert.rejects(
      store.db.transaction().execute((trx) => enqueueMail(trx, key, 'invitation', { ...invitation, to })),
      TypeError,
      JSON.stringify(to),
    );
  }
  await assert.rejects(
    store.db.transaction().execute((trx) => enqueueMail(trx, key, 'invitation', { ...invitation, subject: 'a\nBcc: b@example.org' })),
    TypeError,
  );
  // @ts-expect-error mail is queued inside the caller's transaction, never on its own
  await assert.rejects(enqueueMail(store.db, key, 'invitation', { ...invitation, to: 'bad address' }));
});
