// The locales Haven speaks. A locale is content only: add its code here and its files under content/.
import Negotiator from 'negotiator';

export const LOCALES = ['en', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language's name in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The best locale for an Accept-Language header (English when nothing matches). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? '' } }).languages([...LOCALES]);
  const best = preferred[0];
  return isLocale(best) ? best : DEFAULT_LOCALE;
}

/** Text given in every locale, as content files and the database hold it. */
export type LocaleText = Record<Locale, string> & Partial<Record<string, string>>;
