// The queue (GET /office/reports) and "reassign all" (POST /office/reports/reassign). Refusals
// first: the operator's admin and editor get 403 on both, an analyst 403 on reassigning, a POST
// without its CSRF token 403, and the police never see the hotline's reports. Then what an analyst
// sees: the filters, every report once across the pages, overdue reports standing out, the counts,
// French words, bad query values named rather than failing; and a supervisor's reassignment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdmin, unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { createCasework } from '../../src/casework/casework.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import type { Session } from '../../src/sessions/sessions.ts';
import { demoPassword, type OfficeClient, signIn } from '../office/support.ts';
import type { TestHaven } from '../support/haven.ts';
import { accountIdOf, caseworkHaven, fileReport } from './support.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const unescapeAmp = (html: string) => html.replace(/&amp;/g, '&');
const rowsOf = (html: string) => [...html.matchAll(/data-report="([^"]+)"/g)].map((m) => m[1] as string);
const nextOf = (html: string) => {
  const found = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
  return found ? unescapeAmp(found) : undefined;
};
const countOf = (html: string, status: string) => Number(new RegExp(`data-count="${status}">([\\d,.\\s]+)<`).exec(html)?.[1]?.replace(/\D/g, ''));

/** An operator editor, invited as the command line does, enrolled and signed in. */
async function signedInEditor(haven: TestHaven): Promise<OfficeClient> {
  const { token } = await createAdmin(haven.store, haven.keys, 'ops-editor', 'en', 'cli', 'editor');
  const password = 'a lantern by the quiet harbour';
  const enrolled = await haven.app.inject({
    method: 'POST',
    url: `/office/enrol/${token}`,
    headers: FORM,
    payload: new URLSearchParams({ password, passwordAgain: password, locale: 'en' }).toString(),
  });
  assert.equal(enrolled.statusCode, 303, enrolled.body.slice(0, 300));
  return signIn(haven.app, 'ops-editor', password);
}

/** Casework's services for a member, as the routes call them (take, classify). */
async function servicesFor(haven: TestHaven, login: string) {
  const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
  const { keys } = await unlockOrganisationKey(haven.store, login, demoPassword(haven, login));
  const session: Session = { token: 'test', idHash: Buffer.alloc(32), stage: 'signed-in', account, organisationKey: keys, csrf: '', createdAt: 0 };
  const files = readContentFiles('content');
  const casework = createCasework({
    store: haven.store,
    keys: haven.keys,
    schemes: createSchemes(files.casework),
    channel: (id) => files.channels.find((c) => c.id === id),
    letters: {} as never,
    now: Date.now,
  });
  return { session, casework };
}

test('the queue and reassigning refuse the operator, analysts reassigning, a POST without CSRF, and another organisation', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const editor = await signedInEditor(haven);
  const hotline = await fileReport(haven, 'online');
  const police = await fileReport(haven, 'travel');
  const analystId = await accountIdOf(haven, 'hotline-analyst');
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  const move = { fromMember: analystId, toMember: supervisorId };

  for (const [who, client] of [
    ['operator admin', staff.admin],
    ['editor', editor],
  ] as const) {
    assert.equal((await client.get('/office/reports')).statusCode, 403, `${who}: the queue`);
    assert.equal((await client.get('/office/reports?status=all&channel=online')).statusCode, 403, `${who}: a filtered queue`);
    assert.equal((await client.post('/office/reports/reassign', move)).statusCode, 403, `${who}: reassign`);
  }
  assert.equal((await staff.hotlineAnalyst.post('/office/reports/reassign', move)).statusCode, 403, 'an analyst does not reassign all');
  assert.equal((await staff.hotlineSupervisor.post('/office/reports/reassign', move, { csrf: null })).statusCode, 403, 'no CSRF token');
  assert.equal((await staff.hotlineSupervisor.post('/office/reports/reassign', move, { csrf: 'forged' })).statusCode, 403, 'a wrong CSRF token');

  const policeQueue = await staff.policeAnalyst.get('/office/reports?status=all');
  assert.equal(policeQueue.statusCode, 200);
  assert.deepEqual(rowsOf(policeQueue.body), [police.id], 'the police see their report only');
  const asked = await staff.policeAnalyst.get('/office/reports?status=all&channel=online');
  assert.equal(asked.statusCode, 200);
  assert.ok(!asked.body.includes(hotline.id), 'asking for the hotline channel shows none of its reports');
  assert.match(asked.body, /The channel asked for is not one of your organisation/);
  assert.ok(!(await staff.policeAnalyst.get(`/office/reports?status=all&assignee=${analystId}`)).body.includes(hotline.id), "another organisation's member");
  assert.deepEqual(rowsOf((await staff.hotlineAnalyst.get('/office/reports')).body), [hotline.id], 'the hotline sees its own');
});

test('an analyst filters, pages, sees overdue reports stand out and the counts; a supervisor reassigns all', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const filed: string[] = [];
  for (let i = 0; i < 60; i++) filed.push((await fileReport(haven, 'online')).id);
  const travel = await fileReport(haven, 'travel');
  const childAbuse = await fileReport(haven, 'child-abuse');
  const [taken, proposed, late, closed] = filed as [string, string, string, string];
  const analyst = await servicesFor(haven, 'hotline-analyst');
  const analystId = analyst.session.account.id;
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');

  await analyst.casework.actions.take(analyst.session, taken);
  const opened = await analyst.casework.open(analyst.session, proposed);
  const item = opened.addresses[0]?.item ?? assert.fail('an address to classify');
  const fields = { 'content-type': 'image', 'age-group': 'pubescent', 'computer-generated': 'no', 'self-generated': 'no' };
  assert.equal(await analyst.casework.decisions.classify(analyst.session, proposed, { item, value: 'csam', fields }), 'pending');
  // Received three days ago: its first assessment (24 h on the hotline) is long overdue.
  const threeDaysAgo = `${new Date(Date.now() - 72 * 3_600_000).toISOString().slice(0, 13)}:00Z`;
  await haven.store.db.updateTable('reports').set({ received_hour: threeDaysAgo }).where('id', '=', late).execute();
  await haven.store.db.updateTable('reports').set({ workflow_status: 'closed' }).where('id', '=', closed).execute();

  const get = async (url: string) => {
    const response = await staff.hotlineAnalyst.get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
    return response.body;
  };

  // Every open report exactly once across the pages, whichever way the list is read.
  for (const sort of ['newest', 'oldest', 'urgent']) {
    const seen: string[] = [];
    let url: string | undefined = `/office/reports?sort=${sort}`;
    let pages = 0;
    while (url) {
      const body = await get(url);
      const rows = rowsOf(body);
      assert.ok(rows.length <= 50, 'at most 50 a page');
      seen.push(...rows);
      url = nextOf(body);
      if (url && sort !== 'newest') assert.match(url, new RegExp(`sort=${sort}`), 'the next page keeps the order');
      pages++;
    }
    assert.equal(pages, 2, `${sort}: two pages`);
    assert.equal(new Set(seen).size, seen.length, `${sort}: no report twice`);
    assert.deepEqual(new Set(seen), new Set(filed.filter((id) => id !== closed)), `${sort}: every open report`);
    if (sort === 'oldest' || sort === 'urgent') assert.equal(seen[0], late, `${sort}: the late report first`);
  }

  const first = await get('/office/reports');
  assert.equal(countOf(first, 'new'), 57);
  assert.equal(countOf(first, 'assessing'), 2, 'taken, and classified');
  assert.equal(countOf(first, 'closed'), 1);
  assert.ok(!rowsOf(first).includes(closed), 'closed reports are left out by default');
  assert.deepEqual(rowsOf(await get('/office/reports?status=closed')), [closed]);
  assert.deepEqual(rowsOf(await get('/office/reports?assignee=me')), [taken]);
  assert.deepEqual(rowsOf(await get('/office/reports?assignee=me&status=new')), []);
  const awaiting = await get('/office/reports?awaiting=yes&status=all');
  assert.deepEqual(rowsOf(awaiting), [proposed]);
  assert.match(awaiting, /Awaiting confirmation/);

  const overdue = await get('/office/reports?overdue=yes');
  assert.deepEqual(rowsOf(overdue), [late]);
  const lateRow = /<tr data-report="[^"]+" data-overdue="true">[\s\S]*?<\/tr>/.exec(overdue)?.[0] ?? assert.fail('the overdue row is marked');
  assert.match(lateRow, /<strong data-deadline="overdue">Overdue by 2 days<\/strong>/, 'overdue in words and in bold');
  assert.match(first, /<span data-deadline="left">\d+ hours? left<\/span>/, 'time left on the others');

  const today = new Date().toISOString().slice(0, 10);
  assert.equal(rowsOf(await get(`/office/reports?to=${threeDaysAgo.slice(0, 10)}`)).length <= 1, true, 'received until three days ago');
  assert.ok(!rowsOf(await get(`/office/reports?from=${today}`)).includes(late), 'received from today');

  // The police organisation has two channels: the channel and category filters choose between them.
  const policeBody = async (url: string) => (await staff.policeAnalyst.get(url)).body;
  assert.deepEqual(rowsOf(await policeBody('/office/reports?channel=travel')), [travel.id]);
  assert.deepEqual(rowsOf(await policeBody('/office/reports?category=grooming')), [childAbuse.id]);

  const bad = await staff.hotlineAnalyst.get('/office/reports?status=lost&sort=sideways&after=%27%3B--&from=2026-13-45&assignee=someone&status=x');
  assert.equal(bad.statusCode, 200, 'bad values are no error page');
  for (const message of [
    /The status asked for does not exist/,
    /The order asked for does not exist/,
    /not valid any more/,
    /The first day is not a date/,
    /The member asked for/,
  ]) {
    assert.match(bad.body, message);
  }
  assert.equal(rowsOf(bad.body).length, 50, 'the default list instead');

  const french = await get('/office/reports?lang=fr&overdue=yes');
  for (const words of ['Signalements par statut', 'Filtrer et trier', 'En retard de 2 jours', 'Nouveau', 'Première évaluation'])
    assert.ok(french.includes(words), words);

  // A supervisor moves the analyst's open reports: the taken one (the classified one was not taken).
  const supervisor = staff.hotlineSupervisor;
  const refused = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: await accountIdOf(haven, 'police-analyst') });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Choose an active analyst or supervisor of your organisation/);
  const same = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: analystId });
  assert.match(same.body, /Choose two different members/);
  const moved = await supervisor.post('/office/reports/reassign', { fromMember: analystId, toMember: supervisorId });
  assert.equal(moved.statusCode, 303, moved.body.slice(0, 300));
  assert.equal(moved.headers.location, '/office/reports?moved=1');
  assert.match((await supervisor.get('/office/reports?moved=1')).body, /1 open report was moved\./);
  assert.deepEqual(rowsOf((await supervisor.get('/office/reports?assignee=me')).body), [taken]);
  assert.deepEqual(rowsOf(await get('/office/reports?assignee=me')), []);
  const entry = await haven.store.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'reports.reassigned').executeTakeFirstOrThrow();
  assert.equal(entry.actor, `account:${supervisorId}`);

  // The home page says what needs attention, with links to the queue filtered for it.
  const home = await get('/office/');
  assert.match(home, /data-home="reports"/);
  assert.match(home, /data-count="overdue"><strong>1 report overdue<\/strong>/);
  assert.match(home, /data-count="awaiting">1 report awaiting confirmation/);
});
