// The queue at a million reports: fills one organisation (the demo police, two channels) with
// BENCH_ROWS reports (default 1,000,000) and the other (the demo hotline) with a few
// (bench/queue/fill.ts), on SQLite and, when DATABASE_URL or TEST_DATABASE_URL is set, on a
// throwaway PostgreSQL database. Then it times the queue through the service the route calls, and
// once through the route itself with a signed-in session (bench/queue/measure.ts): p50 / p99 / max
// over BENCH_RUNS runs (default 200). Target: p99 < 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createQueue, QUEUE_COUNT_CAP, type QueueQuery } from '../src/casework/queue/queue.service.ts';
import { countByStatus, countUpTo } from '../src/casework/queue/queue.store.ts';
import { loadConfig } from '../src/config.ts';
import { startHaven } from '../src/haven.ts';
import { HOUR_MS } from '../src/office/case-times.ts';
import { WORKFLOW_STATUSES } from '../src/reports/report-status.ts';
import type { Session } from '../src/sessions/sessions.ts';
import { demoPassword, signIn } from '../test/office/support.ts';
import { channelOf, fillPostgres, fillSqlite, hourOf, moreMembers, reports, schemes } from './queue/fill.ts';
import { exactCounts, plans, time } from './queue/measure.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const HOUR = HOUR_MS;
const BIG = 'police-demo';
const SMALL = 'hotline-demo';

async function bench(engine: 'sqlite' | 'postgres', baseUrl?: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-queue-'));
  let databaseUrl: string | undefined;
  if (baseUrl) {
    const name = `haven_bench_queue_${process.pid}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SEAL_WORKERS: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const haven = await startHaven(config);
  try {
    const members = await moreMembers(haven, BIG);
    const hotline = (await haven.store.db.selectFrom('accounts').select('id').where('organisation_id', '=', SMALL).execute()).map((m) => m.id);
    const started = performance.now();
    const big = reports(BIG, ROWS, ['child-abuse', 'travel'], members, 1);
    const small = reports(SMALL, 1000, ['online'], hotline, 2);
    if (engine === 'sqlite') {
      fillSqlite(haven.store.file as string, big, 0);
      fillSqlite(haven.store.file as string, small, ROWS);
    } else {
      await fillPostgres(databaseUrl as string, big);
      await fillPostgres(databaseUrl as string, small);
    }
    const size = engine === 'sqlite' ? `${(fs.statSync(haven.store.file as string).size / 2 ** 20).toFixed(0)} MiB file` : '';
    console.log(`\n${engine}: ${ROWS.toLocaleString('en')} + 1,000 reports filled in ${((performance.now() - started) / 1000).toFixed(0)} s ${size}`);

    const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', 'police-analyst').executeTakeFirstOrThrow();
    const session: Session = { token: 'bench', idHash: Buffer.alloc(32), stage: 'signed-in', account, csrf: '', createdAt: 0 };
    const queue = createQueue({ store: haven.store, keys: haven.keys, schemes, channel: channelOf, now: Date.now });
    const counts = await exactCounts(haven, BIG);
    console.log(`statuses: ${[...counts].map(([s, n]) => `${s} ${n.toLocaleString('en')}`).join(', ')}`);
    const hotlineCounts = await exactCounts(haven, SMALL);
    const leaked = (await queue.page(session, { status: 'all' })).rows.filter((r) => r.channel_id === 'online').length;
    console.log(`isolation: the police page shows ${leaked} hotline reports (the hotline has ${[...hotlineCounts.values()].reduce((a, b) => a + b, 0)})`);

    const middle = await haven.store.db
      .selectFrom('reports')
      .select(['id', 'received_hour'])
      .where('organisation_id', '=', BIG)
      .where('received_hour', '<=', hourOf(Date.now() - 18 * 30 * 24 * HOUR))
      .orderBy('received_hour', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const deep = `${Date.parse(middle.received_hour)}_${middle.id}`;
    const page = (query: QueueQuery) => () => queue.page(session, query);
    const cases: [string, QueueQuery][] = [
      ['first page (open, newest first)', {}],
      ['first page, oldest first', { sort: 'oldest' }],
      ['first page, most urgent', { sort: 'urgent' }],
      ['channel + status + assignee=me', { channel: 'travel', status: 'assessing', assignee: 'me' }],
      ['channel + category, every status', { channel: 'child-abuse', category: 'grooming', status: 'all' }],
      ['assignee=me, every status, oldest first', { assignee: 'me', status: 'all', sort: 'oldest' }],
      ['overdue', { overdue: 'yes' }],
      ['awaiting confirmation', { awaiting: 'yes', status: 'all' }],
      [
        'received in one week, every status',
        { status: 'all', from: hourOf(Date.now() - 400 * 24 * HOUR).slice(0, 10), to: hourOf(Date.now() - 393 * 24 * HOUR).slice(0, 10) },
      ],
      ['deep keyset page (every status, 18 months in)', { status: 'all', after: deep }],
    ];
    await time('counts per status, exact (GROUP BY)', () => exactCounts(haven, BIG));
    await time(`counts per status, capped at ${QUEUE_COUNT_CAP}`, () => countByStatus(haven.store.db, BIG, WORKFLOW_STATUSES, QUEUE_COUNT_CAP));
    // On every page, whatever its filters: the organisation's overdue reports, capped the same way.
    const overdue = () => ({ new: schemes.overdueBefore('new', Date.now()), assessing: schemes.overdueBefore('assessing', Date.now()) });
    await time(`overdue count, capped at ${QUEUE_COUNT_CAP}`, () =>
      countUpTo(haven.store.db, { organisation: BIG, statuses: ['new', 'assessing'], overdue: overdue() }, QUEUE_COUNT_CAP),
    );
    for (const [name, query] of cases) await time(`service: ${name}`, page(query));

    const client = await signIn(haven.app, 'police-analyst', demoPassword(haven, 'police-analyst'));
    await time('HTTP GET /office/reports (first page)', async () => {
      const response = await client.get('/office/reports');
      if (response.statusCode !== 200) throw new Error(`the queue answered ${response.statusCode}`);
    });
    if (process.env.BENCH_PLAN) await plans(haven, databaseUrl, session, cases);
  } finally {
    await haven.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (baseUrl && databaseUrl) {
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
  }
}

// BENCH_ENGINES=postgres (or sqlite) runs one of the two.
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
if (engines.includes('sqlite')) await bench('sqlite');
const postgres = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgres && engines.includes('postgres')) await bench('postgres', postgres);
