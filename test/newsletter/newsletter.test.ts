// The newsletter's double opt-in, end to end through a real SMTP listener: subscribe → one
// confirmation mail → the same answer, and no second subscriber, for the same address again →
// confirm with the link's button → an issue arrives with RFC 8058 one-click unsubscribe headers
// and a visible link → the one-click POST deletes the subscriber → the next issue sends nothing.
// Also: the address is nowhere in the database in clear, the public pages set no cookie, and an
// unconfirmed subscriber is deleted by the sweeper after 7 days (the sweeper's clock is the test's).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { createSweeper } from '../../src/db/sweeper.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { enqueueMail, type Mail } from '../../src/mail/outbox.ts';
import { testHaven, type TestHaven } from '../support/haven.ts';
import { findInFiles, findInPostgres } from '../support/leaks.ts';
import { recipientOf, startSmtp } from '../support/smtp.ts';

const ORIGIN = 'https://haven.example';
const DAY_MS = 86_400_000;
const catalogue = loadCatalogue(CONTENT_DIR);
const en = translator(catalogue, 'en');
const fr = translator(catalogue, 'fr');

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (haven: TestHaven, url: string, payload: string, contentType = 'application/x-www-form-urlencoded') =>
  haven.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, accept: 'text/html' } });
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');
const subscribers = (haven: TestHaven) => haven.store.db.selectFrom('newsletter_subscribers').select(['status', 'locale']).execute();
const outboxCount = async (haven: TestHaven, kind: string) =>
  Number(
    (
      await haven.store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow()
    ).n,
  );
const html = (body: string) => body.replace(/&#x27;|&#39;/g, '’');

test('double opt-in, an issue with one-click unsubscribe, then nothing', async (t) => {
  const smtp = await startSmtp(t);
  const haven = await testHaven(t, { SMTP_URL: smtp.url, PUBLIC_URL: ORIGIN });
  const address = `Reader.${randomBytes(6).toString('hex')}@example.org`;
  const other = `late.${randomBytes(6).toString('hex')}@example.org`;

  // The form, in every language, without a cookie.
  for (const locale of ['en', 'fr', 'de']) {
    const page = await haven.app.inject({ method: 'GET', url: `/${locale}/newsletter`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['set-cookie'], undefined, 'no cookie on the public page');
    assert.match(page.body, /<form method="post" action="\/[a-z]{2}\/newsletter"/);
  }

  // A bad address: refused, translated, with what was typed kept.
  const refused = await post(haven, '/fr/newsletter', form({ email: 'pas une adresse', language: 'de' }));
  assert.equal(refused.statusCode, 400);
  assert.ok(html(refused.body).includes(fr('newsletter.error.email')), 'the French error');
  assert.ok(refused.body.includes('value="pas une adresse"'), 'the address as typed');
  assert.match(refused.body, /value="de"[^>]*checked|checked[^>]*value="de"/, 'the language as chosen');
  assert.equal((await subscribers(haven)).length, 0);

  // Subscribe: one answer, one pending subscriber, one confirmation mail.
  const first = await post(haven, '/en/newsletter', form({ email: address, language: 'fr' }));
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['set-cookie'], undefined);
  assert.ok(html(first.body).includes(en('newsletter.sent.text')));
  const confirmation = await smtp.waitForMail((m) => recipientOf(m) === address && m.subject === fr('newsletter.mail.confirmSubject'));
  const confirmLink = (confirmation.text ?? '').match(/https:\/\/haven\.example(\/fr\/newsletter\/confirm\/[A-Za-z0-9_-]+)/)?.[1];
  assert.ok(confirmLink, 'the confirmation link, in the chosen language');
  assert.match(header(confirmation, 'List-Unsubscribe') ?? '', /^<https:\/\/haven\.example\/fr\/newsletter\/unsubscribe\/[A-Za-z0-9_-]+>$/);
  assert.equal(header(confirmation, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');

  // The same address again (other case): the same answer, no second subscriber, no second mail.
  const again = await post(haven, '/en/newsletter', form({ email: address.toLowerCase(), language: 'en' }));
  assert.equal(again.statusCode, 200);
  assert.equal(again.body, first.body, 'the answer does not tell the address was known');
  assert.deepEqual(await subscribers(haven), [{ status: 'pending', locale: 'fr' }]);
  assert.equal(await outboxCount(haven, 'newsletter-confirm'), 1, 'one confirmation mail');

  // Another subscriber, left unconfirmed for the sweeper.
  await post(haven, '/de/newsletter', form({ email: other, language: 'de' }));
  await smtp.waitForMail((m) => recipientOf(m) === other);

  // Following the link shows a button (a scanner fetching it confirms nothing); the button confirms, once.
  const shown = await haven.app.inject({ method: 'GET', url: confirmLink, headers: { accept: 'text/html' } });
  assert.equal(shown.statusCode, 200);
  assert.ok(shown.body.includes(`action="${confirmLink}"`));
  assert.equal(shown.headers['set-cookie'], undefined);
  assert.equal((await subscribers(haven)).filter((s) => s.status === 'confirmed').length, 0, 'a GET confirms nothing');
  assert.equal((await post(haven, confirmLink, '')).statusCode, 200);
  assert.equal((await post(haven, confirmLink, '')).statusCode, 404, 'the link works once');
  assert.deepEqual((await subscribers(haven)).map((s) => s.status).sort(), ['confirmed', 'pending']);

  // The address is sealed at rest: not in the database's files or tables in clear.
  const sealed = await haven.store.db.selectFrom('newsletter_subscribers').select('sealed_address').where('locale', '=', 'fr').executeTakeFirstOrThrow();
  const needles = [address, address.toLowerCase(), other];
  if (haven.engine === 'sqlite') {
    assert.ok(findInFiles(haven.dataDir, [Buffer.from(sealed.sealed_address)]).length > 0, 'the scan reaches the subscribers');
    assert.deepEqual(findInFiles(haven.dataDir, needles), [], 'no address in clear in the data directory');
  } else {
    assert.ok(haven.databaseUrl);
    assert.ok((await findInPostgres(haven.databaseUrl, [Buffer.from(sealed.sealed_address)])).length > 0, 'the scan reaches the subscribers');
    assert.deepEqual(await findInPostgres(haven.databaseUrl, needles), [], 'no address in clear in the database');
  }

  // The sweeper forgets the unconfirmed subscriber after 7 days, never the confirmed one.
  let at = Date.now() + 6 * DAY_MS;
  const sweeper = createSweeper((when) => haven.newsletter.sweep(when), { everyMs: 1, now: () => at });
  t.after(() => sweeper.stop());
  sweeper.due();
  await sweeper.settled();
  assert.equal((await subscribers(haven)).length, 2, 'kept for 7 days');
  at += 2 * DAY_MS;
  sweeper.due();
  await sweeper.settled();
  assert.deepEqual(await subscribers(haven), [{ status: 'confirmed', locale: 'fr' }], 'the unconfirmed one is gone');

  // An issue: one mail per confirmed subscriber of the language, with its own unsubscribe link.
  assert.equal(await haven.newsletter.sendIssue({ locale: 'en', subject: 'News', markdown: 'Nothing for French readers' }), 0);
  const issue = {
    locale: 'fr' as const,
    subject: 'Nouvelles de décembre',
    markdown: '# Titre\n\nUn **paragraphe** avec [un lien](https://example.org/rapport).',
  };
  assert.equal(await haven.newsletter.sendIssue(issue), 1);
  const mail = await smtp.waitForMail((m) => recipientOf(m) === address && m.subject === issue.subject);
  const unsubscribe = header(mail, 'List-Unsubscribe')?.match(/^<https:\/\/haven\.example(\/fr\/newsletter\/unsubscribe\/[A-Za-z0-9_-]+)>$/)?.[1];
  assert.ok(unsubscribe, 'List-Unsubscribe with the subscriber’s link');
  assert.equal(header(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.ok((mail.text ?? '').includes(`${ORIGIN}${unsubscribe}`), 'a visible link in the text');
  assert.ok(String(mail.html).includes(`href="${ORIGIN}${unsubscribe}"`), 'a visible link in the HTML');
  assert.ok(String(mail.html).includes('<strong>paragraphe</strong>'), 'the Markdown rendered');
  assert.ok(String(mail.html).includes('href="https://example.org/rapport"'), 'links not rewritten');
  assert.doesNotMatch(String(mail.html), /<img/i, 'no tracking pixel');

  // The unsubscribe page shows a button; the mail client's one-click POST deletes the subscriber.
  const page = await haven.app.inject({ method: 'GET', url: unsubscribe, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`action="${unsubscribe}"`));
  assert.equal((await subscribers(haven)).length, 1, 'a GET unsubscribes nobody');
  const oneClick = await post(haven, unsubscribe, 'List-Unsubscribe=One-Click');
  assert.equal(oneClick.statusCode, 200);
  assert.equal(oneClick.headers['set-cookie'], undefined);
  assert.deepEqual(await subscribers(haven), [], 'the subscriber is deleted');
  // Some clients send the one-click body as multipart; a second click is no error.
  const boundary = 'haven-test';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
  assert.equal((await post(haven, unsubscribe, multipart, `multipart/form-data; boundary=${boundary}`)).statusCode, 200);

  // The next issue goes to nobody.
  const issues = await outboxCount(haven, 'newsletter-issue');
  assert.equal(await haven.newsletter.sendIssue({ ...issue, subject: 'Encore' }), 0);
  assert.equal(await outboxCount(haven, 'newsletter-issue'), issues, 'nothing queued');
  assert.equal(smtp.messages.filter((m) => recipientOf(m) === address && m.subject === 'Encore').length, 0);
});

test('the outbox lets a mail add only the unsubscribe headers', async (t) => {
  const haven = await testHaven(t);
  const mail = (headers: Record<string, string>) => ({ to: 'someone@example.org', subject: 'Hello', text: 'Hi', headers }) as Mail;
  await assert.rejects(
    haven.store.db.transaction().execute((trx) => enqueueMail(trx, haven.keys.outbox, 'newsletter-issue', mail({ Bcc: 'all@example.org' }))),
    /header Bcc may not be set/,
  );
  await assert.rejects(
    haven.store.db
      .transaction()
      .execute((trx) => enqueueMail(trx, haven.keys.outbox, 'newsletter-issue', mail({ 'List-Unsubscribe': '<https://x>\r\nBcc: all@example.org' }))),
    /must be one line/,
  );
});
