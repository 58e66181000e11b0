// What every view needs to know about the request it renders for, and nothing else: the
// locale, its translator, the addresses of the page in other locales, and site settings.
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { Assets } from './assets.ts';

export type PageContext = {
  locale: Locale;
  t: Translate;
  /** The path of this page without its locale prefix, e.g. "/report/online". */
  path: string;
  leaveUrl: string;
  /** The public origin (PUBLIC_URL): search engines want absolute hreflang addresses. */
  origin: string;
  assets: Assets;
  /** Links in the footer: the information pages, help and tracking. */
  footer: { href: string; label: string }[];
  /** Search engines are told not to index forms, receipts and status pages. */
  noindex?: boolean;
};

export function localePath(locale: Locale, path: string): string {
  return `/${locale}${path === '/' ? '/' : path}`;
}
