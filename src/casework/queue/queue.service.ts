// The analysts' queue of their own organisation: the filters a member asked for, checked against
// what the organisation has (its channels, their categories, its members), a page in the order
// asked, the counts per status and of overdue reports, the home page's open, overdue and awaiting
// counts, and what a supervisor's "reassign all" would move. A value that is not one of the
// choices is left out and named, never an error page.
import { DateTime } from 'luxon';
import type { Channel } from '../../content/content.schema.ts';
import { organisationOf } from '../../office/authorize.ts';
import { OFFICE_TIME_ZONE } from '../../office/office-dates.ts';
import { isWorkflowStatus, WORKFLOW_STATUSES, type WorkflowStatus } from '../../reports/report-status.ts';
import type { Session } from '../../sessions/sessions.ts';
import { actorOf, type CaseDeps } from '../case-step.ts';
import type { Deadline } from '../schemes.ts';
import {
  asHour,
  countByStatus,
  countMatching,
  countUpTo,
  latestReassignment,
  listMembers,
  type QueueCriteria,
  type QueueCursor,
  type QueueRun,
  readQueuePage,
} from './queue.store.ts';

export const QUEUE_PAGE_SIZE = 50;
/** Counts per status above this are shown as "more than" (queue.store.ts says why). */
export const QUEUE_COUNT_CAP = 10_000;
export const QUEUE_SORTS = ['newest', 'oldest', 'urgent'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The query string as it came (every value optional, and maybe wrong). */
export type QueueQuery = Partial<Record<'channel' | 'category' | 'status' | 'assignee' | 'from' | 'to' | 'overdue' | 'awaiting' | 'sort' | 'after', string>>;

/** The filters in effect, as the form shows them again and the next page's link keeps them. */
export type QueueFilter = {
  channel: string;
  category: string;
  /** '' (every status but closed), 'all', or one workflow status. */
  status: string;
  /** '', 'me', 'nobody' or a member's id. */
  assignee: string;
  from: string;
  to: string;
  overdue: boolean;
  awaiting: boolean;
  sort: QueueSort;
};

export const QUEUE_FIELDS = ['channel', 'category', 'status', 'assignee', 'from', 'to', 'sort', 'after'] as const;
export type QueueField = (typeof QUEUE_FIELDS)[number];

const OPEN: readonly WorkflowStatus[] = WORKFLOW_STATUSES.filter((s) => s !== 'closed');
const WAITING = ['new', 'assessing'] as const;
/** How far back in the organisation's audit log the queue looks for the notice of a move. */
const NOTICE_WITHIN = 1000;

/** Why a "reassign all" cannot go ahead as asked: the field to correct. */
export type ReassignProblem = 'from' | 'to' | 'same';

/** '1765270800000_<id>': the last row's key and id. */
export const cursorText = (c: QueueCursor) => `${c.key}_${c.id}`;

function parseCursor(text: string): QueueCursor | undefined {
  const match = /^(\d{1,15})_([A-Za-z0-9-]{1,64})$/.exec(text);
  return match ? { key: Number(match[1]), id: match[2] as string } : undefined;
}

/** A day in the office's time zone, as the hour it starts at (received_hour's form). */
function dayStart(text: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const day = DateTime.fromISO(text, { zone: OFFICE_TIME_ZONE });
  return day.isValid ? asHour(day.startOf('day').plus({ days: plusDays }).toMillis()) : undefined;
}

export function createQueue(deps: CaseDeps) {
  const { store, schemes } = deps;

  /** The organisation's channels, as the portal defines them, each with its scheme. */
  const channelsOf = (organisation: string): Channel[] =>
    schemes.all.map((s) => deps.channel(s.channel)).filter((c): c is Channel => c !== undefined && c.recipient === organisation);

  const overdueBounds = (now: number) => ({ new: schemes.overdueBefore('new', now), assessing: schemes.overdueBefore('assessing', now) });

  /** Checks each asked value; one that is not a choice is dropped and its field named. */
  async function criteriaOf(session: Session, query: QueueQuery) {
    const organisation = organisationOf(session, 'case.read');
    const channels = channelsOf(organisation);
    const members = await listMembers(store.db, organisation);
    const problems: QueueField[] = [];
    const given = (field: keyof QueueQuery) => (query[field] ?? '').trim();
    const filter: QueueFilter = { channel: '', category: '', status: '', assignee: '', from: '', to: '', overdue: false, awaiting: false, sort: 'newest' };

    const channel = channels.find((c) => c.id === given('channel'));
    if (channel) filter.channel = channel.id;
    else if (given('channel')) problems.push('channel');
    const categories = (channel ? [channel] : channels).flatMap((c) => c.categories.map((k) => k.id));
    if (categories.includes(given('category'))) filter.category = given('category');
    else if (given('category')) problems.push('category');

    const status = given('status');
    if (status === 'all' || isWorkflowStatus(status)) filter.status = status;
    else if (status && status !== 'open') problems.push('status');
    const statuses: readonly WorkflowStatus[] = filter.status === 'all' ? WORKFLOW_STATUSES : isWorkflowStatus(filter.status) ? [filter.status] : OPEN;

    const assignee = given('assignee');
    let holder: string | null | undefined;
    if (assignee === 'me') holder = session.account.id;
    else if (assignee === 'nobody') holder = null;
    else if (members.some((m) => m.id === assignee)) holder = assignee;
    else if (assignee) problems.push('assignee');
    if (holder !== undefined) filter.assignee = assignee;

    const from = dayStart(given('from'));
    const to = dayStart(given('to'), 1);
    if (from) filter.from = given('from');
    else if (given('from')) problems.push('from');
    if (to && !(from && to <= from)) filter.to = given('to');
    else if (given('to')) problems.push('to');

    filter.overdue = given('overdue') === 'yes';
    filter.awaiting = given('awaiting') === 'yes';
    const sort = QUEUE_SORTS.find((s) => s === given('sort'));
    if (sort) filter.sort = sort;
    else if (given('sort')) problems.push('sort');
    const after = given('after') ? parseCursor(given('after')) : undefined;
    if (given('after') && !after) problems.push('after');

    const now = deps.now();
    const criteria: QueueCriteria = {
      organisation,
      statuses,
      channel: filter.channel || undefined,
      category: filter.category || undefined,
      assignee: holder,
      from: filter.from ? from : undefined,
      to: filter.to ? to : undefined,
      awaiting: filter.awaiting,
      overdue: filter.overdue ? overdueBounds(now) : undefined,
    };
    return { organisation, channels, members, filter, criteria, problems, after, now };
  }

  /**
   * The runs a page merges (queue.store.ts). Newest and oldest: one per status, each along the
   * status index; "awaiting confirmation", a member's reports or received days, one run along
   * that index. Most urgent: one
   * per channel and status still waiting, shifted by that channel's target, so the merge orders
   * them by due time; a decided report has no deadline and is not listed.
   */
  function runsOf(criteria: QueueCriteria, filter: QueueFilter, channels: Channel[]): QueueRun[] {
    if (filter.sort === 'urgent') {
      const waiting = WAITING.filter((s) => criteria.statuses.includes(s));
      return channels
        .filter((c) => !criteria.channel || c.id === criteria.channel)
        .flatMap((c) => waiting.map((status) => ({ statuses: [status], channel: c.id, shiftMs: schemes.targetMs(c.id, status) })));
    }
    // Along the awaiting index, the assignee's, or the received days': one run, the statuses
    // checked row by row (SQLite, without statistics, reads these filters along those indexes
    // anyway, and one run per status would each read all of those rows to find its own).
    if (criteria.awaiting || criteria.assignee !== undefined || criteria.from || criteria.to) return [{ statuses: criteria.statuses, shiftMs: 0 }];
    return criteria.statuses.map((status) => ({ statuses: [status], shiftMs: 0 }));
  }

  return {
    channelsOf,

    /** A page of the queue, the counts per status, and what the page's forms offer. */
    async page(session: Session, query: QueueQuery) {
      const asked = await criteriaOf(session, query);
      const { criteria, filter, channels, now } = asked;
      const descending = filter.sort === 'newest';
      const page = await readQueuePage(store.db, criteria, runsOf(criteria, filter, channels), descending, asked.after, QUEUE_PAGE_SIZE);
      const counts = await countByStatus(store.db, asked.organisation, WORKFLOW_STATUSES, QUEUE_COUNT_CAP);
      return {
        filter,
        problems: asked.problems,
        rows: page.rows.map((row) => ({ ...row, deadline: schemes.deadline(row, now) as Deadline | undefined })),
        next: page.next ? cursorText(page.next) : undefined,
        /** A page reached by "next page": it offers a way back to the first. */
        laterPage: asked.after !== undefined,
        counts: WORKFLOW_STATUSES.map((status) => ({ status, ...(counts.get(status) ?? { count: 0, more: false }) })),
        /** The organisation's overdue reports, whatever the filters: they must not go unseen. */
        overdue: await countUpTo(store.db, { organisation: asked.organisation, statuses: WAITING, overdue: overdueBounds(now) }, QUEUE_COUNT_CAP),
        channels,
        members: asked.members,
        now,
      };
    },

    /** The home page's figures: open reports, overdue ones, and those awaiting confirmation. */
    async summary(session: Session) {
      const organisation = organisationOf(session, 'case.read');
      const now = deps.now();
      const open = await countMatching(store.db, { organisation, statuses: OPEN });
      const overdue = await countMatching(store.db, { organisation, statuses: WAITING, overdue: overdueBounds(now) });
      const awaiting = await countMatching(store.db, { organisation, statuses: WORKFLOW_STATUSES, awaiting: true });
      return { open, overdue, awaiting };
    },

    /** The organisation's accounts (removed ones too), for the reassign form and its checks. */
    members: (session: Session) => listMembers(store.db, organisationOf(session, 'case.read')),

    /**
     * What moving every open report `fromId` holds to `toId` would do, for the confirmation page:
     * both members checked (the source may have been removed, the receiver must be an active
     * analyst or supervisor), and how many open reports the source holds now.
     */
    async reassignment(session: Session, fromId: string, toId: string) {
      const organisation = organisationOf(session, 'case.reassign-all');
      const members = await listMembers(store.db, organisation);
      const from = members.find((m) => m.id === fromId);
      const to = members.find((m) => m.id === toId && m.status === 'active' && (m.role === 'analyst' || m.role === 'supervisor'));
      const problems: ReassignProblem[] = [];
      if (!from) problems.push('from');
      if (!toId || (!to && toId !== fromId)) problems.push('to');
      else if (toId === fromId) problems.push('same');
      const count = from && problems.length === 0 ? await countMatching(store.db, { organisation, statuses: OPEN, assignee: from.id }) : 0;
      return { members, from, to, problems, count };
    },

    /** The supervisor's move just made, for the queue's notice: its count and members. */
    async lastReassignment(session: Session) {
      const organisation = organisationOf(session, 'case.reassign-all');
      const found = await latestReassignment(store.db, organisation, actorOf(session), NOTICE_WITHIN);
      if (!found) return undefined;
      const members = await listMembers(store.db, organisation);
      const login = (id: string) => members.find((m) => m.id === id)?.login ?? '';
      return { count: found.count, from: login(found.from), to: login(found.to) };
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
export type QueuePage = Awaited<ReturnType<Queue['page']>>;
