// The queue page's words and links, from a page of the queue: labels in the member's language,
// times as day and hour, the time left before each deadline, and the links that keep the
// filters. The view only lays them out.
import type { Channel } from '../../content/content.schema.ts';
import { toMinute } from '../../office/office-dates.ts';
import type { OfficeContext } from '../../office/office-layout.view.tsx';
import { WORKFLOW_STATUSES } from '../../reports/report-status.ts';
import type { FieldMessage } from '../../web/form.view.tsx';
import type { Schemes } from '../schemes.ts';
import { QUEUE_SORTS, type QueueFilter, type QueuePage } from './queue.service.ts';

const HOUR_MS = 3_600_000;

export type Option = { value: string; label: string };

export type QueueRowView = {
  id: string;
  href: string;
  received: string;
  channel: string;
  category: string;
  status: string;
  assignee: string;
  classification: string;
  awaiting: boolean;
  /** "First assessment" or "Decision", and the time left or past; none once decided. */
  deadline?: { kind: string; text: string; overdue: boolean } | undefined;
};

export type QueueView = {
  filter: QueueFilter;
  problems: FieldMessage[];
  counts: { status: string; label: string; count: string; href: string }[];
  options: { channels: Option[]; categories: Option[]; statuses: Option[]; assignees: Option[]; sorts: Option[] };
  rows: QueueRowView[];
  nextHref?: string | undefined;
  firstHref?: string | undefined;
};

/** The query string of these filters (defaults left out), so a link keeps them. */
export function filterQuery(filter: QueueFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['channel', 'category', 'status', 'assignee', 'from', 'to'] as const) if (filter[key]) params.set(key, filter[key]);
  if (filter.overdue) params.set('overdue', 'yes');
  if (filter.awaiting) params.set('awaiting', 'yes');
  if (filter.sort !== 'newest') params.set('sort', filter.sort);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `/office/reports?${text}` : '/office/reports';
}

/** One choice per category id: channels that share one ("other") share the choice. */
function categoryOptions(channels: Channel[], locale: OfficeContext['locale']): Option[] {
  const labels = new Map<string, Set<string>>();
  for (const c of channels) for (const k of c.categories) labels.set(k.id, (labels.get(k.id) ?? new Set()).add(k.label[locale] ?? k.id));
  return [...labels].map(([value, names]) => ({ value, label: [...names].join(' / ') }));
}

function duration(ms: number, t: OfficeContext['t']): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 1) return t('office.queue.duration.underHour');
  if (hours < 48) return t('office.queue.duration.hours', { n: hours });
  return t('office.queue.duration.days', { n: Math.floor(hours / 24) });
}

export function presentQueue(ctx: OfficeContext, page: QueuePage, schemes: Schemes, session: { accountId: string }): QueueView {
  const { t, locale } = ctx;
  const channels = new Map<string, Channel>(page.channels.map((c) => [c.id, c]));
  const logins = new Map(page.members.map((m) => [m.id, m.login]));
  const titleOf = (id: string) => channels.get(id)?.title[locale] ?? id;
  const categoryOf = (channelId: string, id: string) => channels.get(channelId)?.categories.find((c) => c.id === id)?.label[locale] ?? id;

  const rows = page.rows.map((row): QueueRowView => {
    const decision = row.classification ? schemes.decision(row.channel_id, row.classification) : undefined;
    const d = row.deadline;
    return {
      id: row.id,
      href: `/office/reports/${encodeURIComponent(row.id)}`,
      received: toMinute(row.received_hour, locale),
      channel: titleOf(row.channel_id),
      category: categoryOf(row.channel_id, row.category),
      status: t(`office.status.${row.workflow_status}`),
      assignee: row.assignee_id
        ? row.assignee_id === session.accountId
          ? t('office.queue.you', { login: logins.get(row.assignee_id) ?? '' })
          : (logins.get(row.assignee_id) ?? row.assignee_id)
        : t('office.queue.nobody'),
      classification: decision?.label[locale] ?? row.classification ?? t('office.queue.unclassified'),
      awaiting: row.awaiting > 0,
      deadline: d && {
        kind: t(`office.queue.deadline.${d.kind}`),
        overdue: d.overdue,
        text: d.overdue
          ? t('office.queue.overdueBy', { time: duration(page.now - Date.parse(d.due), t) })
          : t('office.queue.left', { time: duration(Date.parse(d.due) - page.now, t) }),
      },
    };
  });

  return {
    filter: page.filter,
    problems: page.problems.map((field) => ({ field, text: t(`office.queue.invalid.${field}`) })),
    counts: page.counts.map(({ status, count, more }) => ({
      status,
      count: more ? t('office.queue.countMore', { count }) : count.toLocaleString(locale),
      label: t(`office.status.${status}`),
      href: filterQuery({ ...page.filter, status }),
    })),
    options: {
      channels: page.channels.map((c) => ({ value: c.id, label: c.title[locale] ?? c.id })),
      categories: categoryOptions(page.channels, locale),
      statuses: [{ value: 'all', label: t('office.queue.filter.statusAll') }, ...WORKFLOW_STATUSES.map((s) => ({ value: s, label: t(`office.status.${s}`) }))],
      assignees: [
        { value: 'me', label: t('office.queue.filter.assigneeMe') },
        { value: 'nobody', label: t('office.queue.filter.assigneeNobody') },
        ...page.members.filter((m) => m.id !== session.accountId).map((m) => ({ value: m.id, label: m.login })),
      ],
      sorts: QUEUE_SORTS.map((s) => ({ value: s, label: t(`office.queue.sort.${s}`) })),
    },
    rows,
    nextHref: page.next ? filterQuery(page.filter, { after: page.next }) : undefined,
    firstHref: page.firstPage ? filterQuery(page.filter) : undefined,
  };
}
