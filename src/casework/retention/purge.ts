// Retention: a report closed longer than its channel's period (content/casework.yaml,
// retentionDays) is removed whole — sealed body, addresses, history (notes, messages, answers),
// decisions — and leaves one anonymous count (organisation, month, channel, category,
// classification) in report_statistics. Purged in batches, each one audited transaction, so a
// large purge never holds the database (SQLite's one writer) for long.
import { type AuditEntry, type Audited, type AuditKeys, audited } from '../../audit/audit.ts';
import type { Store } from '../../db/database.ts';
import type { ReportStatisticTable } from '../../db/schema.ts';
import type { Schemes } from '../schemes.ts';

const DAY_MS = 86_400_000;
/** Reports removed per transaction. */
export const PURGE_BATCH = 500;

export type PurgeDeps = { store: Store; keys: AuditKeys; schemes: Pick<Schemes, 'all'>; now: () => number };

export type PurgeOptions = {
  /** `system` for the daily sweep, `cli` for `haven purge`. */
  actor: 'system' | 'cli';
  /** Days instead of every channel's retentionDays (`haven purge --days N`). */
  days?: number | undefined;
  batch?: number;
};

/** What one organisation lost to a purge: counts, never a report's id or content. */
export type PurgedCounts = { total: number; channels: Record<string, number> };
export type Purged = { total: number; organisations: Record<string, PurgedCounts> };

type Doomed = { id: string; organisation_id: string; channel_id: string; category: string; classification: string | null; received_hour: string };

/**
 * Purges every closed report past its period, batch after batch, until none is left. Safe with
 * several instances at once: on PostgreSQL each batch locks its rows and skips those another
 * instance holds (SKIP LOCKED), on SQLite writers take turns; either way a report is counted
 * and deleted by exactly one of them.
 */
export async function purgeClosed(deps: PurgeDeps, options: PurgeOptions): Promise<Purged> {
  const now = deps.now();
  const periods = deps.schemes.all.map((s) => {
    const days = options.days ?? s.retentionDays;
    // Compared as text with closed_at (an ISO time), which sorts as the time it names.
    return { channel: s.channel, days, before: new Date(now - days * DAY_MS).toISOString() };
  });
  const purged: Purged = { total: 0, organisations: {} };
  // A channel without a scheme has no period: its reports are kept.
  if (periods.length === 0) return purged;
  const batch = options.batch ?? PURGE_BATCH;
  const at = new Date(now).toISOString();
  const daysOf = Object.fromEntries(periods.map((p) => [p.channel, p.days]));

  for (;;) {
    const counts = await audited(
      deps.store,
      deps.keys,
      (byOrganisation: Record<string, PurgedCounts>): AuditEntry[] =>
        Object.entries(byOrganisation).map(([organisation, c]) => ({
          actor: options.actor,
          action: 'reports.purged',
          subject: `organisation:${organisation}`,
          organisation,
          at,
          // Counts and the periods applied: enough to account for the purge. No report ids: the
          // rule (closed before the period) says which reports went, each one's own entries say
          // when it was closed, and a list of ids would only grow the log by the volume purged.
          detail: JSON.stringify({ ...c, retentionDays: Object.fromEntries(Object.keys(c.channels).map((ch) => [ch, daysOf[ch]])) }),
        })),
      async (trx) => {
        const doomed = await claimBatch(trx, deps.store.engine, periods, batch);
        if (doomed.length === 0) return {};
        await countPurged(trx, doomed);
        await deleteReports(
          trx,
          doomed.map((r) => r.id),
        );
        return tally(doomed);
      },
    );
    let removed = 0;
    for (const [organisation, c] of Object.entries(counts)) {
      const into = (purged.organisations[organisation] ??= { total: 0, channels: {} });
      into.total += c.total;
      for (const [channel, n] of Object.entries(c.channels)) into.channels[channel] = (into.channels[channel] ?? 0) + n;
      removed += c.total;
    }
    purged.total += removed;
    // A short batch was the last (rows another instance holds are its to purge).
    if (removed < batch) return purged;
  }
}

function claimBatch(trx: Audited, engine: Store['engine'], periods: { channel: string; before: string }[], batch: number): Promise<Doomed[]> {
  let query = trx
    .selectFrom('reports')
    .select(['id', 'organisation_id', 'channel_id', 'category', 'classification', 'received_hour'])
    .where('workflow_status', '=', 'closed')
    .where((eb) => eb.or(periods.map((p) => eb.and([eb('channel_id', '=', p.channel), eb('closed_at', '<', p.before)]))))
    .orderBy('closed_at')
    .limit(batch);
  // A report a member holds locked (changing it, perhaps reopening it) is left for the next purge.
  if (engine === 'postgres') query = query.forUpdate().skipLocked();
  return query.execute();
}

/** Adds each report to its month's count, in the same transaction as its deletion. */
async function countPurged(trx: Audited, doomed: Doomed[]): Promise<void> {
  const rows = new Map<string, ReportStatisticTable>();
  for (const r of doomed) {
    const row = {
      organisation_id: r.organisation_id,
      month: r.received_hour.slice(0, 7),
      channel_id: r.channel_id,
      category: r.category,
      classification: r.classification ?? '',
      count: 0,
    };
    const key = JSON.stringify([row.organisation_id, row.month, row.channel_id, row.category, row.classification]);
    const found = rows.get(key) ?? row;
    found.count++;
    rows.set(key, found);
  }
  // One row per key in the statement (PostgreSQL refuses to update a row twice in one upsert),
  // in the keys' order: two instances' batches then lock the rows they share in the same order,
  // and neither waits for the other in a circle.
  const values = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  await trx
    .insertInto('report_statistics')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'month', 'channel_id', 'category', 'classification'])
        .doUpdateSet((eb) => ({ count: eb('report_statistics.count', '+', eb.ref('excluded.count')) })),
    )
    .execute();
}

/**
 * Everything of the reports, explicitly rather than by the foreign keys' cascade, so that nothing
 * depends on a connection having them switched on. SQLite overwrites what it deletes
 * (secure_delete); PostgreSQL's dead rows go at its next vacuum (docs/operations.md).
 */
async function deleteReports(trx: Audited, ids: string[]): Promise<void> {
  await trx.deleteFrom('case_decisions').where('report_id', 'in', ids).execute();
  await trx.deleteFrom('report_events').where('report_id', 'in', ids).execute();
  await trx.deleteFrom('report_urls').where('report_id', 'in', ids).execute();
  await trx.deleteFrom('reports').where('id', 'in', ids).execute();
}

function tally(doomed: Doomed[]): Record<string, PurgedCounts> {
  const byOrganisation: Record<string, PurgedCounts> = {};
  for (const r of doomed) {
    const c = (byOrganisation[r.organisation_id] ??= { total: 0, channels: {} });
    c.total++;
    c.channels[r.channel_id] = (c.channels[r.channel_id] ?? 0) + 1;
  }
  return byOrganisation;
}
