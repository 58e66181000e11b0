// Measuring the queue's bench: each case timed through the service the route calls (p50 / p99 /
// max over BENCH_RUNS runs, after 10 warm-up runs; target p99 < 50 ms), the exact counts a page
// would cost without the cap, and with BENCH_PLAN=1 the plan the engine chose for each statement.
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createQueue, type QueueQuery } from '../../src/casework/queue/queue.service.ts';
import type { Database } from '../../src/db/schema.ts';
import type { Haven } from '../../src/haven.ts';
import type { Session } from '../../src/sessions/sessions.ts';
import { channelOf, schemes } from './fill.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

/** The exact counts per status, in one GROUP BY: what the page would cost without the cap. */
export async function exactCounts(haven: Haven, organisation: string): Promise<Map<string, number>> {
  const rows = await haven.store.db
    .selectFrom('reports')
    .select(['workflow_status', sql<number>`count(*)`.as('n')])
    .where('organisation_id', '=', organisation)
    .groupBy('workflow_status')
    .execute();
  return new Map(rows.map((r) => [r.workflow_status, Number(r.n)]));
}

function summary(name: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const p99 = at(0.99);
  return `${name.padEnd(44)} p50 ${at(0.5).toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2).padStart(7)} ms  max ${(sorted.at(-1) as number).toFixed(2).padStart(7)} ms  ${p99 < 50 ? 'ok' : 'MISSED'}`;
}

export async function time(name: string, run: () => Promise<unknown>): Promise<void> {
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
export async function plans(haven: Haven, databaseUrl: string | undefined, session: Session, cases: [string, QueueQuery][]): Promise<void> {
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
