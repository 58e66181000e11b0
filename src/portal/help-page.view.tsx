// Help services: what each is for, its number, its hours, and whether it is open now. Services
// whose identity could not be verified never reach this page; unconfirmed details say so.
import type { EmergencyNumber } from '../content/content.schema.ts';
import { Layout } from '../web/layout.view.tsx';
import type { PageContext } from '../web/page-context.ts';
import { EmergencyNumbers } from './home-page.view.tsx';
import type { ServiceView } from './portal.service.ts';

export function ServiceCard({ ctx, view, headingLevel = 2 }: { ctx: PageContext; view: ServiceView; headingLevel?: 2 | 3 }) {
  const { t, locale } = ctx;
  const { service, state, when } = view;
  const name = service.name[locale];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const unconfirmedHours = service.hours?.verification === 'unverified';
  return (
    <li>
      <Heading>{name}</Heading>
      <p>{service.purpose[locale]}</p>
      {service.phone ? (
        <p class="phone">
          <a href={`tel:${service.phone.replace(/[^0-9+]/g, '')}`} aria-label={t('help.call', { name, number: service.phone })}>
            {service.phone}
          </a>
        </p>
      ) : null}
      <p>
        {state.kind === 'always' ? <span class="open">{t('help.always')}</span> : null}
        {state.kind === 'open' ? (
          <span class="open">
            {t('help.openNow')} {t('help.closesAt', { time: when.time ?? '' })}
          </span>
        ) : null}
        {state.kind === 'closed' ? (
          <span class="closed">
            {t('help.closedNow')}
            {when.time ? ` · ${when.day ? t('help.opensAt', { day: when.day, time: when.time }) : t('help.opensToday', { time: when.time })}` : ''}
          </span>
        ) : null}
        {state.kind === 'unknown' ? <span>{t('help.unknown')}</span> : null}
      </p>
      {view.hours.length ? <p>{t('help.hours', { list: view.hours.join('; ') })}</p> : null}
      {unconfirmedHours ? <p class="caveat">{t('help.hoursUnconfirmed')}</p> : null}
      {service.verification === 'unverified' ? <p class="caveat">{t('help.detailsUnconfirmed')}</p> : null}
      <ul>
        {service.free ? <li>{t('help.free')}</li> : null}
        {service.anonymous ? <li>{t('help.anonymous')}</li> : null}
        {service.audience?.length ? (
          <li>
            {t('help.audience', {
              list: listFormat(
                locale,
                service.audience.map((a) => t(`help.for.${a}`)),
              ),
            })}
          </li>
        ) : null}
        {service.languages?.length ? (
          <li>
            {t('help.languages', {
              list: listFormat(
                locale,
                service.languages.map((l) => languageName(locale, l)),
              ),
            })}
          </li>
        ) : null}
        {service.web ? (
          <li>
            <a href={service.web} rel="noreferrer">
              {t('help.website', { name })}
            </a>
          </li>
        ) : null}
      </ul>
    </li>
  );
}

export function HelpPage({
  ctx,
  introHtml,
  emergency,
  services,
}: {
  ctx: PageContext;
  introHtml?: string | undefined;
  emergency: EmergencyNumber[];
  services: ServiceView[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('help.title')}>
      <h1>{t('help.title')}</h1>
      {introHtml ? <div dangerouslySetInnerHTML={{ __html: introHtml }} /> : null}
      <EmergencyNumbers ctx={ctx} numbers={emergency} />
      <ul class="services">
        {services.map((view) => (
          <ServiceCard ctx={ctx} view={view} key={view.service.id} />
        ))}
      </ul>
    </Layout>
  );
}

function listFormat(locale: string, items: string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

function languageName(locale: string, code: string): string {
  return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
}
