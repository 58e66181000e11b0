// The public site: the content cache, and page contexts whose footer links to the information
// pages, help, triage and tracking. The public routes (portal, intake, tracking) render with it.
import type { PortalContent } from '../content/content.cache.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Catalogue, Translate } from '../i18n/messages.ts';
import type { Assets } from '../web/assets.ts';
import { createPageContexts, type FooterLink, localePath, type PageContexts } from '../web/page-context.ts';

export type Site = PageContexts & { content: PortalContent };

export function createSite(options: { content: PortalContent; catalogue: Catalogue; assets: Assets; leaveUrl: string; publicUrl: string }): Site {
  const { content, ...settings } = options;
  return { content, ...createPageContexts({ ...settings, footer: (locale, t) => footerLinks(content, locale, t) }) };
}

function footerLinks(content: PortalContent, locale: Locale, t: Translate): FooterLink[] {
  const links: FooterLink[] = [];
  if (content.page('help') || content.helpServices.length) links.push({ href: localePath(locale, '/help'), label: t('home.help') });
  if (content.triage) links.push({ href: localePath(locale, '/triage'), label: t('home.unsure') });
  links.push({ href: localePath(locale, '/report/status'), label: t('home.track') });
  for (const page of content.pages) {
    if (page.section === 'exploitation' || page.slug === 'home' || page.slug === 'help') continue;
    links.push({ href: localePath(locale, `/${page.slug}`), label: page.translations[locale].title });
  }
  return links;
}
