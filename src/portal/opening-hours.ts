// Is a help service open now, and if not, when does it open? Computed in the service's own time
// zone (Europe/Luxembourg) with luxon, so daylight-saving changes and overnight hours such as
// 23:00–07:00 come out right. A schedule that is not verified gives no answer at all: an old
// timetable must never tell a visitor that a line is open, or when it opens.
import { DateTime } from 'luxon';
import type { Hours } from '../content/content.schema.ts';

export const SERVICE_ZONE = 'Europe/Luxembourg';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type OpenState =
  | { kind: 'always' }
  | { kind: 'open'; closesAt: DateTime }
  | { kind: 'closed'; opensAt: DateTime | undefined }
  /** No hours are known. */
  | { kind: 'unknown' }
  /** Hours are known but not confirmed (FACTS.md ⚠): no claim is made, the visitor is told to call. */
  | { kind: 'unconfirmed' };

type Interval = { start: DateTime; end: DateTime };

function at(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  // fromObject in the zone: a wall-clock time that falls in a DST gap moves forward, as people expect.
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: SERVICE_ZONE });
}

/** The opening intervals that start between yesterday and a week from today. */
function intervalsAround(hours: Hours, local: DateTime): Interval[] {
  const intervals: Interval[] = [];
  for (let offset = -1; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    const weekday = WEEKDAYS[day.weekday - 1];
    // A day with an exception (a public holiday) keeps only the exception's hours, if any.
    const exception = hours.exceptions?.find((e) => e.date === day.toISODate());
    const rules = exception
      ? exception.closed || !exception.open || !exception.close
        ? []
        : [{ days: [weekday], open: exception.open, close: exception.close }]
      : (hours.weekly ?? []);
    for (const rule of rules) {
      if (!weekday || !rule.days.includes(weekday)) continue;
      const start = at(day, rule.open);
      // A closing time at or before the opening time is on the next day (overnight lines).
      const end = rule.close <= rule.open ? at(day.plus({ days: 1 }), rule.close) : at(day, rule.close);
      intervals.push({ start, end });
    }
  }
  return intervals.sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

export function openState(hours: Hours | undefined, now: Date): OpenState {
  if (!hours) return { kind: 'unknown' };
  if (hours.verification !== 'verified') return { kind: 'unconfirmed' };
  if (hours.always) return { kind: 'always' };
  if (!hours.weekly?.length && !hours.exceptions?.length) return { kind: 'unknown' };
  const local = DateTime.fromJSDate(now, { zone: SERVICE_ZONE });
  const intervals = intervalsAround(hours, local);
  const current = intervals.filter((i) => i.start <= local && local < i.end);
  if (current.length) {
    // Back-to-back or overlapping lines (15:00–23:00 then 23:00–07:00) count as one opening.
    let closesAt: DateTime = current.map((i) => i.end).reduce((a, b) => (b > a ? b : a));
    for (const i of intervals) if (i.start <= closesAt && i.end > closesAt) closesAt = i.end;
    return { kind: 'open', closesAt };
  }
  return { kind: 'closed', opensAt: intervals.find((i) => i.start > local)?.start };
}
