// The queue at a million reports: fills one organisation (the demo police, two channels) with
// BENCH_ROWS reports (default 1,000,000) and the other (the demo hotline) with a few, written
// straight into the tables in large batches (dummy sealed bytes: nothing is sealed), on SQLite
// and, when DATABASE_URL or TEST_DATABASE_URL is set, on a throwaway PostgreSQL database. Then it
// times the queue through the service the route calls, and once through the route itself with a
// signed-in session: p50 / p99 / max over BENCH_RUNS runs (default 200). Target: p99 < 50 ms.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createQueue, QUEUE_COUNT_CAP, type QueueQuery } from '../src/casework/queue/queue.service.ts';
import { countByStatus } from '../src/casework/queue/queue.store.ts';
import { WORKFLOW_STATUSES } from '../src/reports/report-status.ts';
import { createSchemes } from '../src/casework/schemes.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/schema.ts';
import { readContentFiles } from '../src/content/content.loader.ts';
import { type Haven, startHaven } from '../src/haven.ts';
import type { Session } from '../src/sessions/sessions.ts';
import { demoPassword, signIn } from '../test/office/support.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BATCH = 20_000;
const HOUR = 3_600_000;
const BIG = 'police-demo';
const SMALL = 'hotline-demo';
const content = readContentFiles('content');
const schemes = createSchemes(content.casework);
const channelOf = (id: string) => content.channels.find((c) => c.id === id);

/** A small deterministic generator: the same spread on both engines. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = [string, string, string, string, string, string, string | null, string | null, string | null, number];
const hourOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00Z`;

/**
 * Reports spread over three years, oldest first: all but a few older than a month are closed (a
 * few decided but never closed); the last month is a mix of new (some overdue), being assessed
 * (some awaiting confirmation), decided and closed. Most are held by one of the members. None was
 * closed longer than 30 days ago: else the daily purge, which first runs 10 s after Haven
 * starts, would delete them while the queue is timed (as if a deployment kept them for years).
 */
function* reports(organisation: string, count: number, channels: string[], members: string[], seed: number): Generator<Row> {
  const random = generator(seed);
  const now = Date.now();
  const span = 3 * 365 * 24 * HOUR;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const at = now - span + Math.floor((i / count) * span);
    const channel = random() < 0.7 ? (channels[0] as string) : pick(channels);
    const category = pick(channelOf(channel)?.categories ?? []).id;
    const recent = now - at < 30 * 24 * HOUR;
    const r = random();
    const status = recent
      ? r < 0.25
        ? 'new'
        : r < 0.6
          ? 'assessing'
          : r < 0.75
            ? 'actioned'
            : r < 0.85
              ? 'no-action'
              : 'closed'
      : r < 0.003
        ? 'actioned'
        : r < 0.005
          ? 'no-action'
          : 'closed';
    const assignee = status === 'new' ? null : pick(members);
    const decided = status !== 'new' && status !== 'assessing';
    const classification = decided ? pick(schemes.of(channel).decisions).id : null;
    const awaiting = status === 'assessing' && random() < 0.05 ? 1 : 0;
    yield [
      randomUUID(),
      channel,
      organisation,
      category,
      hourOf(at),
      status,
      assignee,
      classification,
      status === 'closed' ? new Date(Math.max(at + 20 * 24 * HOUR, now - 30 * 24 * HOUR)).toISOString() : null,
      awaiting,
    ];
  }
}

/** The exact counts per status, in one GROUP BY: what the page would cost without the cap. */
async function exactCounts(haven: Haven, organisation: string): Promise<Map<string, number>> {
  const rows = await haven.store.db
    .selectFrom('reports')
    .select(['workflow_status', sql<number>`count(*)`.as('n')])
    .where('organisation_id', '=', organisation)
    .groupBy('workflow_status')
    .execute();
  return new Map(rows.map((r) => [r.workflow_status, Number(r.n)]));
}

/** Twenty more analysts in the big organisation, so that "held by" has a realistic spread. */
async function moreMembers(haven: Haven): Promise<string[]> {
  const rows = Array.from({ length: 20 }, (_, i) => ({
    id: randomUUID(),
    login: `bench-analyst-${i}`,
    role: 'analyst' as const,
    organisation_id: BIG,
    email: null,
    locale: 'en',
    status: 'active' as const,
    public_key: null,
    wrapped_private_key: null,
    second_factor: null,
    second_factor_step: null,
    recovery_codes: null,
    invited_by: 'bench',
    created_at: new Date().toISOString(),
  }));
  await haven.store.db.insertInto('accounts').values(rows).execute();
  const members = await haven.store.db.selectFrom('accounts').select('id').where('organisation_id', '=', BIG).execute();
  return members.map((m) => m.id);
}

const COLUMNS = 'id, channel_id, organisation_id, category, received_hour, workflow_status, assignee_id, classification, closed_at, awaiting';
const SEALED = Buffer.alloc(64, 7);

function fillSqlite(file: string, rows: Iterable<Row>, offset: number): void {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 10000');
  const insert = db.prepare(
    `INSERT INTO reports (${COLUMNS}, country, receipt_hash, reporter_public_key, sealed_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  let n = offset;
  const batch = db.transaction((list: Row[]) => {
    for (const row of list) {
      const receipt = Buffer.alloc(32);
      receipt.writeUInt32BE(n++, 0);
      insert.run(...row, receipt, SEALED.subarray(0, 32), SEALED);
    }
  });
  let list: Row[] = [];
  for (const row of rows) {
    list.push(row);
    if (list.length === BATCH) {
      batch(list);
      list = [];
    }
  }
  batch(list);
  db.close();
}

async function fillPostgres(url: string, rows: Iterable<Row>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const flush = (list: Row[]) =>
    client.query(
      `INSERT INTO reports (${COLUMNS}, receipt_hash, reporter_public_key, sealed_body)
       SELECT t.*, decode(md5(t.id), 'hex'), $11::bytea, $11::bytea
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[]) AS t(id, channel_id, organisation_id, category, received_hour, workflow_status, assignee_id, classification, closed_at, awaiting)`,
      [...Array.from({ length: 10 }, (_, c) => list.map((r) => r[c])), SEALED],
    );
  try {
    let list: Row[] = [];
    for (const row of rows) {
      list.push(row);
      if (list.length === BATCH) {
        await flush(list);
        list = [];
      }
    }
    if (list.length) await flush(list);
    // What autovacuum does after a bulk load: statistics, and the visibility map that lets the
    // counts read the index alone.
    await client.query('VACUUM ANALYZE reports');
  } finally {
    await client.end();
  }
}

function summary(name: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const p99 = at(0.99);
  return `${name.padEnd(44)} p50 ${at(0.5).toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2).padStart(7)} ms  max ${(sorted.at(-1) as number).toFixed(2).padStart(7)} ms  ${p99 < 50 ? 'ok' : 'MISSED'}`;
}

async function time(name: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  console.log(summary(name, times));
}

/**
 * BENCH_PLAN=1: each case's statements, as the service sends them (caught by a second Kysely on
 * the same database that logs them), with the plan the engine chose for each.
 */
async function plans(haven: Haven, databaseUrl: string | undefined, session: Session, cases: [string, QueueQuery][]): Promise<void> {
  const seen: { sql: string; parameters: readonly unknown[] }[] = [];
  // Only the service's own statements: the EXPLAINs below go through the same handle.
  let catching = true;
  const log = (event: LogEvent) => void (catching && event.level === 'query' && seen.push({ sql: event.query.sql, parameters: event.query.parameters }));
  const sqlite = databaseUrl ? undefined : new SQLite(haven.store.file as string, { readonly: true });
  const db = new Kysely<Database>({
    dialect: sqlite ? new SqliteDialect({ database: sqlite }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
    log,
  });
  const queue = createQueue({ store: { db, engine: sqlite ? 'sqlite' : 'postgres' }, keys: haven.keys, schemes, channel: channelOf, now: Date.now });
  for (const [name, query] of cases) {
    seen.length = 0;
    catching = true;
    await queue.page(session, query);
    catching = false;
    console.log(`\n-- ${name}`);
    for (const statement of seen.filter((s) => s.sql.includes('"reports"') && !s.sql.includes('"capped"'))) {
      const explain = `${sqlite ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${statement.sql}`;
      const result = await db.executeQuery(CompiledQuery.raw(explain, [...statement.parameters]));
      const lines = result.rows.map((r) => (sqlite ? (r as { detail: string }).detail : Object.values(r as object).join(' ')));
      console.log(`${statement.sql.replace(/\s+/g, ' ').slice(0, 200)}…\n   ${lines.join('\n   ')}`);
    }
  }
  await db.destroy();
}

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
    const members = await moreMembers(haven);
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
