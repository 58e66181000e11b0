// What a reader asked the activity log for (the filter form's GET query), checked: an action from
// the closed list, a member's login, what an entry concerns, a range of days in the office's time
// zone, and the keyset of the page ("older than entry n"). Pure: names are resolved to stored
// ones by the log (activity-log.ts), which knows whose accounts the reader may name.
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit.ts';
import { OFFICE_TIME_ZONE } from '../office/office-dates.ts';

/** The form's fields as typed, given back to the form. */
export type AuditQuery = { action: string; actor: string; subject: string; from: string; to: string };

export const EMPTY_QUERY: AuditQuery = { action: '', actor: '', subject: '', from: '', to: '' };

export const FILTER_FIELDS = ['action', 'actor', 'subject', 'from', 'to'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export type FilterProblem = { field: FilterField; code: 'unknown-action' | 'unknown-member' | 'invalid-date' | 'dates-reversed' };

/** The filter as the query applies it; times are compared by their UTC hour (`YYYY-MM-DDTHH`). */
export type AuditFilter = {
  action?: AuditAction;
  /** The login typed, resolved by the log to `account:<id>` among accounts the reader may name. */
  actorLogin?: string;
  /** As typed: the log makes a report's id `report:<id>`, a login `account:<id>`. */
  subject?: string;
  /** The first UTC hour of the first day, inclusive. */
  fromHour?: string;
  /** The first UTC hour after the last day, exclusive. */
  untilHour?: string;
  /** Only entries before this one: the next page of a keyset. */
  before?: number;
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const single = (value: unknown): string => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, 200) : '';
};

/** The UTC offset of the office's zone at `ms`, in ms (local time minus UTC). */
function offsetAt(ms: number): number {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: OFFICE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - (ms - (ms % 60_000));
}

/** Midnight of a day in the office's zone, as the UTC hour that begins it (the zone is whole hours from UTC). */
function midnightHour(year: number, month: number, day: number): string {
  const local = Date.UTC(year, month - 1, day);
  let at = local - offsetAt(local);
  // Near a change of offset, the offset at the guess may differ from the one at midnight itself.
  at = local - offsetAt(at);
  return new Date(at).toISOString().slice(0, 13);
}

function parseDay(text: string): [number, number, number] | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return [year, month, day];
}

export function readFilter(raw: unknown): { query: AuditQuery; filter: AuditFilter; problems: FilterProblem[] } {
  const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const query: AuditQuery = {
    action: single(fields.action),
    actor: single(fields.actor),
    subject: single(fields.subject),
    from: single(fields.from),
    to: single(fields.to),
  };
  const filter: AuditFilter = {};
  const problems: FilterProblem[] = [];
  if (query.action) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(query.action)) filter.action = query.action as AuditAction;
    else problems.push({ field: 'action', code: 'unknown-action' });
  }
  if (query.actor) filter.actorLogin = query.actor;
  if (query.subject) filter.subject = query.subject;
  const from = query.from ? parseDay(query.from) : undefined;
  const to = query.to ? parseDay(query.to) : undefined;
  if (query.from && !from) problems.push({ field: 'from', code: 'invalid-date' });
  if (query.to && !to) problems.push({ field: 'to', code: 'invalid-date' });
  if (from) filter.fromHour = midnightHour(...from);
  if (to) filter.untilHour = midnightHour(to[0], to[1], to[2] + 1);
  if (filter.fromHour && filter.untilHour && filter.fromHour >= filter.untilHour) problems.push({ field: 'to', code: 'dates-reversed' });
  const before = Number(single(fields.before));
  if (Number.isSafeInteger(before) && before > 0) filter.before = before;
  return { query, filter, problems };
}

/** The address of a page of the same filter: its newest entries, or those before `before`. */
export function auditHref(query: AuditQuery, options: { before?: number | undefined; lang?: string | undefined } = {}): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) if (query[field]) params.set(field, query[field]);
  if (options.before !== undefined) params.set('before', String(options.before));
  if (options.lang) params.set('lang', options.lang);
  const search = params.toString();
  return search ? `/office/audit?${search}` : '/office/audit';
}
