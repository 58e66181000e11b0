// Country monitoring as a part of the site (office/section.ts): the seed files read and imported,
// what visitors see kept in memory through the content watch, the footer link and the sitemap's
// addresses, the public pages and the editors' pages.
import type { AuditKeys } from '../audit/audit.ts';
import type { ContentWatch } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import type { Section } from '../office/section.ts';
import type { Site } from '../portal/site.ts';
import { localePath } from '../web/page-context.ts';
import { loadMonitoring } from './monitoring.data.ts';
import { countrySlug } from './monitoring.model.ts';
import type { RelatedPublications } from './monitoring.presenter.ts';
import { monitoringRoutes } from './monitoring.routes.tsx';
import { importMonitoringSeeds, readMonitoringSeeds } from './monitoring.seed.ts';
import { monitoringOfficeRoutes } from './monitoring-office.routes.tsx';
import { createMonitoringOffice } from './monitoring-office.service.ts';

export type MonitoringDeps = {
  store: Store;
  keys: AuditKeys;
  watch: ContentWatch;
  site: Site;
  /** Where content/ is: its monitoring/ folder seeds a new installation. */
  contentDir: string;
  /** The publications about a country ('lu'), for its page; nothing is shown without it. */
  relatedPublications?: RelatedPublications | undefined;
  now?: () => number;
};

export async function createMonitoring(deps: MonitoringDeps): Promise<Section> {
  const { store, keys, watch, site } = deps;
  // A broken seed file stops start-up here, naming the file and the field, before anything is written.
  const seeds = readMonitoringSeeds(deps.contentDir);
  await importMonitoringSeeds(store, keys, seeds);
  const data = await watch.keep(loadMonitoring);
  site.addFooterLinks((locale, t) => [{ href: localePath(locale, '/monitoring'), label: t('monitoring.nav') }]);
  site.addSitemapPaths(() => ['/monitoring', ...data().countries.map((c) => `/monitoring/${countrySlug(c.code)}`)]);
  const office = createMonitoringOffice({ store, keys, watch, ...(deps.now ? { now: deps.now } : {}) });
  return {
    publicRoutes: (scope, tools) => monitoringRoutes(scope, { site: tools.site, data, related: deps.relatedPublications }),
    officeRoutes: (scope, web) => monitoringOfficeRoutes(scope, { web, office }),
  };
}
