// What the public routes share: the content cache and a way to make a page context.
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type Catalogue, type Translate, translator } from '../i18n/messages.ts';
import type { PortalContent } from '../content/content.cache.ts';
import type { Assets } from './assets.ts';
import { localePath, type PageContext } from './page-context.ts';

export type Site = {
  content: PortalContent;
  t(locale: Locale): Translate;
  context(locale: Locale, path: string, options?: { noindex?: boolean }): PageContext;
};

export function createSite(options: { content: PortalContent; catalogue: Catalogue; assets: Assets; leaveUrl: string; publicUrl: string }): Site {
  const translators = Object.fromEntries(LOCALES.map((l) => [l, translator(options.catalogue, l)])) as Record<Locale, Translate>;
  const footers = Object.fromEntries(LOCALES.map((l) => [l, footerLinks(options.content, l, translators[l])])) as Record<Locale, PageContext['footer']>;
  return {
    content: options.content,
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

function footerLinks(content: PortalContent, locale: Locale, t: Translate): PageContext['footer'] {
  const links: PageContext['footer'] = [];
  if (content.page('help') || content.helpServices.length) links.push({ href: localePath(locale, '/help'), label: t('home.help') });
  if (content.triage) links.push({ href: localePath(locale, '/triage'), label: t('home.unsure') });
  links.push({ href: localePath(locale, '/report/status'), label: t('home.track') });
  for (const page of content.pages) {
    if (page.section === 'exploitation' || page.slug === 'home' || page.slug === 'help') continue;
    links.push({ href: localePath(locale, `/${page.slug}`), label: page.translations[locale].title });
  }
  return links;
}
