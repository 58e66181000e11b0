// The editors' monitoring pages: the countries followed (with what visitors see and what waits to
// be checked) and the form to follow another; a country's page with every indicator's latest
// version, its flag, and all its versions; the dated facts with theirs. Pure functions of data.
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Select } from '../web/form.view.tsx';
import { type Assessment, type Fact, INDICATORS, type IndicatorId } from './monitoring.model.ts';
import { factText, formatDate, Paragraphs, SourceList, SourceText } from './monitoring-parts.view.tsx';

export const MONITORING_NOTICES = ['added', 'assessed', 'recorded', 'corrected'] as const;
export type MonitoringNotice = (typeof MONITORING_NOTICES)[number];

export type CountryLine = { code: string; name: string; href: string; shown: number; toCheck: number };

function Notice({ ctx, notice }: { ctx: OfficeContext; notice: MonitoringNotice | undefined }) {
  if (!notice) return null;
  return (
    <p class="notice" role="status">
      {ctx.t(`office.monitoring.notice.${notice}`)}
    </p>
  );
}

export function MonitoringOfficePage(props: {
  ctx: OfficeContext;
  csrf: string;
  countries: CountryLine[];
  options: { code: string; name: string }[];
  country: string;
  errors: FieldMessage[];
  notice?: MonitoringNotice | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.monitoring.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={(f) => f} />
      <h1>{t('office.monitoring.title')}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      <p>{t('office.monitoring.intro')}</p>
      <ul>
        {props.countries.map((c) => (
          <li key={c.code}>
            <a href={c.href}>{c.name}</a> – {t('office.monitoring.counts', { shown: c.shown, total: INDICATORS.length, toCheck: c.toCheck })}
          </li>
        ))}
      </ul>
      <h2 id="add">{t('office.monitoring.add.title')}</h2>
      <OfficeForm action="/office/monitoring/countries" csrf={props.csrf}>
        <Select
          name="country"
          label={t('office.monitoring.add.label')}
          placeholder={t('office.monitoring.add.placeholder')}
          value={props.country}
          error={props.errors.find((e) => e.field === 'country')?.text}
          options={props.options.map((o) => ({ value: o.code, label: o.name }))}
        />
        <p class="form-actions">
          <button type="submit">{t('office.monitoring.add.submit')}</button>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}

export type CountryOffice = {
  code: string;
  name: string;
  slug: string;
  publicHref: string;
  indicators: { id: IndicatorId; versions: Assessment[] }[];
  facts: Fact[][];
};

function Flag({ ctx, verification }: { ctx: OfficeContext; verification: string }) {
  const text = ctx.t(`office.monitoring.check.${verification}`);
  return verification === 'verified' ? <span>{text}</span> : <strong>{text}</strong>;
}

function Recorded({ ctx, at, by }: { ctx: OfficeContext; at: string; by: string }) {
  const who = by.startsWith('account:') ? ctx.t('office.monitoring.byEditor') : ctx.t('office.monitoring.byImport');
  return <span>{ctx.t('office.monitoring.recorded', { date: formatDate(at.slice(0, 10), ctx.locale), who })}</span>;
}

function Version({ ctx, assessment }: { ctx: OfficeContext; assessment: Assessment }) {
  const { t, locale } = ctx;
  return (
    <>
      <p>
        {t('office.monitoring.version', { version: assessment.version })}: <strong>{t(`monitoring.state.${assessment.state}`)}</strong> ·{' '}
        <Flag ctx={ctx} verification={assessment.verification} />
        {assessment.assessedOn ? ` · ${t('monitoring.assessedOn', { date: formatDate(assessment.assessedOn, locale) })}` : null} ·{' '}
        <Recorded ctx={ctx} at={assessment.recordedAt} by={assessment.recordedBy} />
      </p>
      <Paragraphs text={assessment.evidence[locale]} />
      <SourceList sources={assessment.sources} t={t} locale={locale} />
      {assessment.note ? <p class="note">{t('office.monitoring.noteLabel', { note: assessment.note })}</p> : null}
    </>
  );
}

function FactVersion({ ctx, fact }: { ctx: OfficeContext; fact: Fact }) {
  const { t, locale } = ctx;
  return (
    <>
      {factText(fact, t, locale)}. {t('monitoring.source.label')} <SourceText source={fact.source} t={t} locale={locale} />.{' '}
      <Flag ctx={ctx} verification={fact.verification} /> · {t('office.monitoring.version', { version: fact.version })} ·{' '}
      <Recorded ctx={ctx} at={fact.recordedAt} by={fact.recordedBy} />
      {fact.note ? <p class="note">{t('office.monitoring.noteLabel', { note: fact.note })}</p> : null}
    </>
  );
}

export function CountryOfficePage({ ctx, country, notice }: { ctx: OfficeContext; country: CountryOffice; notice?: MonitoringNotice | undefined }) {
  const { t } = ctx;
  const base = `/office/monitoring/${country.slug}`;
  return (
    <OfficeLayout ctx={ctx} title={country.name}>
      <p>
        <a href="/office/monitoring">{t('office.monitoring.title')}</a>
      </p>
      <h1>{country.name}</h1>
      <Notice ctx={ctx} notice={notice} />
      <p>
        {t('office.monitoring.country.intro')} <a href={country.publicHref}>{t('office.monitoring.country.public')}</a>
      </p>
      <h2 id="indicators">{t('monitoring.country.indicators')}</h2>
      {country.indicators.map(({ id, versions }) => {
        const [latest, ...earlier] = versions;
        return (
          <section aria-labelledby={`i-${id}`} key={id}>
            <h3 id={`i-${id}`}>{t(`monitoring.indicator.${id}`)}</h3>
            {latest ? <Version ctx={ctx} assessment={latest} /> : <p>{t('office.monitoring.none')}</p>}
            <p>
              <a href={`${base}/indicators/${id}`}>{t('office.monitoring.record', { indicator: t(`monitoring.indicator.${id}`) })}</a>
            </p>
            {earlier.length ? (
              <details>
                <summary>{t('office.monitoring.history', { count: earlier.length })}</summary>
                <ol class="history">
                  {earlier.map((a) => (
                    <li key={a.version}>
                      <Version ctx={ctx} assessment={a} />
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
          </section>
        );
      })}
      <h2 id="facts">{t('monitoring.country.facts')}</h2>
      <ul>
        {country.facts.map(([latest, ...earlier]) =>
          latest ? (
            <li key={latest.id}>
              <FactVersion ctx={ctx} fact={latest} /> <a href={`${base}/facts/${latest.id}`}>{t('office.monitoring.correct')}</a>
              {earlier.length ? (
                <details>
                  <summary>{t('office.monitoring.history', { count: earlier.length })}</summary>
                  <ol class="history">
                    {earlier.map((f) => (
                      <li key={f.version}>
                        <FactVersion ctx={ctx} fact={f} />
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </li>
          ) : null,
        )}
      </ul>
      <p>
        <a href={`${base}/facts/new`}>{t('office.monitoring.addFact')}</a>
      </p>
    </OfficeLayout>
  );
}
