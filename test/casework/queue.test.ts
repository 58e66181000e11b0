// The queue (GET /office/reports). Refusals first: the operator's admin and editor get 403, an
// analyst 403 on reassigning, a POST without its CSRF token 403, and the police never see the
// hotline's reports. Then what an analyst sees: the filters, every report once across the pages,
// overdue reports counted at the top and standing out, the filters in effect named, the counts,
// French words, bad query values named rather than failing; "most urgent" across channels with
// different targets; and the wording of times every office page shares. Reassigning all is in
// queue-reassign.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { deadlineWords, receivedWords, shortReference } from '../../src/office/case-times.ts';
import { OFFICE_TIME_ZONE } from '../../src/office/office-dates.ts';
import { rowsOf } from './queue-support.ts';
import { accountIdOf, caseworkHaven, fileReport, servicesFor, signedInEditor } from './support.ts';

const HOUR = 3_600_000;
const unescapeAmp = (html: string) => html.replace(/&amp;/g, '&');
const nextOf = (html: string) => {
  const found = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
  return found ? unescapeAmp(found) : undefined;
};
const countOf = (html: string, status: string) => Number(new RegExp(`data-count="${status}">([\\d,.\\s]+)<`).exec(html)?.[1]?.replace(/\D/g, ''));
const hourAgo = (hours: number) => `${new Date(Date.now() - hours * HOUR).toISOString().slice(0, 13)}:00Z`;
/** The day a time falls on in the office's time zone: what the date filters mean. */
const officeDay = (at: string | number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

test('the queue and reassigning refuse the operator, analysts reassigning, a POST without CSRF, and another organisation', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const editor = await signedInEditor(haven);
  const hotline = await fileReport(haven, 'online');
  const police = await fileReport(haven, 'travel');
  const analystId = await accountIdOf(haven, 'hotline-analyst');
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  const move = { fromMember: analystId, toMember: supervisorId, confirm: 'yes' };
  const confirmUrl = `/office/reports/reassign?from=${analystId}&to=${supervisorId}`;

  for (const [who, client] of [
    ['operator admin', staff.admin],
    ['editor', editor],
  ] as const) {
    assert.equal((await client.get('/office/reports')).statusCode, 403, `${who}: the queue`);
    assert.equal((await client.get('/office/reports?status=all&channel=online')).statusCode, 403, `${who}: a filtered queue`);
    assert.equal((await client.get(confirmUrl)).statusCode, 403, `${who}: the confirmation page`);
    assert.equal((await client.post('/office/reports/reassign', move)).statusCode, 403, `${who}: reassign`);
  }
  assert.equal((await staff.hotlineAnalyst.get(confirmUrl)).statusCode, 403, 'an analyst gets no confirmation page');
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

test('an analyst filters and pages, sees overdue reports counted at the top and standing out, and what the list is filtered by', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const filed: string[] = [];
  for (let i = 0; i < 60; i++) filed.push((await fileReport(haven, 'online')).id);
  const travel = await fileReport(haven, 'travel');
  const childAbuse = await fileReport(haven, 'child-abuse');
  const [taken, proposed, late, closed] = filed as [string, string, string, string];
  const analyst = await servicesFor(haven, 'hotline-analyst');

  await analyst.casework.actions.take(analyst.session, taken);
  const opened = await analyst.casework.open(analyst.session, proposed);
  const item = opened.addresses[0]?.item ?? assert.fail('an address to classify');
  const fields = { 'content-type': 'image', 'age-group': 'pubescent', 'computer-generated': 'no', 'self-generated': 'no' };
  assert.equal(await analyst.casework.decisions.classify(analyst.session, proposed, { item, value: 'csam', fields }), 'pending');
  // Received three days ago: its first assessment (24 h on the hotline) is long overdue.
  const threeDaysAgo = hourAgo(72);
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

  // Newest first puts the late report on the last page: the first says it is there.
  const first = await get('/office/reports');
  assert.ok(!rowsOf(first).includes(late), 'the late report is not on the first page');
  const overdueLine = /<p class="caveat" data-overdue-count="true">([\s\S]*?)<\/p>/.exec(first)?.[1] ?? assert.fail('the overdue count at the top');
  assert.equal(unescapeAmp(overdueLine), '<strong>1 report overdue</strong> – <a href="/office/reports?overdue=yes&sort=urgent">show them</a>');
  assert.ok(first.indexOf('data-overdue-count') < first.indexOf('id="counts-title"'), 'above the counts');
  assert.ok(!first.includes('data-showing'), 'the default list names no filter');
  assert.match(first, /<details>/, 'the filters folded away');

  const overdue = await get('/office/reports?overdue=yes&sort=urgent');
  assert.deepEqual(rowsOf(overdue), [late]);
  assert.match(
    unescapeAmp(overdue),
    /<p data-showing="true">Showing: overdue reports only and most urgent first\. <a href="\/office\/reports">Show all open reports<\/a><\/p>/,
  );
  assert.match(overdue, /<details open>/, 'the filters unfolded');
  assert.match(overdue, /data-overdue-count="true"><strong>1 report overdue<\/strong><\/p>/, 'no link to what is shown');
  const lateRow = /<tr data-report="[^"]+" data-overdue="true">[\s\S]*?<\/tr>/.exec(overdue)?.[0] ?? assert.fail('the overdue row is marked');
  assert.match(lateRow, /First assessment: <strong data-deadline="overdue">Overdue by 2 days<\/strong>/, 'overdue in words and in bold');
  // A row's link names its received hour as approximate, and a reference of the id's last 8 digits.
  const link = /<th scope="row"[^>]*><a href="\/office\/reports\/([^"]+)">([\s\S]*?)<\/a>/.exec(lateRow) ?? assert.fail('the row links to the report');
  assert.equal(link[1], late);
  assert.match(link[2] as string, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, around \d{2}:00 <span class="advice" data-ref="true">ref\. ([0-9a-f]{8})<\/span>$/);
  assert.ok((link[2] as string).endsWith(`ref. ${late.replace(/-/g, '').slice(-8)}</span>`));
  assert.match(first, /<span data-deadline="left">2[34] hours left<\/span>/, 'time left on the others');

  // The counts are the organisation's; their links show that status alone, whatever was asked.
  const urgentOnline = await get('/office/reports?sort=urgent&channel=online&assignee=me');
  assert.equal(countOf(urgentOnline, 'new'), 57);
  assert.equal(countOf(urgentOnline, 'assessing'), 2, 'taken, and classified');
  assert.equal(countOf(urgentOnline, 'closed'), 1);
  assert.match(urgentOnline, /<a href="\/office\/reports\?status=closed">/);
  assert.match(urgentOnline, /Showing: channel [^<]+, held by you, and most urgent first\./);
  assert.deepEqual(rowsOf(await get('/office/reports?status=closed')), [closed], 'the count link leads to the report it counted');
  const urgentClosed = await get('/office/reports?status=closed&sort=urgent');
  assert.deepEqual(rowsOf(urgentClosed), []);
  assert.match(urgentClosed, /“Most urgent” lists only reports still waiting for a step/, 'says why, rather than "no match"');
  assert.ok(!urgentClosed.includes('No report matches'));

  assert.ok(!rowsOf(first).includes(closed), 'closed reports are left out by default');
  assert.deepEqual(rowsOf(await get('/office/reports?assignee=me')), [taken]);
  assert.deepEqual(rowsOf(await get('/office/reports?assignee=me&status=new')), []);
  const awaiting = await get('/office/reports?awaiting=yes&status=all');
  assert.deepEqual(rowsOf(awaiting), [proposed]);
  assert.match(awaiting, /Awaiting confirmation/);

  // The received days, in the office's time zone: the late report's day holds it alone.
  const lateDay = officeDay(threeDaysAgo);
  assert.deepEqual(rowsOf(await get(`/office/reports?to=${lateDay}`)), [late], 'received until its day');
  assert.deepEqual(rowsOf(await get(`/office/reports?from=${lateDay}&to=${lateDay}`)), [late], 'received on its day');
  const today = await get(`/office/reports?from=${officeDay(Date.now())}`);
  assert.equal(rowsOf(today).length, 50, 'received from today: a full page');
  assert.ok(!rowsOf(today).includes(late), 'not the late report');
  assert.match(today, new RegExp(`Showing: received from ${officeDay(Date.now())}\\.`));

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
  for (const words of ['Signalements par statut', 'Filtrer et trier', 'En retard de 2 jours', 'Nouveau', 'Première évaluation', '1 signalement en retard'])
    assert.ok(french.includes(words), words);

  // The home page says what needs attention, with links to the queue filtered for it.
  const home = unescapeAmp(await get('/office/'));
  assert.match(home, /data-home="reports"/);
  assert.match(home, /<a href="\/office\/reports\?overdue=yes&sort=urgent" data-count="overdue"><strong>1 report overdue<\/strong>/);
  assert.match(home, /data-count="awaiting">1 report awaiting confirmation/);
});

test('most urgent orders reports of channels with different targets by when each is due', async (t) => {
  const { haven } = await caseworkHaven(t);
  // The police take online reports here: their first assessment is due in 24 h (content/casework.yaml),
  // a child-abuse report's in 48 h; a decision in 7 and 30 days.
  const police = await servicesFor(haven, 'police-analyst', { online: 'police-demo' });
  const at = async (channel: 'online' | 'child-abuse', hoursAgo: number, status: 'new' | 'assessing') => {
    const { id } = await fileReport(haven, channel);
    await haven.store.db
      .updateTable('reports')
      .set({ organisation_id: 'police-demo', received_hour: hourAgo(hoursAgo), workflow_status: status })
      .where('id', '=', id)
      .execute();
    return id;
  };
  const childAbuse40h = await at('child-abuse', 40, 'new'); // due in about 8 h
  const online20h = await at('online', 20, 'new'); // due in about 4 h
  const online10h = await at('online', 10, 'new'); // due in about 14 h
  const childAbuse1h = await at('child-abuse', 1, 'new'); // due in about 47 h
  const online3d = await at('online', 72, 'assessing'); // a decision due in about 4 days
  const childAbuse20d = await at('child-abuse', 20 * 24, 'assessing'); // due in about 10 days

  const ids = async (query: Record<string, string>) => (await police.casework.queue.page(police.session, query)).rows.map((r) => r.id);
  assert.deepEqual(await ids({ sort: 'urgent' }), [online20h, childAbuse40h, online10h, childAbuse1h, online3d, childAbuse20d]);
  assert.deepEqual(await ids({ sort: 'oldest' }), [childAbuse20d, online3d, childAbuse40h, online20h, online10h, childAbuse1h], 'not merely the oldest first');
  assert.deepEqual(await ids({ sort: 'urgent', channel: 'online' }), [online20h, online10h, online3d]);
});

test('times and deadlines read the same on every office page: to the hour, rounded down', () => {
  const catalogue = loadCatalogue('content');
  const [en, fr, de] = (['en', 'fr', 'de'] as const).map((l) => translator(catalogue, l)) as [
    ReturnType<typeof translator>,
    ReturnType<typeof translator>,
    ReturnType<typeof translator>,
  ];
  // 10:00 UTC is 11:00 in Luxembourg in December.
  assert.equal(receivedWords('2026-12-07T10:00Z', 'en', en), 'Dec 7, 2026, around 11:00');
  assert.equal(receivedWords('2026-12-07T10:00Z', 'fr', fr), '7 déc. 2026, vers 11:00');
  assert.equal(receivedWords('2026-12-07T10:00Z', 'de', de), '07.12.2026, gegen 11:00 Uhr');
  const due = '2026-12-08T10:00:00.000Z';
  const words = (now: string) => deadlineWords({ kind: 'first-assessment', due, overdue: Date.parse(due) < Date.parse(now) }, Date.parse(now), 'en', en);
  assert.deepEqual(words('2026-12-07T10:01Z'), { kind: 'First assessment', due: 'Dec 8, 2026, around 11:00', left: '23 hours left', overdue: false });
  assert.equal(words('2026-12-08T09:01Z').left, 'less than an hour left');
  assert.equal(words('2026-12-08T10:30Z').left, 'Overdue by less than an hour');
  assert.equal(words('2026-12-10T09:59Z').left, 'Overdue by 47 hours');
  assert.equal(words('2026-12-10T10:00Z').left, 'Overdue by 2 days');
  assert.equal(words('2026-12-02T10:00Z').left, '6 days left');
  assert.equal(shortReference('1a2b3c4d-0000-4000-8000-00009f8e7d6c'), '9f8e7d6c');
});
