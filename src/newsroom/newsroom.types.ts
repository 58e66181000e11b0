// What a news item and a publication are, and the rules an editor's draft must meet to be saved
// and to be published. Pure: no database, no HTTP. The routes turn each problem into a translated
// message beside its field.
import { LOCALES, type Locale } from '../i18n/locales.ts';

export const KINDS = ['news', 'publication'] as const;
export type Kind = (typeof KINDS)[number];

export type ItemText = { title: string; summary: string; body: string };

/** An item as an editor writes it (and as the store keeps it). */
export type Draft = {
  id: string;
  /** 'YYYY-MM-DD'; a publication may give 'YYYY' only. */
  date: string;
  /** A publication's country, ISO 3166-1 alpha-2 in lower case ('lu'). */
  country: string;
  texts: Record<Locale, ItemText>;
  /** Locales the editor explicitly let show the English text while they have none of their own. */
  fallback: Locale[];
};

export type Status = 'draft' | 'published';

export const LIMITS = { id: 80, title: 200, summary: 600, body: 50_000 } as const;
/** A publication's PDF: at most this many bytes. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Items on one page of a public list. */
export const PAGE_SIZE = 10;

export type Problem =
  | { field: 'id'; code: 'missing' | 'format' | 'taken' }
  | { field: 'date'; code: 'missing' | 'format' }
  | { field: 'country'; code: 'format' }
  | { field: `${'title' | 'summary' | 'body'}-${Locale}`; code: 'missing' | 'long' }
  | { field: `locale-${Locale}`; code: 'incomplete' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** 'new' is the address of the office's page that creates an item. */
export const isSlug = (id: string) => id.length <= LIMITS.id && SLUG.test(id) && id !== 'new';

/** A real calendar day 'YYYY-MM-DD', or (when `yearOnly` is allowed) a year 'YYYY'. */
export function isItemDate(date: string, yearOnly: boolean): boolean {
  if (yearOnly && /^\d{4}$/.test(date)) return Number(date) >= 1900 && Number(date) <= 2999;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date) && Number(match[1]) >= 1900;
}

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

// Codes CLDR names that are not countries: user-assigned ones (Kosovo's XK aside) and groupings.
const NOT_COUNTRIES = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

/** An ISO 3166-1 alpha-2 code of a country the platform can name ('lu'), in lower case. */
export function isCountryCode(code: string): boolean {
  const upper = code.toUpperCase();
  return /^[a-z]{2}$/.test(code) && !NOT_COUNTRIES.test(upper) && regions.of(upper) !== undefined;
}

export const yearOf = (date: string) => Number(date.slice(0, 4));

// Outside XML 1.0's characters (the Atom feed would not parse): C0 controls but tab and line
// breaks, lone surrogates, U+FFFE and U+FFFF. Word pastes a vertical tab for a line break and a
// form feed for a page break: those become a space.
const BREAKS = /[\v\f]/g;
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML 1.0 forbids. */
export const xmlText = (text: string) => text.replace(BREAKS, ' ').replace(NOT_XML, '');

/** A locale has words of its own when it has a title (and, for news, a text). */
export function hasOwnText(kind: Kind, text: ItemText | undefined): boolean {
  return Boolean(text?.title.trim()) && (kind === 'publication' || Boolean(text?.body.trim()));
}

/** What keeps the draft from being saved: a wrong id, date or country, a field too long. */
export function saveProblems(kind: Kind, draft: Draft): Problem[] {
  const problems: Problem[] = [];
  if (!draft.id) problems.push({ field: 'id', code: 'missing' });
  else if (!isSlug(draft.id)) problems.push({ field: 'id', code: 'format' });
  if (!draft.date) problems.push({ field: 'date', code: 'missing' });
  else if (!isItemDate(draft.date, kind === 'publication')) problems.push({ field: 'date', code: 'format' });
  if (kind === 'publication' && draft.country && !isCountryCode(draft.country)) problems.push({ field: 'country', code: 'format' });
  for (const locale of LOCALES) {
    const text = draft.texts[locale];
    for (const part of ['title', 'summary', 'body'] as const) {
      if (text[part].length > LIMITS[part]) problems.push({ field: `${part}-${locale}`, code: 'long' });
    }
  }
  // Something to call it by in the office's list.
  if (!draft.texts.en.title.trim() && !problems.some((p) => p.field === 'title-en')) problems.push({ field: 'title-en', code: 'missing' });
  return problems;
}

/**
 * What keeps a saved draft from going public: English must have its words; every other locale
 * has its own or was explicitly let fall back to English.
 */
export function publishProblems(kind: Kind, draft: Draft): Problem[] {
  const problems: Problem[] = [];
  if (!hasOwnText(kind, draft.texts.en)) {
    if (!draft.texts.en.title.trim()) problems.push({ field: 'title-en', code: 'missing' });
    if (kind === 'news' && !draft.texts.en.body.trim()) problems.push({ field: 'body-en', code: 'missing' });
  }
  for (const locale of LOCALES) {
    if (locale === 'en' || hasOwnText(kind, draft.texts[locale]) || draft.fallback.includes(locale)) continue;
    problems.push({ field: `locale-${locale}`, code: 'incomplete' });
  }
  return problems;
}

export const emptyText = (): ItemText => ({ title: '', summary: '', body: '' });
export const emptyDraft = (): Draft => ({
  id: '',
  date: '',
  country: '',
  texts: { en: emptyText(), fr: emptyText(), de: emptyText() },
  fallback: [],
});

/** The fallback column's value: the locales, space-separated. */
export const fallbackColumn = (locales: Locale[]) => LOCALES.filter((l) => l !== 'en' && locales.includes(l)).join(' ');
export const fallbackOf = (column: string): Locale[] => LOCALES.filter((l) => l !== 'en' && column.split(' ').includes(l));
