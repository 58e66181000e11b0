// The members' notice mails (issue 14), through a real SMTP listener: several new reports make one
// mail per member, in the member's language, with the count and the link to the queue and none of
// the reports' words; the next mail comes only with new reports or answers and only once the
// interval is over (also when another instance asks sooner); the police hear nothing of the
// hotline's reports. The test holds Haven's clock, so a round falls where the test says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { createCasework } from '../../src/casework/casework.ts';
import { NOTICE_TURN } from '../../src/casework/retention/notices.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import { testHaven } from '../support/haven.ts';
import { recipientOf, startSmtp } from '../support/smtp.ts';
import { caseworkServices, fileReport } from './support.ts';

const OFFICE = 'https://haven.example';
const INTERVAL_MS = 5 * 60_000;
const catalogue = loadCatalogue(CONTENT_DIR);
const en = translator(catalogue, 'en');
const fr = translator(catalogue, 'fr');
const noticeSubjects = new Set([en('office.notice.subject'), fr('office.notice.subject')]);
const isNotice = (mail: ParsedMail) => noticeSubjects.has(mail.subject ?? '');
const address = (login: string) => `${login}@example.org`;

test('members get one mail per interval for new reports and answers, with counts and a link only', async (t) => {
  let clock = Date.now();
  const smtp = await startSmtp(t);
  const haven = await testHaven(t, { SMTP_URL: smtp.url, PUBLIC_URL: OFFICE, NOTICE_MINUTES: '5' }, { now: () => new Date(clock) });
  for (const login of ['hotline-analyst', 'hotline-supervisor', 'police-analyst', 'police-supervisor']) {
    await haven.store.db
      .updateTable('accounts')
      .set({ email: address(login), locale: login === 'hotline-supervisor' ? 'fr' : 'en' })
      .where('login', '=', login)
      .execute();
  }
  const noticesTo = (login: string) => smtp.messages.filter((m) => isNotice(m) && recipientOf(m) === address(login));
  const mailTo = (login: string, text: string) => smtp.waitForMail((m) => isNotice(m) && recipientOf(m) === address(login) && (m.text ?? '').includes(text));
  // As if a round had just gone out: the reports below wait for the next one.
  await haven.store.db
    .insertInto('server_settings')
    .values({ name: NOTICE_TURN, value: new Date(clock).toISOString() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: new Date(clock).toISOString() }))
    .execute();

  const filed = [await fileReport(haven, 'online'), await fileReport(haven, 'online'), await fileReport(haven, 'online')];
  clock += INTERVAL_MS;
  const first = await mailTo('hotline-analyst', en('office.notice.reports', { count: 3 }));
  const french = await mailTo('hotline-supervisor', fr('office.notice.reports', { count: 3 }));
  assert.equal(french.subject, fr('office.notice.subject'), 'in the member’s language');
  for (const mail of [first, french]) {
    const text = mail.text ?? '';
    assert.ok(text.includes(`${OFFICE}/office/reports`), 'the link to the queue');
    for (const report of filed) assert.ok(!text.includes(report.marker) && !(mail.html || '').includes(report.marker), 'none of the report’s words');
    assert.doesNotMatch(text, /images|online|MARKER/i, 'no category, channel or address');
  }
  assert.equal(noticesTo('hotline-analyst').length, 1, 'one mail for three reports');

  // A new report and a reporter's answer (the bit tracking's answer sets): nothing before the
  // interval is over, even when another instance asks.
  const later = await fileReport(haven, 'online');
  await haven.store.db
    .updateTable('reports')
    .set({ notice_pending: sql<number>`notice_pending | 2` })
    .where('id', '=', filed[0]?.id as string)
    .execute();
  const files = readContentFiles(CONTENT_DIR);
  const other = createCasework({
    store: haven.store,
    keys: haven.keys,
    schemes: createSchemes(files.casework),
    channel: (id) => files.channels.find((c) => c.id === id),
    letters: {
      queue: async (trx, kind, mail) => void (await enqueueMail(trx, haven.keys.outbox, kind, mail)),
      t: (locale) => translator(catalogue, locale),
      officeUrl: OFFICE,
    },
    now: () => clock,
  });
  assert.equal(await other.retention.notify(INTERVAL_MS), 'not-due');
  const waiting = await haven.store.db.selectFrom('reports').select(['id', 'notice_pending']).where('notice_pending', '<>', 0).execute();
  assert.deepEqual(
    waiting.map((r) => [r.id, r.notice_pending]).sort(),
    [
      [filed[0]?.id, 2],
      [later.id, 1],
    ].sort(),
  );

  clock += INTERVAL_MS;
  const second = await mailTo('hotline-analyst', en('office.notice.answers', { count: 1 }));
  assert.ok((second.text ?? '').includes(en('office.notice.reports', { count: 1 })), second.text);
  assert.ok(!(second.text ?? '').includes(later.marker));
  await mailTo('hotline-supervisor', fr('office.notice.answers', { count: 1 }));

  // The police's own report reaches the police, and nothing before it did.
  await fileReport(haven, 'child-abuse');
  clock += INTERVAL_MS;
  await mailTo('police-analyst', en('office.notice.reports', { count: 1 }));
  await mailTo('police-supervisor', en('office.notice.reports', { count: 1 }));
  await haven.close();
  assert.equal(noticesTo('police-analyst').length, 1, 'no mail to the police for the hotline’s reports');
  assert.equal(noticesTo('police-supervisor').length, 1);
  assert.equal(noticesTo('hotline-analyst').length, 2, 'no mail to the hotline for the police’s report');
  assert.equal(noticesTo('hotline-supervisor').length, 2);
});

test('news arriving in a slot that began with nothing to tell waits for the next slot', async (t) => {
  let clock = Date.parse('2026-12-08T10:00:01.000Z');
  const haven = await testHaven(t, { NOTICE_MINUTES: '5' }, { now: () => new Date(clock) });
  const { casework } = caseworkServices(haven, { now: () => clock });
  const pending = async (id: string) =>
    (await haven.store.db.selectFrom('reports').select('notice_pending').where('id', '=', id).executeTakeFirstOrThrow()).notice_pending;
  // The slot's first look (this one, or the instance's own) finds nothing and takes the slot.
  await casework.retention.notify(INTERVAL_MS);
  clock += 2 * 60_000;
  const filed = await fileReport(haven, 'online');
  assert.equal(await casework.retention.notify(INTERVAL_MS), 'not-due', 'not seconds after the report');
  assert.equal(await pending(filed.id), 1, 'it waits');
  clock += INTERVAL_MS;
  await casework.retention.notify(INTERVAL_MS);
  assert.equal(await pending(filed.id), 0, 'told in the next slot');
});
