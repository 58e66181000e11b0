// An organisation's monthly counts: those purged reports left behind (report_statistics) plus
// the reports still kept, grouped the same way, so that a purge changes no figure.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type CountRow = { month: string; channel: string; category: string; classification: string; count: number };

/**
 * In one statement, so that both halves are read at one moment: a purge committing in between
 * two queries would count its reports twice or not at all. Months are those of received_hour
 * (UTC), as the purge counts them. `year`: only that year's months.
 */
export async function monthlyCounts(db: Kysely<Database>, organisationId: string, year?: string): Promise<CountRow[]> {
  const month = sql<string>`substr(received_hour, 1, 7)`;
  const classification = sql<string>`coalesce(classification, '')`;
  let live = db
    .selectFrom('reports')
    .select([month.as('month'), 'channel_id', 'category', classification.as('classification'), sql<number | string>`count(*)`.as('count')])
    .where('organisation_id', '=', organisationId);
  let kept = db
    .selectFrom('report_statistics')
    .select(['month', 'channel_id', 'category', 'classification', sql<number | string>`count`.as('count')])
    .where('organisation_id', '=', organisationId);
  if (year) {
    // A range on received_hour, which the queue's index (organisation_id, received_hour) serves.
    live = live.where('received_hour', '>=', `${year}-`).where('received_hour', '<', `${Number(year) + 1}-`);
    kept = kept.where('month', '>=', `${year}-`).where('month', '<', `${Number(year) + 1}-`);
  }
  const rows = await kept.unionAll(live.groupBy([month, 'channel_id', 'category', classification])).execute();
  const merged = new Map<string, CountRow>();
  for (const r of rows) {
    const key = JSON.stringify([r.month, r.channel_id, r.category, r.classification]);
    const row = merged.get(key) ?? { month: r.month, channel: r.channel_id, category: r.category, classification: r.classification, count: 0 };
    row.count += Number(r.count);
    merged.set(key, row);
  }
  return [...merged.values()];
}

/** The years an organisation has counts for, newest first (for the year filter). */
export async function countedYears(db: Kysely<Database>, organisationId: string): Promise<string[]> {
  const live = await db
    .selectFrom('reports')
    .select([sql<string | null>`min(received_hour)`.as('first'), sql<string | null>`max(received_hour)`.as('last')])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  const kept = await db
    .selectFrom('report_statistics')
    .select([sql<string | null>`min(month)`.as('first'), sql<string | null>`max(month)`.as('last')])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  const ends = [live?.first, live?.last, kept?.first, kept?.last].filter((v): v is string => typeof v === 'string').map((v) => Number(v.slice(0, 4)));
  if (ends.length === 0) return [];
  const years: string[] = [];
  for (let y = Math.max(...ends); y >= Math.min(...ends); y--) years.push(String(y));
  return years;
}
