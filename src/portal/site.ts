// The public site: the content cache, and page contexts whose footer links to the information
// pages, help, triage and tracking. The public routes (portal, intake, tracking) render with it.
import type { PortalContent } from '../content/content.cache.ts';
import type { Wording } from '../content/content.schema.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Catalogue, Translate } from '../i18n/messages.ts';
import type { Assets } from '../web/assets.ts';
import { createPageContexts, type FooterLink, localePath, type PageContexts, type SiteOperator } from '../web/page-context.ts';

export type Site = PageContexts & {
  /** The published content this instance keeps (reloaded after every publish). */
  readonly content: PortalContent;
  /** Changes when the content does: memos of rendered pages key on it. */
  version(): string;
  /** Links another part of the site adds to every page's footer (news, publications, training…). */
  addFooterLinks(links: (locale: Locale, t: Translate) => FooterLink[]): void;
  /** Paths (without locale) another part of the site adds to the sitemap, asked when it is built. */
  addSitemapPaths(paths: () => string[]): void;
  sitemapPaths(): string[];
};

export function createSite(options: {
  content: () => PortalContent;
  version?: () => string;
  catalogue: Catalogue;
  assets: Assets;
  leaveUrl: string;
  publicUrl: string;
}): Site {
  const { content, version = () => '', ...settings } = options;
  const extraFooters: ((locale: Locale, t: Translate) => FooterLink[])[] = [];
  const extraPaths: (() => string[])[] = [];
  const build = () =>
    createPageContexts({
      ...settings,
      footer: (locale, t) => [...footerLinks(content(), locale, t), ...extraFooters.flatMap((links) => links(locale, t))],
      navigation: (locale, t) => ({ menu: menuLinks(content(), locale, t), topics: topicLinks(content(), locale) }),
      operator: (locale) => operatorView(content(), locale),
    });
  let contexts = build();
  let built = version();
  // Footer, menu and operator are worked out once per version of the content, not per request.
  const current = () => {
    if (built !== version()) {
      built = version();
      contexts = build();
    }
    return contexts;
  };
  return {
    get content() {
      return content();
    },
    version,
    t: (locale) => current().t(locale),
    context: (locale, path, extra) => current().context(locale, path, extra),
    addFooterLinks(links) {
      extraFooters.push(links);
      contexts = build();
    },
    addSitemapPaths(paths) {
      extraPaths.push(paths);
    },
    sitemapPaths: () => extraPaths.flatMap((paths) => paths()),
  };
}

/**
 * The menu under the site's name: help, the report channels (on the home page) and the topics
 * (at the foot of the page). Plain links, so it works without JavaScript and takes one short
 * line on a phone; the footer, which every page has, is the full list.
 */
function menuLinks(content: PortalContent, locale: Locale, t: Translate): FooterLink[] {
  const links: FooterLink[] = [];
  if (content.page('help') || content.helpServices.length) links.push({ href: localePath(locale, '/help'), label: t('layout.menuHelp') });
  if (content.channels.length) links.push({ href: `${localePath(locale, '/')}#report`, label: t('layout.menuReport') });
  if (topicLinks(content, locale).length) links.push({ href: '#topics', label: t('layout.menuTopics') });
  return links;
}

/** The pages on the forms of exploitation: until now only the home page listed them. */
function topicLinks(content: PortalContent, locale: Locale): FooterLink[] {
  return content.pages
    .filter((page) => page.section === 'exploitation')
    .map((page) => ({ href: localePath(locale, `/${page.slug}`), label: page.translations[locale].title }));
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

/** Who runs the site (content/operator.yaml), in a locale's words. */
function operatorView(content: PortalContent, locale: Locale): SiteOperator | undefined {
  const operator = content.operator;
  if (!operator) return undefined;
  const say = (w: Wording) => (typeof w === 'string' ? w : w[locale]);
  const name = say(operator.name);
  return {
    name,
    shortName: operator.shortName ? say(operator.shortName) : name,
    logoSvg: operator.logoSvg,
    address: operator.address ?? [],
    phone: operator.phone,
    email: operator.email,
    // Unchecked statements stay in the data for the editors; visitors read only checked ones.
    statements: (operator.statements ?? []).filter((s) => s.verification === 'verified').map((s) => s.text[locale]),
  };
}
