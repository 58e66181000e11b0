// The public monitoring pages, per locale: /{locale}/monitoring (the countries and the comparison)
// and /{locale}/monitoring/{country}. Public scope: no session, no cookie. Rendered from the data
// kept in memory, once per published version: no query per request.
import { LOCALES } from '../i18n/locales.ts';
import type { Site } from '../portal/site.ts';
import { createPageMemo } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { MonitoringData } from './monitoring.model.ts';
import { presentCountries, presentCountry, type RelatedPublications } from './monitoring.presenter.ts';
import { CountryPage, MonitoringPage } from './monitoring.view.tsx';

export type MonitoringRouteDeps = { site: Site; data: () => MonitoringData; related?: RelatedPublications | undefined };

export async function monitoringRoutes(app: Scope, { site, data, related }: MonitoringRouteDeps) {
  const memo = createPageMemo(site.version);
  for (const locale of LOCALES) {
    app.get(`/${locale}/monitoring`, (_request, reply) =>
      memo(reply, `${locale}/monitoring`, () => <MonitoringPage ctx={site.context(locale, '/monitoring')} countries={presentCountries(data(), locale)} />),
    );
    app.get<{ Params: { country: string } }>(`/${locale}/monitoring/:country`, (request, reply) => {
      const country = presentCountry(data(), request.params.country, locale, related);
      if (!country) return reply.callNotFound();
      const path = `/monitoring/${request.params.country}`;
      // Keyed by a followed country's code only: a guessed address adds nothing to the memo.
      return memo(reply, `${locale}${path}`, () => <CountryPage ctx={site.context(locale, path)} country={country} />);
    });
  }
}
