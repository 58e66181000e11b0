// Retention and statistics (issue 14). Refusals first: the operator's admin and editor get 403 on
// the statistics page, and the police read only the police's counts. Then the purge, as an
// operator runs it (`haven purge`): a report closed longer than its channel's period is gone
// whole (row, history, addresses, decisions), its receipt finds nothing, the statistics still
// count it in its month, the purge is audited with counts and nothing else, an open report and a
// recently closed one stay, and the audit log still verifies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { purgeClosed } from '../../src/casework/retention/purge.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { cliEnv, runHaven } from '../cli/haven-cli.ts';
import type { OfficeClient } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities } from '../support/html.ts';
import { postForm } from '../support/reports.ts';
import { caseworkHaven, closeReport, type Filed, fileReport, servicesFor, signedInEditor } from './support.ts';

const files = readContentFiles('content');
const channelTitle = (id: string) => files.channels.find((c) => c.id === id)?.title.en ?? assert.fail(`channel ${id}`);
const categoryLabel = (channel: string, id: string) =>
  files.channels.find((c) => c.id === channel)?.categories.find((c) => c.id === id)?.label.en ?? assert.fail(`category ${id}`);
const decisionLabel = (channel: string, id: string) =>
  files.casework.find((s) => s.channel === channel)?.decisions.find((d) => d.id === id)?.label.en ?? assert.fail(`decision ${id}`);

/** The statistics page's lines, per month: "channel title | category | classification | count". */
function statisticsOf(html: string): Map<string, string[]> {
  const months = new Map<string, string[]>();
  const tables = /<table class="office-table statistics" data-month="([^"]+)" data-channel="[^"]+">([\s\S]*?)<\/table>/g;
  for (const table of html.matchAll(tables)) {
    const caption = decodeEntities(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table[2] ?? '')?.[1] ?? '');
    const channel = caption.split(/ ?: /)[0];
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[2] ?? '')?.[1] ?? '';
    const lines = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
      [channel, ...[...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => decodeEntities(cell[1] ?? ''))].join(' | '),
    );
    months.set(table[1] as string, [...(months.get(table[1] as string) ?? []), ...lines]);
  }
  return months;
}

async function statistics(client: OfficeClient, query = '') {
  const page = await client.get(`/office/statistics${query}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  return { html: page.body, months: statisticsOf(page.body) };
}

/** What is left of a report, table by table. */
async function remains(haven: TestHaven, id: string) {
  const count = async (table: 'reports' | 'report_events' | 'report_urls' | 'case_decisions') => {
    const column = table === 'reports' ? 'id' : 'report_id';
    const rows = await haven.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', id)
      .executeTakeFirstOrThrow();
    return Number(rows.n);
  };
  return { reports: await count('reports'), events: await count('report_events'), urls: await count('report_urls'), decisions: await count('case_decisions') };
}

const lookUp = (haven: TestHaven, filed: Filed) => postForm(haven.app, '/en/report/status', { receipt: filed.receipt });

test('statistics refuse the operator’s admin and editor, and each organisation reads only its own counts', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const editor = await signedInEditor(haven);
  await fileReport(haven, 'online');
  await fileReport(haven, 'child-abuse');

  for (const [who, client] of [
    ['admin', staff.admin],
    ['editor', editor],
  ] as const) {
    const page = await client.get('/office/statistics');
    assert.equal(page.statusCode, 403, `${who}: ${page.statusCode}`);
  }
  assert.equal((await staff.policeAnalyst.get('/office/statistics?year=20x6')).statusCode, 400, 'a year that is not one');

  const police = await statistics(staff.policeAnalyst);
  const policeLines = [...police.months.values()].flat();
  assert.equal(policeLines.length, 1, policeLines.join('\n'));
  assert.match(policeLines[0] as string, new RegExp(`^${channelTitle('child-abuse')} \\| .* \\| 1$`));
  assert.ok(!police.html.includes(channelTitle('online')), 'the police do not see the hotline’s channel');

  const hotline = await statistics(staff.hotlineSupervisor);
  const hotlineLines = [...hotline.months.values()].flat();
  assert.deepEqual(hotlineLines, [`${channelTitle('online')} | ${categoryLabel('online', 'images')} | Not classified | 1`]);

  // In French, and filtered by this year (the only one with reports).
  const year = [...hotline.months.keys()][0]?.slice(0, 4) as string;
  const french = await statistics(staff.hotlineSupervisor, `?year=${year}&lang=fr`);
  assert.match(french.html, /<html lang="fr"/);
  assert.ok([...french.months.values()].flat()[0]?.includes('Non classé'));
  assert.ok(french.html.includes(`<option value="${year}" selected`), 'the year chosen stays chosen');
});

test('haven purge removes closed reports past their period, keeps their counts, and is audited with counts only', async (t) => {
  const { haven, staff } = await caseworkHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const env = cliEnv(haven.dataDir, haven.databaseUrl);
  const { session: analyst, casework } = await servicesFor(haven, 'hotline-analyst');

  const old = await fileReport(haven, 'online');
  const recent = await fileReport(haven, 'online');
  const open = await fileReport(haven, 'online');
  const police = await fileReport(haven, 'child-abuse');

  // The old report: one address classified, another proposed as abuse material (a decision that
  // waits), then closed, 100 days ago.
  const items = (await haven.store.db.selectFrom('report_urls').select('url_hash').where('report_id', '=', old.id).execute()).map((u) =>
    Buffer.from(u.url_hash).toString('hex'),
  );
  assert.equal(items.length, 2);
  assert.equal(await casework.decisions.classify(analyst, old.id, { item: items[0] as string, value: 'not-illegal', fields: {} }), 'applied');
  const csam = { 'content-type': 'image', 'age-group': 'pubescent', 'computer-generated': 'no', 'self-generated': 'no' };
  assert.equal(await casework.decisions.classify(analyst, old.id, { item: items[1] as string, value: 'csam', fields: csam }), 'pending');
  await closeReport(casework, analyst, old.id);
  await closeReport(casework, analyst, recent.id);
  const longAgo = new Date(Date.now() - 100 * 86_400_000).toISOString();
  await haven.store.db.updateTable('reports').set({ closed_at: longAgo }).where('id', '=', old.id).execute();

  const before = await remains(haven, old.id);
  assert.ok(before.events > 0 && before.urls === 2 && before.decisions === 2, JSON.stringify(before));
  assert.equal((await lookUp(haven, old)).statusCode, 200, 'the receipt finds the report before the purge');
  const counted = await statistics(staff.hotlineAnalyst);
  const month = (await haven.store.db.selectFrom('reports').select('received_hour').where('id', '=', old.id).executeTakeFirstOrThrow()).received_hour.slice(
    0,
    7,
  );
  const online = `${channelTitle('online')} | ${categoryLabel('online', 'images')}`;
  assert.deepEqual(counted.months.get(month), [`${online} | Not classified | 2`, `${online} | ${decisionLabel('online', 'not-illegal')} | 1`]);

  // The channels' own period (90 days): only the report closed 100 days ago goes.
  const purged = await runHaven(['purge'], env);
  assert.equal(purged.code, 0, purged.stderr);
  assert.match(purged.stdout, /1 closed report purged/);
  assert.match(purged.stdout, /hotline-demo\s+online\s+1/);
  assert.deepEqual(await remains(haven, old.id), { reports: 0, events: 0, urls: 0, decisions: 0 });
  for (const kept of [recent, open, police]) assert.equal((await remains(haven, kept.id)).reports, 1, 'an open or recently closed report stays');
  assert.equal((await lookUp(haven, old)).statusCode, 404, 'its receipt finds nothing now');
  assert.equal((await lookUp(haven, recent)).statusCode, 200);
  assert.deepEqual((await statistics(staff.hotlineAnalyst)).months, counted.months, 'every figure is as it was');

  const entries = await haven.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'reports.purged').execute();
  assert.equal(entries.length, 1);
  const [entry] = entries;
  assert.equal(entry?.actor, 'cli');
  assert.equal(entry?.subject, 'organisation:hotline-demo');
  assert.equal(entry?.organisation_id, 'hotline-demo');
  assert.deepEqual(JSON.parse(entry?.detail ?? ''), { total: 1, channels: { online: 1 }, retentionDays: { online: 90 } });
  const log = JSON.stringify(await haven.store.db.selectFrom('audit_log').select(['subject', 'detail']).where('action', '=', 'reports.purged').execute());
  assert.ok(!log.includes(old.id) && !log.includes(old.marker), 'neither the report’s id nor its words');

  // Retention 0: every closed report goes, the open ones stay, and the counts still hold.
  const all = await runHaven(['purge', '--days', '0'], env);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /1 closed report purged/);
  assert.equal((await remains(haven, recent.id)).reports, 0);
  assert.equal((await remains(haven, open.id)).reports, 1);
  assert.equal((await remains(haven, police.id)).reports, 1);
  assert.deepEqual((await statistics(staff.hotlineAnalyst)).months, counted.months);
  const stored = await haven.store.db
    .selectFrom('report_statistics')
    .select(['classification', 'count'])
    .where('organisation_id', '=', 'hotline-demo')
    .execute();
  assert.deepEqual(stored.map((r) => [r.classification, Number(r.count)]).sort(), [
    ['', 1],
    ['not-illegal', 1],
  ]);

  const nothing = await runHaven(['purge', '--days', '0'], env);
  assert.match(nothing.stdout, /0 closed reports purged/);
  assert.equal((await runHaven(['purge', '--days', 'soon'], env)).code, 2, 'a period that is not a number of days');
  const verified = await runHaven(['audit', 'verify'], env);
  assert.equal(verified.code, 0, verified.stderr);
});

test('two purges at once, in small batches, remove and count each report once', async (t) => {
  const haven = await testHaven(t);
  const { session, casework } = await servicesFor(haven, 'hotline-analyst');
  const filed: Filed[] = [];
  for (let i = 0; i < 5; i++) filed.push(await fileReport(haven, 'online'));
  for (const report of filed) await closeReport(casework, session, report.id);

  // As two instances would: each batch of two in its own transaction, both sweeps at once.
  const deps = { store: haven.store, keys: haven.keys, schemes: createSchemes(files.casework), now: () => Date.now() + 1000 };
  const runs = await Promise.all([purgeClosed(deps, { actor: 'system', days: 0, batch: 2 }), purgeClosed(deps, { actor: 'system', days: 0, batch: 2 })]);
  assert.equal(runs[0].total + runs[1].total, 5);
  for (const report of filed) assert.equal((await remains(haven, report.id)).reports, 0);
  const stored = await haven.store.db.selectFrom('report_statistics').select('count').where('organisation_id', '=', 'hotline-demo').execute();
  assert.equal(
    stored.reduce((n, r) => n + Number(r.count), 0),
    5,
    'each report counted once',
  );
  const entries = await haven.store.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'reports.purged').execute();
  const totals = entries.map((e) => (JSON.parse(e.detail ?? '{}') as { total: number }).total);
  assert.ok(
    entries.every((e) => e.actor === 'system'),
    'the sweep acts as the system',
  );
  assert.ok(
    totals.every((n) => n >= 1 && n <= 2),
    `one entry per batch of at most two: ${totals}`,
  );
  assert.equal(
    totals.reduce((a, b) => a + b, 0),
    5,
  );
});
