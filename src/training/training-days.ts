// Days as the training page counts them: a session is a calendar day in Luxembourg, upcoming until
// that day is over there. Stored as YYYY-MM-DD; shown in the reader's language.
import type { Locale } from '../i18n/locales.ts';

export const TRAINING_ZONE = 'Europe/Luxembourg';

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TRAINING_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day (YYYY-MM-DD) it is in Luxembourg at `at` (epoch ms). */
export function dayAt(at: number): string {
  return isoDay.format(new Date(at));
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (no 31 April), between 2000 and 2099. */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const shown = new Map<string, Intl.DateTimeFormat>();

/** "Thursday 14 January 2027", in the reader's language (the day as written, whatever the zone). */
export function showDay(day: string, locale: Locale): string {
  let format = shown.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
    shown.set(locale, format);
  }
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return format.format(new Date(Date.UTC(year, month - 1, date)));
}
