// News and publications, as a section of the site (office/section.ts): the seeds of
// content/publications.yaml imported, the published items kept in memory through the content
// watch (and each publication's PDF from its first download until the content changes), the public
// pages in the footer and the sitemap, the editors' pages in the office; and the publications about
// a country, for the country monitoring page.
import type { AuditKeys } from '../audit/audit.ts';
import type { ContentWatch } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Section } from '../office/section.ts';
import type { Site } from '../portal/site.ts';
import { localePath } from '../web/page-context.ts';
import { loadNewsroom, publicationsAbout, publishedDocuments } from './newsroom.public.ts';
import { newsroomRoutes, newsroomSitemap } from './newsroom.routes.tsx';
import { importPublicationSeeds, readPublicationSeeds } from './newsroom.seed.ts';
import { newsroomOfficeRoutes } from './newsroom-office.routes.tsx';
import { createNewsroomOffice } from './newsroom-office.service.ts';

export type Newsroom = Section & {
  /** The published publications about a country ('lu'), newest first: a link, a title and a year each. */
  publicationsAbout(country: string, locale: Locale): { href: string; title: string; year: number }[];
};

export async function createNewsroom(deps: {
  store: Store;
  keys: AuditKeys;
  watch: ContentWatch;
  site: Site;
  /** Where content/publications.yaml is looked for. */
  contentDir: string;
  now?: () => number;
}): Promise<Newsroom> {
  const { store, keys, watch, site } = deps;
  await importPublicationSeeds(store, keys, readPublicationSeeds(deps.contentDir));
  const published = await watch.keep(loadNewsroom);
  const documents = publishedDocuments(store, watch.version);
  const office = createNewsroomOffice({ store, keys, watch, ...(deps.now ? { now: deps.now } : {}) });

  site.addFooterLinks((locale, t) => [
    { href: localePath(locale, '/news'), label: t('newsroom.news.title') },
    { href: localePath(locale, '/publications'), label: t('newsroom.publications.title') },
  ]);
  site.addSitemapPaths(() => newsroomSitemap(published()));

  return {
    async publicRoutes(scope, { site, limit }) {
      await newsroomRoutes(scope, { site, limit, published, readDocument: documents });
    },
    async officeRoutes(scope, web) {
      await newsroomOfficeRoutes(scope, { web, office });
    },
    publicationsAbout: (country, locale) => publicationsAbout(published(), country, locale),
  };
}
