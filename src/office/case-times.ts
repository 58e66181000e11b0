// How the back office speaks of a report's times, the same on every page that shows them (the
// queue, the report page): when it came, by when its next step is due and how long is left, with
// one rounding rule; and the short reference that tells reports of the same hour apart. Shared by
// capabilities, so it imports none: a deadline is taken by its shape, not casework's type.
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { OFFICE_TIME_ZONE } from './office-dates.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A report's next step and its due time (casework's `Deadline` has this shape). */
export type DeadlineLike = { kind: 'first-assessment' | 'resolution'; due: string; overdue: boolean };

export type DeadlineWords = {
  /** "First assessment" or "Decision". */
  kind: string;
  /** "Dec 8, 2026, around 11:00": due times follow from received hours, so are no more exact. */
  due: string;
  /** "23 hours left", "less than an hour left", "Overdue by 2 days". */
  left: string;
  overdue: boolean;
};

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, kind: 'day' | 'hour'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let found = formats.get(key);
  if (!found) {
    const timeZone = OFFICE_TIME_ZONE;
    found =
      kind === 'day'
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })
        : new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    formats.set(key, found);
  }
  return found;
}

/**
 * "Dec 7, 2026, around 11:00": a time kept to the hour (a report's received hour, so that its
 * exact minute cannot help trace the reporter), said so that it does not look exact.
 */
export function aroundHour(at: string | number, locale: Locale, t: Translate): string {
  const date = new Date(at);
  return t('office.times.around', { day: format(locale, 'day').format(date), hour: format(locale, 'hour').format(date) });
}

/** When the report came: its received hour, "Dec 7, 2026, around 11:00". */
export const receivedWords = (receivedHour: string, locale: Locale, t: Translate): string => aroundHour(receivedHour, locale, t);

/**
 * The one rounding rule: whole units, rounded down. Under an hour, "less than an hour"; under two
 * days, hours; beyond, days. So 23 h 59 min left is "23 hours left", and 47 h past is "by 47 hours".
 */
export function durationUnit(ms: number): { unit: 'underHour' | 'hours' | 'days'; count: number } {
  const hours = Math.floor(Math.max(0, ms) / HOUR_MS);
  if (hours < 1) return { unit: 'underHour', count: 0 };
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}

/** The time left before `due`, or past it: "23 hours left", "Overdue by 2 days". */
export function leftWords(due: string, now: number, t: Translate): string {
  const ms = Date.parse(due) - now;
  const overdue = ms < 0;
  const { unit, count } = durationUnit(Math.abs(ms));
  return t(`office.times.${overdue ? 'overdue' : 'left'}.${unit}`, { count });
}

/** A deadline in words: what is due, by when, and how long is left or past. */
export function deadlineWords(deadline: DeadlineLike, now: number, locale: Locale, t: Translate): DeadlineWords {
  return {
    kind: t(`office.times.deadline.${deadline.kind}`),
    due: aroundHour(deadline.due, locale, t),
    left: leftWords(deadline.due, now, t),
    overdue: deadline.overdue,
  };
}

/**
 * A report's short reference: the last 8 hex digits of its id. Reports filed together share the
 * first 8 (prepare-report.ts), and many come in the same hour; the last 8 are random.
 */
export const shortReference = (id: string): string => id.replace(/-/g, '').slice(-8);
