// Times as the back office shows them, in the office's time zone and the reader's language, and
// only as precise as the page needs: the activity log to the minute, a session to the hour, a
// set of recovery sheets to the day. Presenters call these; views never read the clock.
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';

// The recipients the first deployment serves are in Luxembourg; a session's "today" is theirs.
export const OFFICE_TIME_ZONE = 'Europe/Luxembourg';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, kind: 'minute' | 'day' | 'hour' | 'iso-day'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let found = formats.get(key);
  if (!found) {
    const timeZone = OFFICE_TIME_ZONE;
    found =
      kind === 'minute'
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone })
        : kind === 'day'
          ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })
          : kind === 'hour'
            ? new Intl.DateTimeFormat('en', { hour: 'numeric', hourCycle: 'h23', timeZone })
            : new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    formats.set(key, found);
  }
  return found;
}

const asDate = (at: string | number | Date) => (at instanceof Date ? at : new Date(at));

/** "7 déc. 2026, 14:05": an activity log entry. */
export function toMinute(at: string | number | Date, locale: Locale): string {
  return format(locale, 'minute').format(asDate(at));
}

/** "7 December 2026": when recovery sheets were issued. */
export function toDay(at: string | number | Date, locale: Locale): string {
  return format(locale, 'day').format(asDate(at));
}

/** "today, around 14:00" or "5 December 2026, around 09:00": when a session started or was last seen. */
export function toHour(at: string | number | Date, now: number, locale: Locale, t: Translate): string {
  const date = asDate(at);
  const hour = format(locale, 'hour').format(date);
  const sameDay = format(locale, 'iso-day').format(date) === format(locale, 'iso-day').format(new Date(now));
  return sameDay ? t('office.time.todayAround', { hour }) : t('office.time.dayAround', { day: toDay(date, locale), hour });
}
