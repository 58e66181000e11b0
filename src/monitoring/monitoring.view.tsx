// The public monitoring pages: the countries followed with a table comparing them indicator by
// indicator (on a phone each row becomes a block, its cells named by country: "stacked"), and a
// country's page: each indicator's checked assessment with its evidence, sources and dates, the
// earlier ones in a details element (no script needed), the dated facts and related publications.
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { type Assessment, INDICATORS } from './monitoring.model.ts';
import type { CountrySummary, CountryView, IndicatorView } from './monitoring.presenter.ts';
import { factText, formatDate, Paragraphs, SourceList, SourceText } from './monitoring-parts.view.tsx';

export function MonitoringPage({ ctx, countries }: { ctx: PageContext; countries: CountrySummary[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('monitoring.title')} description={t('monitoring.intro')}>
      <h1>{t('monitoring.title')}</h1>
      <p>{t('monitoring.intro')}</p>
      <p>{t('monitoring.checkedOnly')}</p>
      <h2 id="countries">{t('monitoring.countries')}</h2>
      {countries.length ? (
        <ul>
          {countries.map((c) => (
            <li key={c.code}>
              <a href={c.href}>{c.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('monitoring.noCountries')}</p>
      )}
      {countries.length ? (
        <>
          <h2 id="compare">{t('monitoring.compare.title')}</h2>
          {/* Named by its heading: a caption in a table that becomes blocks on a phone would squeeze into
              one column. No scrolling region: on a phone the rows become blocks, and wider, long words wrap. */}
          <table class="stacked" aria-labelledby="compare">
            <thead>
              <tr>
                <th scope="col">{t('monitoring.compare.indicator')}</th>
                {countries.map((c) => (
                  <th scope="col" key={c.code}>
                    <a href={c.href}>{c.name}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {INDICATORS.map((indicator) => (
                <tr key={indicator}>
                  <th scope="row">{t(`monitoring.indicator.${indicator}`)}</th>
                  {countries.map((c) => (
                    <td data-label={c.name} key={c.code}>
                      {t(`monitoring.state.${c.states[indicator]}`)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p>{t('monitoring.notYet')}</p>
    </Layout>
  );
}

function AssessmentBody({ ctx, assessment }: { ctx: PageContext; assessment: Assessment }) {
  const { t, locale } = ctx;
  return (
    <>
      <p>
        <strong>{t(`monitoring.state.${assessment.state}`)}</strong>
        {assessment.assessedOn ? ` (${t('monitoring.assessedOn', { date: formatDate(assessment.assessedOn, locale) })})` : null}
      </p>
      <Paragraphs text={assessment.evidence[locale]} />
      <SourceList sources={assessment.sources} t={t} locale={locale} />
    </>
  );
}

function Indicator({ ctx, indicator }: { ctx: PageContext; indicator: IndicatorView }) {
  const { t } = ctx;
  return (
    <section aria-labelledby={`i-${indicator.id}`}>
      <h3 id={`i-${indicator.id}`}>{t(`monitoring.indicator.${indicator.id}`)}</h3>
      {indicator.current ? (
        <AssessmentBody ctx={ctx} assessment={indicator.current} />
      ) : (
        <p>
          <strong>{t('monitoring.state.not-assessed')}</strong>
        </p>
      )}
      {indicator.earlier.length ? (
        <details>
          <summary>{t('monitoring.earlier', { count: indicator.earlier.length })}</summary>
          <ol>
            {indicator.earlier.map((a) => (
              <li key={a.version}>
                <AssessmentBody ctx={ctx} assessment={a} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

export function CountryPage({ ctx, country }: { ctx: PageContext; country: CountryView }) {
  const { t, locale } = ctx;
  const title = t('monitoring.country.title', { country: country.name });
  return (
    <Layout ctx={ctx} title={title} description={t('monitoring.country.intro', { country: country.name })}>
      <h1>{title}</h1>
      <p>{t('monitoring.country.intro', { country: country.name })}</p>
      <p>{t('monitoring.checkedOnly')}</p>
      <h2 id="indicators">{t('monitoring.country.indicators')}</h2>
      {country.indicators.map((indicator) => (
        <Indicator ctx={ctx} indicator={indicator} key={indicator.id} />
      ))}
      <h2 id="facts">{t('monitoring.country.facts')}</h2>
      {country.facts.length ? (
        <ul>
          {country.facts.map((fact) => (
            <li key={fact.id}>
              {factText(fact, t, locale)}. {t('monitoring.source.label')} <SourceText source={fact.source} t={t} locale={locale} />.
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('monitoring.country.noFacts')}</p>
      )}
      {country.publications.length ? (
        <>
          <h2 id="publications">{t('monitoring.country.publications')}</h2>
          <ul>
            {country.publications.map((p) => (
              <li key={p.href}>
                <a href={p.href}>{p.title}</a> ({p.year})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={`${localePath(locale, '/monitoring')}#compare`}>{t('monitoring.country.back')}</a>
      </p>
    </Layout>
  );
}
