// The editors' newsletter page, through the office routes and a real SMTP listener: supervisors and
// analysts are refused everything, a POST without its CSRF token too; an editor previews an issue,
// sends a test to their own address, sends to a language's confirmed subscribers (one confirmed
// through the public flow receives it, with its one-click unsubscribe headers), exports the
// subscribers, deletes one (the next send reaches nobody), and every step is in the audit log
// without an address.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { testHaven, type TestHaven } from '../support/haven.ts';
import { recipientOf, startSmtp } from '../support/smtp.ts';

const ORIGIN = 'https://haven.example';
const PUBLIC_FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');
const issuesQueued = async (haven: TestHaven) =>
  Number(
    (
      await haven.store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kind', '=', 'newsletter-issue')
        .executeTakeFirstOrThrow()
    ).n,
  );

const ROUTES: [string, Record<string, string>][] = [
  ['/office/newsletter/compose', { locale: 'en', subject: 'Hello', markdown: 'Text', intent: 'preview' }],
  ['/office/newsletter/send', { locale: 'en', subject: 'Hello', markdown: 'Text', confirm: 'yes' }],
  ['/office/newsletter/export', {}],
  ['/office/newsletter/delete', { address: 'someone@example.org' }],
];

/** Subscribes through the public form and confirms with the mailed link. */
async function confirmedSubscriber(haven: TestHaven, smtp: Awaited<ReturnType<typeof startSmtp>>, address: string, language: string) {
  const subscribed = await haven.app.inject({
    method: 'POST',
    url: '/en/newsletter',
    headers: PUBLIC_FORM,
    payload: new URLSearchParams({ email: address, language }).toString(),
  });
  assert.equal(subscribed.statusCode, 200);
  const mail = await smtp.waitForMail((m) => recipientOf(m) === address);
  const link = (mail.text ?? '').match(/https:\/\/haven\.example(\/[a-z]{2}\/newsletter\/confirm\/[A-Za-z0-9_-]+)/)?.[1];
  assert.ok(link, 'the confirmation link');
  assert.equal((await haven.app.inject({ method: 'POST', url: link, headers: PUBLIC_FORM, payload: '' })).statusCode, 200);
}

test('editors compose, test, send, export and delete; others are refused; all audited', async (t) => {
  const smtp = await startSmtp(t);
  const haven = await testHaven(t, { SMTP_URL: smtp.url, PUBLIC_URL: ORIGIN });

  // Refusals first: a supervisor and an analyst get 403 on the page and on every form.
  for (const login of ['hotline-supervisor', 'hotline-analyst']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    assert.equal((await member.get('/office/newsletter')).statusCode, 403, `${login}: the page`);
    for (const [url, fields] of ROUTES) assert.equal((await member.post(url, fields)).statusCode, 403, `${login}: ${url}`);
    assert.doesNotMatch((await member.get('/office/')).body, /href="\/office\/newsletter"/, `${login}: no link`);
  }

  const editor = await signedInEditor(haven);
  for (const [url, fields] of ROUTES) assert.equal((await editor.post(url, fields, { csrf: null })).statusCode, 403, `no CSRF: ${url}`);

  const page = await editor.get('/office/newsletter');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /href="\/office\/newsletter"/, 'the link in the menu');
  assert.match(page.body, /<form method="post" action="\/office\/newsletter\/compose"/);

  // Preview: the issue rendered on the page, as the mail renders it.
  const issue = { locale: 'fr', subject: 'Nouvelles de décembre', markdown: '# Titre\n\nUn **paragraphe** du numéro.' };
  const preview = await editor.post('/office/newsletter/compose', { ...issue, intent: 'preview' });
  assert.equal(preview.statusCode, 200);
  assert.ok(preview.body.includes('<strong>paragraphe</strong>'), 'the Markdown rendered');
  assert.doesNotMatch(preview.body, /<script>/, 'no inline script');

  // A test to oneself: refused without an address on the account, then one mail to it.
  const refused = await editor.post('/office/newsletter/compose', { ...issue, intent: 'test' });
  assert.equal(refused.statusCode, 400, 'no address on the account');
  const own = `editor.${randomBytes(6).toString('hex')}@example.org`;
  await haven.store.db.updateTable('accounts').set({ email: own }).where('login', '=', 'ops-editor').execute();
  assert.equal((await editor.post('/office/newsletter/compose', { ...issue, intent: 'test' })).statusCode, 200);
  const tested = await smtp.waitForMail((m) => recipientOf(m) === own && m.subject === issue.subject);
  assert.ok(String(tested.html).includes('<strong>paragraphe</strong>'));

  // A subscriber confirmed through the public pages; another language's, and a pending one, get nothing.
  const reader = `reader.${randomBytes(6).toString('hex')}@example.org`;
  const german = `leser.${randomBytes(6).toString('hex')}@example.org`;
  await confirmedSubscriber(haven, smtp, reader, 'fr');
  await confirmedSubscriber(haven, smtp, german, 'de');

  // Send: a confirmation with the count first, then the issue to the French subscriber only.
  const confirm = await editor.post('/office/newsletter/compose', { ...issue, intent: 'send' });
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /action="\/office\/newsletter\/send"/);
  assert.ok(confirm.body.includes('1 confirmed subscriber'), 'how many will receive it');
  assert.equal(smtp.messages.filter((m) => m.subject === issue.subject).length, 1, 'nothing sent before confirming');
  const sent = await editor.post('/office/newsletter/send', { ...issue, confirm: 'yes' });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, '/office/newsletter?done=sent&count=1');
  const mail = await smtp.waitForMail((m) => recipientOf(m) === reader && m.subject === issue.subject);
  assert.match(header(mail, 'List-Unsubscribe') ?? '', /^<https:\/\/haven\.example\/fr\/newsletter\/unsubscribe\/[A-Za-z0-9_-]+>$/);
  assert.equal(header(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.equal(smtp.messages.filter((m) => recipientOf(m) === german && m.subject === issue.subject).length, 0, 'not to another language');

  // Export: a download, never cached, with the address.
  const exported = await editor.post('/office/newsletter/export');
  assert.equal(exported.statusCode, 200);
  assert.equal(exported.headers['cache-control'], 'no-store');
  assert.match(String(exported.headers['content-disposition']), /^attachment/);
  assert.match(exported.body, /^address,language,status,subscribed,confirmed\r\n/);
  assert.ok(exported.body.includes(`${reader},fr,confirmed,`), 'the subscriber in the file');

  // Delete: the same answer for a known and an unknown address; the next send reaches nobody.
  const deleted = await editor.post('/office/newsletter/delete', { address: reader.toUpperCase() });
  const unknown = await editor.post('/office/newsletter/delete', { address: 'nobody@example.org' });
  assert.equal(deleted.statusCode, 303);
  assert.equal(unknown.statusCode, deleted.statusCode);
  assert.equal(unknown.headers.location, deleted.headers.location);
  const before = await issuesQueued(haven);
  const again = await editor.post('/office/newsletter/send', { ...issue, subject: 'Encore', confirm: 'yes' });
  assert.equal(again.headers.location, '/office/newsletter?done=sent&count=0');
  assert.equal(await issuesQueued(haven), before, 'nothing queued');

  // The audit log: each step, with counts and the language, never an address.
  const entries = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'detail'])
    .where('action', 'in', ['newsletter.sent', 'newsletter.tested', 'subscribers.exported', 'subscriber.deleted'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => [e.action, JSON.parse(e.detail ?? '{}')]),
    [
      ['newsletter.tested', { locale: 'fr', mails: 1 }],
      ['newsletter.sent', { locale: 'fr', subscribers: 1 }],
      ['subscribers.exported', { subscribers: 2 }],
      ['subscriber.deleted', { deleted: 1 }],
      ['subscriber.deleted', { deleted: 0 }],
      ['newsletter.sent', { locale: 'fr', subscribers: 0 }],
    ],
  );
  for (const entry of entries) assert.doesNotMatch(entry.detail ?? '', /@/, 'no address in the detail');
});
