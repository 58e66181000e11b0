// The queue's queries: one organisation's reports, a page at a time in the order asked, the
// counts above it, and the latest "reassign all" for its notice. Every query names the organisation first, so it reads one organisation's rows
// of an index, and no page costs more than the rows it shows: keyset pagination, never OFFSET.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { WorkflowStatus } from '../../reports/report-status.ts';

type Handle = Kysely<Database>;

/** What the queue asks of the reports, its values already checked (queue.service.ts). */
export type QueueCriteria = {
  organisation: string;
  statuses: readonly WorkflowStatus[];
  channel?: string | undefined;
  category?: string | undefined;
  /** An account's id, or null for reports nobody holds. */
  assignee?: string | null | undefined;
  /** received_hour bounds, as it is written ('2026-12-09T10:00Z'): from included, to excluded. */
  from?: string | undefined;
  to?: string | undefined;
  awaiting?: boolean | undefined;
  /** Per status still waiting, per channel: the received hour before which a report is overdue. */
  overdue?: Partial<Record<'new' | 'assessing', { channel: string; before: string }[]>> | undefined;
};

/**
 * One ordered run of rows the page merges, read in the order of an index: usually one status (and,
 * for "most urgent", one channel), along (organisation, status, received hour, id). A row's key
 * is its received time plus `shiftMs`: 0 for newest and oldest, the channel's target for "most
 * urgent".
 */
export type QueueRun = { statuses: readonly WorkflowStatus[]; channel?: string | undefined; shiftMs: number };

/** Where the previous page ended: its last row's key (ms) and id. */
export type QueueCursor = { key: number; id: string };

const COLUMNS = ['id', 'channel_id', 'category', 'received_hour', 'workflow_status', 'assignee_id', 'classification', 'awaiting'] as const;

export type QueueRow = {
  id: string;
  channel_id: string;
  category: string;
  received_hour: string;
  workflow_status: string;
  assignee_id: string | null;
  classification: string | null;
  awaiting: number;
};

/** A time in received_hour's own form, which sorts as text in the order of the times. */
export const asHour = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00Z`;

function matching(eb: ExpressionBuilder<Database, 'reports'>, c: QueueCriteria, statuses: readonly WorkflowStatus[]) {
  const and: Expression<SqlBool>[] = [
    eb('organisation_id', '=', c.organisation),
    statuses.length === 1 ? eb('workflow_status', '=', statuses[0] as string) : eb('workflow_status', 'in', statuses),
  ];
  if (c.channel !== undefined) and.push(eb('channel_id', '=', c.channel));
  if (c.category !== undefined) and.push(eb('category', '=', c.category));
  if (c.assignee === null) and.push(eb('assignee_id', 'is', null));
  else if (c.assignee !== undefined) and.push(eb('assignee_id', '=', c.assignee));
  if (c.from !== undefined) and.push(eb('received_hour', '>=', c.from));
  if (c.to !== undefined) and.push(eb('received_hour', '<', c.to));
  if (c.awaiting) and.push(eb('awaiting', '>', 0));
  if (c.overdue) {
    const { overdue } = c;
    const late = statuses.flatMap((status) =>
      status === 'new' || status === 'assessing'
        ? (overdue[status] ?? []).map((b) => eb.and([eb('workflow_status', '=', status), eb('channel_id', '=', b.channel), eb('received_hour', '<', b.before)]))
        : [],
    );
    // A decided report is never overdue: with no status still waiting, nothing matches.
    and.push(late.length > 0 ? eb.or(late) : sql<SqlBool>`1 = 0`);
    // The latest bound, as a range the index reads: only the oldest waiting reports are visited.
    const latest = statuses.flatMap((s) => (s === 'new' || s === 'assessing' ? (overdue[s] ?? []) : [])).reduce((m, b) => (b.before > m ? b.before : m), '');
    if (latest) and.push(eb('received_hour', '<', latest));
  }
  return eb.and(and);
}

/** The next rows of one run after the cursor, in its index's order: at most `limit`. */
function readRun(db: Handle, c: QueueCriteria, run: QueueRun, descending: boolean, after: QueueCursor | undefined, limit: number) {
  const direction = descending ? 'desc' : 'asc';
  let query = db
    .selectFrom('reports')
    .select(COLUMNS)
    .where((eb) => matching(eb, run.channel === undefined ? c : { ...c, channel: run.channel }, run.statuses));
  if (after) {
    const hour = asHour(after.key - run.shiftMs);
    // A row value: both engines read it as one range of the index, from the cursor on.
    query = descending
      ? query.where(sql<boolean>`(received_hour, id) < (${hour}, ${after.id})`)
      : query.where(sql<boolean>`(received_hour, id) > (${hour}, ${after.id})`);
  }
  return query.orderBy('received_hour', direction).orderBy('id', direction).limit(limit).execute();
}

/**
 * A page: each run's first `limit + 1` rows after the cursor, merged by key. Whatever the page
 * shows is among them, so a page reads at most (runs × (limit + 1)) rows, wherever it starts.
 */
export async function readQueuePage(db: Handle, c: QueueCriteria, runs: QueueRun[], descending: boolean, after: QueueCursor | undefined, limit: number) {
  const keyed: { row: QueueRow; key: number }[] = [];
  for (const run of runs) {
    for (const row of await readRun(db, c, run, descending, after, limit + 1)) keyed.push({ row, key: Date.parse(row.received_hour) + run.shiftMs });
  }
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => sign * (a.key - b.key || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0)));
  const shown = keyed.slice(0, limit);
  const last = shown.at(-1);
  const next: QueueCursor | undefined = keyed.length > limit && last ? { key: last.key, id: last.row.id } : undefined;
  return { rows: shown.map((k) => k.row), next };
}

/**
 * How many reports match, counted up to `cap` (then "more than"): an exact count reads every
 * matching entry of the index, which for a million closed reports is some 70 ms on SQLite
 * (bench/README.md), on every page; up to the cap it is one short range.
 */
export async function countUpTo(db: Handle, c: QueueCriteria, cap: number): Promise<{ count: number; more: boolean }> {
  const capped = db
    .selectFrom('reports')
    .select(sql<number>`1`.as('one'))
    .where((eb) => matching(eb, c, c.statuses))
    .limit(cap + 1)
    .as('capped');
  const row = await db.selectFrom(capped).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { count: Math.min(n, cap), more: n > cap };
}

/** How many of the organisation's reports are in each status, each counted up to `cap`. */
export async function countByStatus(db: Handle, organisation: string, statuses: readonly WorkflowStatus[], cap: number) {
  const counts = new Map<WorkflowStatus, { count: number; more: boolean }>();
  for (const status of statuses) counts.set(status, await countUpTo(db, { organisation, statuses: [status] }, cap));
  return counts;
}

/** How many reports match, in one query: the home page's open, overdue and awaiting counts. */
export async function countMatching(db: Handle, c: QueueCriteria): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .select(sql<number>`count(*)`.as('n'))
    .where((eb) => matching(eb, c, c.statuses))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The member's "reassign all" among the organisation's last `within` audit entries, as the log
 * recorded it: the queue's notice reads its count here, so that a link cannot make the page
 * announce a number. Right after the move it is among the last few; bounded, a link followed
 * later costs no more than reading `within` entries of the organisation's index.
 */
export async function latestReassignment(db: Handle, organisation: string, actor: string, within: number) {
  const recent = db
    .selectFrom('audit_log')
    .select(['seq', 'actor', 'action', 'subject', 'detail'])
    .where('organisation_id', '=', organisation)
    .orderBy('seq', 'desc')
    .limit(within)
    .as('recent');
  const entry = await db
    .selectFrom(recent)
    .select(['subject', 'detail'])
    .where('actor', '=', actor)
    .where('action', '=', 'reports.reassigned')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!entry?.detail) return undefined;
  const detail = JSON.parse(entry.detail) as { to?: unknown; count?: unknown };
  if (typeof detail.to !== 'string' || typeof detail.count !== 'number') return undefined;
  return { from: entry.subject.replace(/^account:/, ''), to: detail.to, count: detail.count };
}

/** Every account of the organisation, removed ones too: a departed member may still hold reports. */
export function listMembers(db: Handle, organisation: string) {
  return db.selectFrom('accounts').select(['id', 'login', 'role', 'status']).where('organisation_id', '=', organisation).orderBy('login').execute();
}
