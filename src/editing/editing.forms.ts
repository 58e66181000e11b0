// The editors' forms as data: a page (its text in every locale), a help service (names, hours,
// public holidays) read from a posted form into the item a version holds. What the form cannot
// express stays as it was (`previous`): a form never drops a field it does not show.
import type { HelpService, Hours } from '../content/content.schema.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { PageData } from './subjects.ts';

export type Fields = Record<string, unknown>;

const text = (fields: Fields, name: string) => {
  const value = fields[name];
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
};
const list = (fields: Fields, name: string): string[] => {
  const value = fields[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
};
const checked = (fields: Fields, name: string) => list(fields, name).length > 0;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function pageFromForm(fields: Fields): PageData {
  const translations: PageData['translations'] = {};
  for (const locale of LOCALES) {
    const title = text(fields, `${locale}.title`).trim();
    const summary = text(fields, `${locale}.summary`).trim();
    const body = text(fields, `${locale}.body`);
    if (title || summary || body.trim()) translations[locale] = { title, summary, body };
  }
  const order = text(fields, 'order').trim();
  return {
    section: text(fields, 'section') as PageData['section'],
    // Not a whole number: left as typed for the schema to refuse, with the field named.
    order: /^[0-9]{1,5}$/.test(order) ? Number(order) : (order as unknown as number),
    translations,
    fallback: LOCALES.filter((l) => l !== 'en' && checked(fields, `fallback-${l}`)) as PageData['fallback'],
  };
}

/** A help service's form as typed: kept as strings, so that a refused form shows what was typed. */
export type ServiceForm = {
  name: Record<Locale, string>;
  purpose: Record<Locale, string>;
  phone: string;
  web: string;
  free: boolean;
  anonymous: boolean;
  verification: string;
  hours: { verification: string; always: boolean; note: string };
  weekly: { days: string[]; open: string; close: string }[];
  exceptions: { date: string; closed: boolean; open: string; close: string; note: string }[];
  note: string;
  sources: string;
};

export function serviceFormOf(service: HelpService | undefined): ServiceForm {
  const words = (w: HelpService['name'] | undefined) => Object.fromEntries(LOCALES.map((l) => [l, w?.[l] ?? ''])) as Record<Locale, string>;
  const hours = service?.hours;
  return {
    name: words(service?.name),
    purpose: words(service?.purpose),
    phone: service?.phone ?? '',
    web: service?.web ?? '',
    free: service?.free ?? false,
    anonymous: service?.anonymous ?? false,
    verification: service?.verification ?? 'unverified',
    hours: { verification: hours?.verification ?? 'unverified', always: hours?.always ?? false, note: hours?.note ?? '' },
    weekly: (hours?.weekly ?? []).map((w) => ({ days: [...w.days], open: w.open, close: w.close })),
    exceptions: (hours?.exceptions ?? []).map((e) => ({
      date: e.date,
      closed: e.closed ?? false,
      open: e.open ?? '',
      close: e.close ?? '',
      note: e.note ?? '',
    })),
    note: service?.note ?? '',
    sources: (service?.sources ?? []).join('\n'),
  };
}

export function serviceFormFrom(fields: Fields): ServiceForm {
  const words = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, text(fields, `${name}.${l}`).trim()])) as Record<Locale, string>;
  const rows = <T>(prefix: string, first: string, read: (i: number) => T) => {
    const out: T[] = [];
    for (let i = 0; fields[`${prefix}.${i}.${first}`] !== undefined && i < 100; i++) out.push(read(i));
    return out;
  };
  return {
    name: words('name'),
    purpose: words('purpose'),
    phone: text(fields, 'phone').trim(),
    web: text(fields, 'web').trim(),
    free: checked(fields, 'free'),
    anonymous: checked(fields, 'anonymous'),
    verification: text(fields, 'verification'),
    hours: { verification: text(fields, 'hours.verification'), always: checked(fields, 'hours.always'), note: text(fields, 'hours.note').trim() },
    weekly: rows('weekly', 'open', (i) => ({
      days: list(fields, `weekly.${i}.days`),
      open: text(fields, `weekly.${i}.open`).trim(),
      close: text(fields, `weekly.${i}.close`).trim(),
    })).filter((w) => w.days.length || w.open || w.close),
    exceptions: rows('exception', 'date', (i) => ({
      date: text(fields, `exception.${i}.date`).trim(),
      closed: checked(fields, `exception.${i}.closed`),
      open: text(fields, `exception.${i}.open`).trim(),
      close: text(fields, `exception.${i}.close`).trim(),
      note: text(fields, `exception.${i}.note`).trim(),
    })).filter((e) => e.date || e.open || e.close || e.note),
    note: text(fields, 'note').trim(),
    sources: text(fields, 'sources'),
  };
}

/** The help service a form describes; what the form does not show (audience, languages…) is kept from `previous`. */
export function serviceOf(form: ServiceForm, previous: HelpService | undefined, id: string): HelpService {
  const weekly = form.weekly.map((w) => ({ days: w.days as (typeof WEEKDAYS)[number][], open: w.open, close: w.close }));
  const exceptions = form.exceptions.map((e) => ({
    date: e.date,
    // A day with no hours given is a closed day.
    ...(e.closed || (!e.open && !e.close) ? { closed: true } : { open: e.open, close: e.close }),
    ...(e.note ? { note: e.note } : {}),
  }));
  const hasHours = form.hours.always || weekly.length > 0 || exceptions.length > 0;
  const hours: Hours | undefined = hasHours
    ? {
        verification: form.hours.verification as Hours['verification'],
        ...(form.hours.note ? { note: form.hours.note } : {}),
        ...(form.hours.always ? { always: true } : {}),
        ...(weekly.length ? { weekly } : {}),
        ...(exceptions.length ? { exceptions } : {}),
      }
    : undefined;
  const sources = form.sources
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const { hours: _h, phone: _p, web: _w, note: _n, sources: _s, free: _f, anonymous: _a, ...kept } = previous ?? ({} as Partial<HelpService>);
  return {
    ...kept,
    id,
    name: form.name,
    purpose: form.purpose,
    ...(form.phone ? { phone: form.phone } : {}),
    ...(form.free ? { free: true } : {}),
    ...(form.anonymous ? { anonymous: true } : {}),
    ...(form.web ? { web: form.web } : {}),
    ...(hours ? { hours } : {}),
    verification: form.verification as HelpService['verification'],
    ...(form.note ? { note: form.note } : {}),
    ...(sources.length ? { sources } : {}),
  };
}
