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
  /** The few links of the menu under the site's name, on every page (a phone has no footer in sight). */
  menu: FooterLink[];
  /** The topic pages, under their own heading in the footer (#topics); the menu's last link leads there. */
  topics: FooterLink[];
  /** Search engines are told not to index forms, receipts and status pages. */
  noindex?: boolean;
  /** Who runs the site, in this locale: named in every page's footer. */
  operator?: SiteOperator | undefined;
};

/** The operator as a page shows it: plain words in one locale, and its logo's checked markup. */
export type SiteOperator = {
  name: string;
  shortName: string;
  /** SVG markup, already checked (content/svg-logo.ts): inlined as it is. */
  logoSvg?: string | undefined;
  address: string[];
  phone?: string | undefined;
  email?: string | undefined;
  /** What is said about the operator and has been checked (unchecked statements never get here). */
  statements: string[];
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
  /** Who runs the site, in a locale; asked once per locale, at start-up. */
  operator?(locale: Locale): SiteOperator | undefined;
  /** The menu's and the topics' links in a locale, asked the same way. */
  navigation?(locale: Locale, t: Translate): { menu: FooterLink[]; topics: FooterLink[] };
}): PageContexts {
  const translators = Object.fromEntries(LOCALES.map((l) => [l, translator(options.catalogue, l)])) as Record<Locale, Translate>;
  const footers = Object.fromEntries(LOCALES.map((l) => [l, options.footer(l, translators[l])])) as Record<Locale, FooterLink[]>;
  const operators = Object.fromEntries(LOCALES.map((l) => [l, options.operator?.(l)])) as Record<Locale, SiteOperator | undefined>;
  const navigations = Object.fromEntries(LOCALES.map((l) => [l, options.navigation?.(l, translators[l]) ?? { menu: [], topics: [] }])) as Record<
    Locale,
    { menu: FooterLink[]; topics: FooterLink[] }
  >;
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
      menu: navigations[locale].menu,
      topics: navigations[locale].topics,
      noindex: extra?.noindex ?? false,
      operator: operators[locale],
    }),
  };
}

export function localePath(locale: Locale, path: string): string {
  return `/${locale}${path === '/' ? '/' : path}`;
}
