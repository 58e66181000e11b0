// Without a relay, mail is written as .eml files: private to Haven's user, one per mail, complete
// (never half-written), and readable by any mail parser.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { createOutbox, enqueueMail, fileTransport } from '../../src/mail/outbox.ts';
import { tempDir } from '../support/haven.ts';
import { recipientOf } from '../support/smtp.ts';
import { FROM, mailStore, newKey } from './support.ts';

test('fileTransport writes one private .eml file per mail, named in time order', async (t) => {
  const dir = path.join(tempDir(t), 'mail');
  const transport = fileTransport(dir, FROM);
  assert.equal(transport.describe, `file:${dir}`);
  await transport.send({ to: 'one@example.org', subject: 'Première invitation', text: 'Lien : https://haven.example.org/i/1\n' });
  await transport.send({ to: 'two@example.org', subject: 'second', text: 'two' });

  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  const names = fs.readdirSync(dir);
  assert.equal(names.length, 2, `only the two mails, nothing partial: ${names.join(', ')}`);
  const sorted = [...names].sort();
  assert.ok(sorted.every((name) => name.endsWith('.eml')));

  const parsed = [];
  for (const name of sorted) {
    const file = path.join(dir, name);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, name);
    parsed.push(await simpleParser(fs.readFileSync(file)));
  }
  assert.deepEqual(
    parsed.map((mail) => [recipientOf(mail), mail.subject, mail.from?.value[0]?.address]),
    [
      ['one@example.org', 'Première invitation', 'haven@example.org'],
      ['two@example.org', 'second', 'haven@example.org'],
    ],
    'named in the order they were written',
  );
  assert.equal(parsed[0]?.text?.trimEnd(), 'Lien : https://haven.example.org/i/1');
  assert.ok(parsed[0]?.messageId && parsed[0].date, 'a Message-ID and a Date, as a relay would need');
});

test('the outbox sends through fileTransport like through SMTP', async (t) => {
  const { store } = await mailStore(t);
  const dir = path.join(tempDir(t), 'mail');
  const key = newKey();
  await store.db.transaction().execute((trx) => enqueueMail(trx, key, 'invitation', { to: 'x@example.org', subject: 'by file', text: 'hello' }));
  const outbox = createOutbox({ store, key, transport: fileTransport(dir, FROM) });
  t.after(() => outbox.stop());
  assert.equal(await outbox.runOnce(), 1);
  const [name] = fs.readdirSync(dir);
  assert.ok(name);
  assert.equal((await simpleParser(fs.readFileSync(path.join(dir, name)))).subject, 'by file');
});

test('a sender that is not one address on one line is refused when the transport is made', () => {
  assert.throws(() => fileTransport('/nonexistent', 'nobody'), /MAIL_FROM/);
  assert.throws(() => fileTransport('/nonexistent', 'a@example.org\r\nBcc: b@example.org'), /MAIL_FROM/);
});
