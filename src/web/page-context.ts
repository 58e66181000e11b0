// What every view needs to know about the request it renders for, and nothing else: the
// locale, its translator, the addresses of the page in other locales, and site settings; and
// the factory that makes those contexts. Which links a footer holds is the caller's to say: the
// web kernel knows no content.
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type Catalogue, type Translate, translator } from '../i18n/messages.ts';
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
  footer: FooterLink[];
  /** Search engines are told not to index forms, receipts and status pages. */
  noindex?: boolean;
};

export type FooterLink = { href: string; label: string };

/** A translator per locale and page contexts for any path: what a route needs to answer. */
export type PageContexts = {
  t(locale: Locale): Translate;
  context(locale: Locale, path: string, options?: { noindex?: boolean }): PageContext;
};

export function createPageContexts(options: {
  catalogue: Catalogue;
  assets: Assets;
  leaveUrl: string;
  publicUrl: string;
  /** The footer's links in a locale; asked once per locale, at start-up. */
  footer(locale: Locale, t: Translate): FooterLink[];
}): PageContexts {
  const translators = Object.fromEntries(LOCALES.map((l) => [l, translator(options.catalogue, l)])) as Record<Locale, Translate>;
  const footers = Object.fromEntries(LOCALES.map((l) => [l, options.footer(l, translators[l])])) as Record<Locale, FooterLink[]>;
  return {
    t: (locale) => translators[locale],
    context: (locale, path, extra) => ({
      locale,
      t: translators[locale],
      path,
      leaveUrl: options.leaveUrl,
      origin: options.publicUrl,
      assets: options.assets,
      footer: footers[locale],
      noindex: extra?.noindex ?? false,
    }),
  };
}

export function localePath(locale: Locale, path: string): string {
  return `/${locale}${path === '/' ? '/' : path}`;
}
