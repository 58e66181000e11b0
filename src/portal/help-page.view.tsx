// Help services: what each is for, its number, its hours, and whether it is open now, in the
// order the presenter gives (open now first). Services whose identity could not be verified never
// reach this page; unconfirmed details say so, and unconfirmed hours make no claim at all.
import type { EmergencyNumber } from '../content/content.schema.ts';
import type { Locale } from '../i18n/locales.ts';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { EmergencyNumbers } from './home-page.view.tsx';
import type { ServiceView } from './portal.service.ts';
import { telHref } from './telephone.ts';

/** `toChild`: the card is shown to a child (a child's triage outcome, the children's list), who is addressed as du/tu. */
export function ServiceCard({
  ctx,
  view,
  headingLevel = 2,
  toChild = false,
}: {
  ctx: PageContext;
  view: ServiceView;
  headingLevel?: 2 | 3;
  toChild?: boolean;
}) {
  const { t: translate, locale } = ctx;
  const addressed = new Set(['help.unknown', 'help.unconfirmed', 'help.anonymous', 'help.detailsUnconfirmed']);
  const t: typeof translate = (key, values) => translate(toChild && addressed.has(key) ? key.replace('help.', 'help.child.') : key, values);
  const { service, state, when } = view;
  const name = service.name[locale];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li>
      <Heading>{name}</Heading>
      <p>{service.purpose[locale]}</p>
      {service.phone ? (
        <p class="phone">
          <a href={telHref(service.phone)} aria-label={t('help.call', { name, number: service.phone })}>
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
        {state.kind === 'unconfirmed' ? <span>{service.phone ? t('help.unconfirmed', { number: service.phone }) : t('help.unknown')}</span> : null}
      </p>
      {view.hours.length ? <p>{t('help.hours', { list: view.hours.join('; ') })}</p> : null}
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

/** The help list's address, with the lines for children first or in everyone's order. */
export function helpPath(locale: Locale, forChildren: boolean): string {
  return `${localePath(locale, '/help')}${forChildren ? '?for=children' : ''}`;
}

export function HelpPage({
  ctx,
  introHtml,
  emergency,
  services,
  forChildren = false,
}: {
  ctx: PageContext;
  introHtml?: string | undefined;
  emergency: EmergencyNumber[];
  services: ServiceView[];
  /** The lines for children come first (the visitor said they are under 18). */
  forChildren?: boolean;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('help.title')}>
      <h1>{t('help.title')}</h1>
      {introHtml ? <div dangerouslySetInnerHTML={{ __html: introHtml }} /> : null}
      <EmergencyNumbers ctx={ctx} numbers={emergency} />
      <p>{t('help.order')}</p>
      {forChildren ? (
        <p>
          {t('help.childrenShown')} <a href={helpPath(locale, false)}>{t('help.everyone')}</a>
        </p>
      ) : (
        <p>
          <a href={helpPath(locale, true)}>{t('help.childrenFirst')}</a>
        </p>
      )}
      <ul class="services">
        {services.map((view) => (
          <ServiceCard ctx={ctx} view={view} key={view.service.id} toChild={forChildren} />
        ))}
      </ul>
    </Layout>
  );
}

// Intl objects are costly to build and hold no state between uses: one per locale.
const listFormats = new Map<string, Intl.ListFormat>();
const languageNames = new Map<string, Intl.DisplayNames>();

function listFormat(locale: string, items: string[]): string {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return f.format(items);
}

function languageName(locale: string, code: string): string {
  let f = languageNames.get(locale);
  if (!f) languageNames.set(locale, (f = new Intl.DisplayNames([locale], { type: 'language' })));
  return f.of(code) ?? code;
}
