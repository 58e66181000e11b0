// The home page: emergency numbers first, then the three report buttons, then help.
import type { RenderedPage } from '../content/content.cache.ts';
import type { Channel, EmergencyNumber } from '../content/content.schema.ts';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { telHref } from './telephone.ts';

export function EmergencyNumbers({ ctx, numbers }: { ctx: PageContext; numbers: EmergencyNumber[] }) {
  const { t, locale } = ctx;
  return (
    <section class="emergency" aria-labelledby="emergency-title">
      <h2 id="emergency-title">{t('home.emergency')}</h2>
      <p>{t('home.emergencyText')}</p>
      <ul class="numbers">
        {numbers.map((n) => (
          <li key={n.id}>
            <a href={telHref(n.number)} aria-label={`${n.label[locale]}: ${t('call', { number: n.number })}`}>
              {n.number}
            </a>{' '}
            {n.label[locale]}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ReportButtons({ ctx, channels }: { ctx: PageContext; channels: Channel[] }) {
  const { locale } = ctx;
  return (
    <ul class="buttons">
      {channels.map((c) => (
        <li key={c.id}>
          <a
            class="button"
            href={c.kind === 'hosted' ? localePath(locale, `/report/${c.id}`) : c.externalUrl}
            rel={c.kind === 'external' ? 'noreferrer' : undefined}
          >
            {/* The space keeps title and summary apart in the link's accessible name. */}
            {c.title[locale]} <small>{c.summary[locale]}</small>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function HomePage(p: {
  ctx: PageContext;
  introHtml?: string | undefined;
  emergency: EmergencyNumber[];
  channels: Channel[];
  learn: RenderedPage[];
  links: { triage?: boolean; help?: boolean };
}) {
  const { ctx } = p;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.name')} description={t('site.tagline')}>
      <h1>{t('home.title')}</h1>
      <EmergencyNumbers ctx={ctx} numbers={p.emergency} />
      {p.introHtml ? <div class="lead" dangerouslySetInnerHTML={{ __html: p.introHtml }} /> : <p class="lead">{t('home.intro')}</p>}
      {/* The menu's "Report" link leads here, from every page. */}
      <h2 id="report">{t('home.report')}</h2>
      <p>{t('home.reportIntro')}</p>
      <ReportButtons ctx={ctx} channels={p.channels} />
      {p.links.triage ? (
        <>
          <h2>{t('home.unsure')}</h2>
          <p>
            <a href={localePath(locale, '/triage')}>{t('home.unsureText')}</a>
          </p>
        </>
      ) : null}
      {p.links.help ? (
        <>
          <h2>{t('home.help')}</h2>
          <p>
            <a href={localePath(locale, '/help')}>{t('home.helpText')}</a>
          </p>
        </>
      ) : null}
      {p.learn.length ? (
        <>
          <h2>{t('portal.learn')}</h2>
          <p>{t('portal.learnIntro')}</p>
          <ul>
            {p.learn.map((page) => (
              <li key={page.slug}>
                <a href={localePath(locale, `/${page.slug}`)}>{page.translations[locale].title}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('home.track')}</h2>
      <p>
        <a href={localePath(locale, '/report/status')}>{t('home.trackText')}</a>
      </p>
    </Layout>
  );
}
