// The public pages of news and publications: a list (ten to a page, plain links from page to page)
// and an item's page. Pure functions of the kept items. Words shown in English on another locale's
// page (an editor's explicit fallback) carry lang="en" and say so.
import type { Locale } from '../i18n/locales.ts';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import type { ListPage, PublicItem, PublicText } from './newsroom.public.ts';
import type { Kind } from './newsroom.types.ts';

export const basePath = (kind: Kind) => (kind === 'news' ? '/news' : '/publications');
export const listPath = (kind: Kind, page: number) => (page === 1 ? basePath(kind) : `${basePath(kind)}?page=${page}`);
export const itemPath = (kind: Kind, id: string) => `${basePath(kind)}/${id}`;
export const feedPath = (locale: Locale) => localePath(locale, '/news/feed.xml');
/** One address per file, whatever the page's language: a PDF is the same in every locale. */
export const documentPath = (id: string) => `/publications/${id}.pdf`;

const words = (kind: Kind) => (kind === 'news' ? 'newsroom.news' : 'newsroom.publications');

/** A day in the locale's long form; a year alone as it is. */
export function displayDate(date: string, locale: Locale): string {
  if (/^\d{4}$/.test(date)) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function countryName(code: string, locale: Locale): string {
  return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code.toUpperCase();
}

export function fileSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(1, bytes / 1024), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** Another language than the page's: marked for screen readers and translation tools. */
const langOf = (text: PublicText, locale: Locale) => (text.lang === locale ? undefined : text.lang);

function Meta({ item, locale, t }: { item: PublicItem; locale: Locale; t: PageContext['t'] }) {
  return (
    <p class="meta">
      <time datetime={item.date}>{displayDate(item.date, locale)}</time>
      {item.country ? ` · ${countryName(item.country, locale)}` : null}
      {item.document ? ` · ${t('newsroom.document.short')}` : null}
    </p>
  );
}

export function ListView(props: { ctx: PageContext; kind: Kind; list: ListPage; feedTitle?: string }) {
  const { ctx, kind, list } = props;
  const { t, locale } = ctx;
  const heading = t(`${words(kind)}.title`);
  const title = list.page > 1 ? `${heading} – ${t('newsroom.pages.status', { page: list.page, pages: list.pages })}` : heading;
  const feed = kind === 'news' && props.feedTitle ? { href: feedPath(locale), title: props.feedTitle } : undefined;
  return (
    <Layout ctx={ctx} title={title} feed={feed}>
      <h1>{heading}</h1>
      {list.items.length === 0 ? (
        <p>{t(`${words(kind)}.empty`)}</p>
      ) : (
        <ol class="newsroom-list">
          {list.items.map((item) => {
            const text = item.texts[locale];
            return (
              <li key={item.id}>
                <h2 lang={langOf(text, locale)}>
                  <a href={localePath(locale, itemPath(kind, item.id))}>{text.title}</a>
                </h2>
                <Meta item={item} locale={locale} t={t} />
                {text.summary ? <p lang={langOf(text, locale)}>{text.summary}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
      {list.pages > 1 ? (
        <nav aria-label={t('newsroom.pages.label')}>
          <p>{t('newsroom.pages.status', { page: list.page, pages: list.pages })}</p>
          <ul>
            {list.page > 1 ? (
              <li>
                <a href={localePath(locale, listPath(kind, list.page - 1))} rel="prev">
                  {t('newsroom.pages.previous')}
                </a>
              </li>
            ) : null}
            {list.page < list.pages ? (
              <li>
                <a href={localePath(locale, listPath(kind, list.page + 1))} rel="next">
                  {t('newsroom.pages.next')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      {feed ? (
        <p>
          <a href={feed.href} type="application/atom+xml">
            {t('newsroom.news.feed')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ItemView(props: { ctx: PageContext; item: PublicItem }) {
  const { ctx, item } = props;
  const { t, locale } = ctx;
  const text = item.texts[locale];
  const lang = langOf(text, locale);
  return (
    <Layout ctx={ctx} title={text.title} description={text.summary || undefined}>
      <article>
        <h1 lang={lang}>{text.title}</h1>
        <Meta item={item} locale={locale} t={t} />
        {lang ? <p class="note">{t('newsroom.englishOnly')}</p> : null}
        <div lang={lang}>
          {text.summary ? <p class="lead">{text.summary}</p> : null}
          {/* Markdown rendered with raw HTML disabled (content.cache.ts): no markup from editors. */}
          {text.html ? <div dangerouslySetInnerHTML={{ __html: text.html }} /> : null}
        </div>
        {item.document ? (
          <p>
            <a href={documentPath(item.id)} type="application/pdf" download={`${item.id}.pdf`}>
              {t('newsroom.document.download', { size: fileSize(item.document.size, locale) })}
            </a>
          </p>
        ) : null}
      </article>
      <p>
        <a href={localePath(locale, basePath(item.kind))}>{t(`${words(item.kind)}.all`)}</a>
      </p>
    </Layout>
  );
}
