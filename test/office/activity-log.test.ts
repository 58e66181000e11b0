// Issue 14, "Supervisors read and filter their organisation's log": the activity log's filter
// (action, who, what it concerns, days) and its pages of older entries. Refusals first: an
// analyst gets 403 whatever the filter; a police supervisor never sees a hotline entry, whatever
// they ask for. Then each filter narrows the organisation's entries, and paging loses none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { audited } from '../../src/audit/audit.ts';
import { createCasework } from '../../src/casework/casework.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import type { Session } from '../../src/sessions/sessions.ts';
import { accountIdOf, fileReport } from '../casework/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities, startTags, textById } from '../support/html.ts';
import { demoPassword, type OfficeClient, signIn } from './support.ts';

const files = readContentFiles(CONTENT_DIR);

/** Members acting through the casework services, as the report routes do. */
async function caseworkFor(haven: TestHaven) {
  const casework = createCasework({
    store: haven.store,
    keys: haven.keys,
    schemes: createSchemes(files.casework),
    channel: () => undefined,
    letters: {} as never,
    now: Date.now,
  });
  const sessionOf = async (login: string): Promise<Session> => {
    const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
    const { keys } = await unlockOrganisationKey(haven.store, login, demoPassword(haven, login));
    return { token: 'test', idHash: Buffer.alloc(32), stage: 'signed-in', account, organisationKey: keys, csrf: '', createdAt: Date.now() };
  };
  return { casework, sessionOf };
}

type Row = { seq: number; actor: string; action: string; subject: string };

/** The entries a page lists, as its table shows them. */
function rowsOf(html: string): Row[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr data-seq="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...(m[2] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decodeEntities((c[1] ?? '').replace(/<[^>]*>/g, '')).trim());
    return { seq: Number(m[1]), actor: cells[1] ?? '', action: cells[2] ?? '', subject: cells[3] ?? '' };
  });
}

const olderLink = (html: string) =>
  startTags(html)
    .find((tag) => tag.name === 'a' && tag.attrs.get('rel') === 'next')
    ?.attrs.get('href');

async function organisationsOf(haven: TestHaven, seqs: number[]): Promise<Set<string | null>> {
  if (seqs.length === 0) return new Set();
  const rows = await haven.store.db.selectFrom('audit_log').select('organisation_id').where('seq', 'in', seqs).execute();
  assert.equal(rows.length, seqs.length);
  return new Set(rows.map((r) => r.organisation_id));
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date());
const q = (fields: Record<string, string>) => `/office/audit?${new URLSearchParams(fields)}`;

test('the activity log’s filter: analysts refused, each organisation kept to its own entries, each filter narrowing', async (t) => {
  const haven = await testHaven(t);
  const login = (name: string): Promise<OfficeClient> => signIn(haven.app, name, demoPassword(haven, name));
  const hotline = await login('hotline-supervisor');
  const police = await login('police-supervisor');
  const analyst = await login('hotline-analyst');

  const { casework, sessionOf } = await caseworkFor(haven);
  const hotlineAnalyst = await sessionOf('hotline-analyst');
  const policeAnalyst = await sessionOf('police-analyst');
  const first = await fileReport(haven, 'online');
  const second = await fileReport(haven, 'online');
  const policeReport = await fileReport(haven, 'child-abuse');
  await casework.open(hotlineAnalyst, first.id);
  await casework.actions.take(hotlineAnalyst, first.id);
  await casework.actions.addNote(hotlineAnalyst, first.id, 'Note interne');
  await casework.open(hotlineAnalyst, second.id);
  await casework.open(policeAnalyst, policeReport.id);

  // Refusals: an analyst reads no log, filtered or not.
  for (const url of ['/office/audit', q({ action: 'report.opened' }), q({ subject: first.id })]) {
    const refused = await analyst.get(url);
    assert.equal(refused.statusCode, 403, `analyst: ${url}`);
  }

  // A police supervisor never sees a hotline entry, whatever the filter.
  const hotlineLogins = /hotline-analyst|hotline-supervisor|BEE SECURE/;
  const filters: Record<string, string>[] = [
    {},
    { action: 'report.opened' },
    { subject: first.id },
    { subject: `report:${first.id}` },
    { action: 'report.noted', from: today(), to: today() },
    { subject: 'hotline-analyst' },
    { before: '1000000' },
  ];
  for (const fields of filters) {
    const page = await police.get(q(fields));
    assert.equal(page.statusCode, 200, JSON.stringify(fields));
    const rows = rowsOf(page.body);
    assert.deepEqual(
      [
        ...(await organisationsOf(
          haven,
          rows.map((r) => r.seq),
        )),
      ].filter((o) => o !== 'police-demo'),
      [],
      `${JSON.stringify(fields)}: police entries only`,
    );
    const table = /<tbody>[\s\S]*<\/tbody>/.exec(page.body)?.[0] ?? '';
    assert.doesNotMatch(decodeEntities(table), hotlineLogins, `${JSON.stringify(fields)}: no hotline member named`);
    assert.ok(!table.includes(first.id), `${JSON.stringify(fields)}: no hotline report named`);
  }
  const policeOpened = rowsOf((await police.get(q({ action: 'report.opened' }))).body);
  assert.deepEqual(
    policeOpened.map((r) => r.subject),
    [`report:${policeReport.id}`],
    'the police report’s opening, and only it',
  );
  // Another organisation's login is not told apart from one nobody has.
  for (const actor of ['hotline-analyst', 'nobody-has-this']) {
    const unknown = await police.get(q({ actor }));
    assert.equal(unknown.statusCode, 400);
    assert.equal(textById(unknown.body, 'actor-error'), 'No account you can see in this log has this login');
    assert.deepEqual(rowsOf(unknown.body), []);
  }

  // By action: only openings, both hotline reports'.
  const opened = await hotline.get(q({ action: 'report.opened' }));
  assert.equal(opened.statusCode, 200);
  const openedRows = rowsOf(opened.body);
  assert.deepEqual(new Set(openedRows.map((r) => r.action)), new Set(['Report opened']));
  assert.deepEqual(openedRows.map((r) => r.subject).sort(), [`report:${first.id}`, `report:${second.id}`].sort());
  assert.ok(openedRows.every((r) => r.actor === 'hotline-analyst'));
  assert.equal(
    startTags(opened.body)
      .find((tag) => tag.name === 'option' && tag.attrs.has('selected'))
      ?.attrs.get('value'),
    'report.opened',
    'the filter stays chosen',
  );

  // By a report's id: that report's entries, and all of them.
  const expected = await haven.store.db.selectFrom('audit_log').select('seq').where('subject', '=', `report:${first.id}`).orderBy('seq', 'desc').execute();
  for (const subject of [first.id, `report:${first.id}`, first.id.toUpperCase()]) {
    const rows = rowsOf((await hotline.get(q({ subject }))).body);
    assert.deepEqual(
      rows.map((r) => r.seq),
      expected.map((r) => r.seq),
      `${subject}: that report’s entries`,
    );
    assert.deepEqual(new Set(rows.map((r) => r.action)), new Set(['Report opened', 'Report taken', 'Internal note added']));
  }

  // By who, and by days.
  const byAnalyst = rowsOf((await hotline.get(q({ actor: 'hotline-analyst' }))).body);
  assert.ok(byAnalyst.length >= 4 && byAnalyst.every((r) => r.actor === 'hotline-analyst'));
  const todays = rowsOf((await hotline.get(q({ action: 'report.opened', from: today(), to: today() }))).body);
  assert.equal(todays.length, 2, 'today’s openings');
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date(Date.now() + 36 * 3_600_000));
  const none = await hotline.get(q({ from: tomorrow }));
  assert.equal(none.statusCode, 200);
  assert.deepEqual(rowsOf(none.body), []);
  assert.match(decodeEntities(none.body), /No entries match this filter\./);
  const wrong = await hotline.get(q({ from: '2026-02-30', to: 'yesterday' }));
  assert.equal(wrong.statusCode, 400);
  assert.match(textById(wrong.body, 'from-error') ?? '', /year-month-day/);
  assert.match(textById(wrong.body, 'to-error') ?? '', /year-month-day/);
  const reversed = await hotline.get(q({ from: today(), to: '2020-01-01' }));
  assert.equal(reversed.statusCode, 400);
  const french = await hotline.get(`${q({ action: 'no-such-action' })}&lang=fr`);
  assert.equal(french.statusCode, 400);
  assert.equal(textById(french.body, 'action-error'), 'Choisissez une action dans la liste');
  assert.ok(
    startTags(french.body).some((tag) => tag.name === 'input' && tag.attrs.get('name') === 'lang' && tag.attrs.get('value') === 'fr'),
    'the form keeps the language',
  );
});

test('older entries, a page at a time, under the same filter: none lost, none twice', async (t) => {
  const haven = await testHaven(t);
  const hotline = await signIn(haven.app, 'hotline-supervisor', demoPassword(haven, 'hotline-supervisor'));
  const analyst = `account:${await accountIdOf(haven, 'hotline-analyst')}`;
  const subjects = Array.from({ length: 230 }, (_, i) => `report:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  await audited(
    haven.store,
    haven.keys,
    subjects.map((subject) => ({ actor: analyst, action: 'report.opened' as const, subject, organisation: 'hotline-demo' })) as [never, ...never[]],
    async () => undefined,
  );
  // Entries of other actions and of the other organisation, interleaved, must not show.
  await audited(
    haven.store,
    haven.keys,
    { actor: analyst, action: 'report.noted', subject: subjects[0] as string, organisation: 'hotline-demo' },
    async () => undefined,
  );
  await audited(
    haven.store,
    haven.keys,
    { actor: 'cli', action: 'report.opened', subject: 'report:elsewhere', organisation: 'police-demo' },
    async () => undefined,
  );

  const seen: number[] = [];
  let url: string | undefined = q({ action: 'report.opened', lang: 'en' });
  let pages = 0;
  while (url) {
    const page = await hotline.get(url);
    assert.equal(page.statusCode, 200, url);
    const rows = rowsOf(page.body);
    assert.ok(rows.every((r) => r.action === 'Report opened'));
    seen.push(...rows.map((r) => r.seq));
    url = olderLink(page.body);
    if (url) assert.match(url, /action=report\.opened/, 'the next page keeps the filter');
    pages++;
  }
  assert.equal(pages, 2);
  const expected = await haven.store.db
    .selectFrom('audit_log')
    .select('seq')
    .where('organisation_id', '=', 'hotline-demo')
    .where('action', '=', 'report.opened')
    .orderBy('seq', 'desc')
    .execute();
  assert.deepEqual(
    seen,
    expected.map((r) => r.seq),
    'every opening, newest first, each once',
  );
});
