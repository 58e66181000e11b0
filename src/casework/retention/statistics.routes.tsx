// GET /office/statistics: an organisation's supervisors and analysts read its monthly counts
// (the operator's admin and editor get 403). The presenter translates the channel, category and
// classification of each line in the reader's language; the counts name no report.
import { Type } from '@sinclair/typebox';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { organisationOf } from '../../office/authorize.ts';
import { sessionOf } from '../../office/office-web.ts';
import { sendPage } from '../../web/http.ts';
import type { Scope } from '../../web/scopes.ts';
import type { Casework } from '../casework.ts';
import type { CaseworkRouteDeps } from '../route-deps.ts';
import { type CountRow, countedYears, monthlyCounts } from './statistics.store.ts';
import { type StatisticsMonth, StatisticsPage } from './statistics.view.tsx';

// '' is the form's "all years".
const Query = Type.Object({ year: Type.Optional(Type.String({ pattern: '^(\\d{4})?$' })), lang: Type.Optional(Type.String({ maxLength: 8 })) });

export async function statisticsRoutes(scope: Scope, { web, casework }: CaseworkRouteDeps) {
  scope.get('/statistics', { schema: { querystring: Query } }, async (request, reply) => {
    const organisation = organisationOf(sessionOf(request), 'case.statistics');
    const ctx = web.context(request);
    const db = casework.deps.store.db;
    const years = await countedYears(db, organisation);
    const year = request.query.year && years.includes(request.query.year) ? request.query.year : '';
    const rows = await monthlyCounts(db, organisation, year || undefined);
    const months = presentMonths(casework.deps, rows, ctx.locale, ctx.t);
    return sendPage(reply, <StatisticsPage ctx={ctx} months={months} years={years} year={year} />);
  });
}

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "December 2026", from '2026-12' (a UTC month, as counted). */
function monthLabel(month: string, locale: Locale): string {
  let format = monthFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormats.set(locale, format);
  }
  return format.format(new Date(`${month}-01T00:00:00Z`));
}

/** Months newest first; in each, channels, then lines, in the order of their translated labels. */
export function presentMonths(deps: Pick<Casework['deps'], 'channel' | 'schemes'>, rows: CountRow[], locale: Locale, t: Translate): StatisticsMonth[] {
  const byMonth = new Map<string, StatisticsMonth>();
  for (const row of rows) {
    const definition = deps.channel(row.channel);
    const decision = deps.schemes.all.find((s) => s.channel === row.channel)?.decisions.find((d) => d.id === row.classification);
    const month = byMonth.get(row.month) ?? { month: row.month, label: monthLabel(row.month, locale), total: 0, channels: [] };
    let channel = month.channels.find((c) => c.id === row.channel);
    if (!channel) {
      // A channel or category since removed from the content: its id, rather than nothing.
      channel = { id: row.channel, title: definition?.title[locale] ?? row.channel, total: 0, lines: [] };
      month.channels.push(channel);
    }
    channel.lines.push({
      category: definition?.categories.find((c) => c.id === row.category)?.label[locale] ?? row.category,
      classification: row.classification === '' ? t('office.statistics.unclassified') : (decision?.label[locale] ?? row.classification),
      count: row.count,
    });
    channel.total += row.count;
    month.total += row.count;
    byMonth.set(row.month, month);
  }
  const compare = new Intl.Collator(locale).compare;
  for (const month of byMonth.values()) {
    month.channels.sort((a, b) => compare(a.title, b.title));
    for (const c of month.channels) c.lines.sort((a, b) => compare(a.category, b.category) || compare(a.classification, b.classification));
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
}
