// The queue page's words and links, from a page of the queue: labels in the member's language,
// times and deadlines as every office page says them (office/case-times.ts), the overdue count
// and the filters in effect, and the links that keep the filters. The view only lays them out.
import type { Channel } from '../../content/content.schema.ts';
import { deadlineWords, receivedWords, shortReference } from '../../office/case-times.ts';
import type { OfficeContext } from '../../office/office-layout.view.tsx';
import { DECIDED_STATUSES, WORKFLOW_STATUSES } from '../../reports/report-status.ts';
import type { FieldMessage } from '../../web/form.view.tsx';
import type { Schemes } from '../schemes.ts';
import { QUEUE_SORTS, type QueueFilter, type QueuePage } from './queue.service.ts';

export type Option = { value: string; label: string };

export type QueueRowView = {
  id: string;
  href: string;
  /** "ref. 1a2b3c4d": tells apart reports received in the same hour. */
  reference: string;
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
  /** "3 reports overdue", and the link to them unless they are what is shown. */
  overdue?: { text: string; href?: string | undefined } | undefined;
  /** The filters and order in effect, named, when any differs from the default list. */
  showing?: string | undefined;
  /** Why the list is empty. */
  empty: string;
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

const DEFAULT_FILTER: QueueFilter = { channel: '', category: '', status: '', assignee: '', from: '', to: '', overdue: false, awaiting: false, sort: 'newest' };

/** The link to the overdue reports, most urgent first: what the home page's count links to. */
export const OVERDUE_HREF = filterQuery({ ...DEFAULT_FILTER, overdue: true, sort: 'urgent' });

/** "channel Online, held by you and most urgent first": each filter that differs from the default. */
function showingWords(page: QueuePage, labels: { channel: string; category: string; assignee: string }, ctx: OfficeContext): string | undefined {
  const { t, locale } = ctx;
  const f = page.filter;
  const parts: string[] = [];
  if (f.channel) parts.push(t('office.queue.showing.channel', { value: labels.channel }));
  if (f.category) parts.push(t('office.queue.showing.category', { value: labels.category }));
  if (f.status === 'all') parts.push(t('office.queue.showing.statusAll'));
  else if (f.status) parts.push(t('office.queue.showing.status', { value: t(`office.status.${f.status}`) }));
  if (f.assignee === 'me') parts.push(t('office.queue.showing.assigneeMe'));
  else if (f.assignee === 'nobody') parts.push(t('office.queue.showing.assigneeNobody'));
  else if (f.assignee) parts.push(t('office.queue.showing.assignee', { value: labels.assignee }));
  if (f.from) parts.push(t('office.queue.showing.from', { day: f.from }));
  if (f.to) parts.push(t('office.queue.showing.to', { day: f.to }));
  if (f.overdue) parts.push(t('office.queue.showing.overdue'));
  if (f.awaiting) parts.push(t('office.queue.showing.awaiting'));
  if (f.sort !== 'newest') parts.push(t(`office.queue.showing.sort.${f.sort}`));
  return parts.length === 0 ? undefined : new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
}

export function presentQueue(ctx: OfficeContext, page: QueuePage, schemes: Schemes, session: { accountId: string }): QueueView {
  const { t, locale } = ctx;
  const channels = new Map<string, Channel>(page.channels.map((c) => [c.id, c]));
  const logins = new Map(page.members.map((m) => [m.id, m.login]));
  const titleOf = (id: string) => channels.get(id)?.title[locale] ?? id;
  const categoryOf = (channelId: string, id: string) => channels.get(channelId)?.categories.find((c) => c.id === id)?.label[locale] ?? id;

  const rows = page.rows.map((row): QueueRowView => {
    const decision = row.classification ? schemes.decision(row.channel_id, row.classification) : undefined;
    const deadline = row.deadline && deadlineWords(row.deadline, page.now, locale, t);
    return {
      id: row.id,
      href: `/office/reports/${encodeURIComponent(row.id)}`,
      reference: t('office.times.reference', { ref: shortReference(row.id) }),
      received: receivedWords(row.received_hour, locale, t),
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
      deadline: deadline && { kind: deadline.kind, text: deadline.left, overdue: deadline.overdue },
    };
  });

  const { filter, overdue } = page;
  const showing = showingWords(
    page,
    {
      channel: filter.channel ? titleOf(filter.channel) : '',
      category: categoryOptions(page.channels, locale).find((o) => o.value === filter.category)?.label ?? filter.category,
      assignee: logins.get(filter.assignee) ?? filter.assignee,
    },
    ctx,
  );
  // "Most urgent" lists what still waits for a step: a decided status has nothing to list.
  const urgentDecided = filter.sort === 'urgent' && (DECIDED_STATUSES as readonly string[]).includes(filter.status);

  return {
    filter,
    problems: page.problems.map((field) => ({ field, text: t(`office.queue.invalid.${field}`) })),
    // Each count is of the whole organisation, so its link shows that status alone.
    counts: page.counts.map(({ status, count, more }) => ({
      status,
      count: more ? t('office.queue.countMore', { count }) : count.toLocaleString(locale),
      label: t(`office.status.${status}`),
      href: filterQuery({ ...DEFAULT_FILTER, status }),
    })),
    overdue:
      overdue.count > 0
        ? {
            text: overdue.more ? t('office.queue.overdue.more', { count: overdue.count }) : t('office.queue.overdue.count', { count: overdue.count }),
            href: filter.overdue ? undefined : OVERDUE_HREF,
          }
        : undefined,
    showing: showing && t('office.queue.showing.line', { filters: showing }),
    empty: urgentDecided ? t('office.queue.urgentDecided', { status: t(`office.status.${filter.status}`) }) : t('office.queue.empty'),
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
    nextHref: page.next ? filterQuery(filter, { after: page.next }) : undefined,
    firstHref: page.laterPage ? filterQuery(filter) : undefined,
  };
}
