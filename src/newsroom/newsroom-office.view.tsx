// The editors' list of news items or publications (each with its state, date, languages and PDF),
// and the page that confirms a deletion. Pure functions of their data.
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import type { StoredItem } from './newsroom.store.ts';
import { hasOwnText, type Kind } from './newsroom.types.ts';

export const NEWSROOM_NOTICES = ['created', 'saved', 'published', 'unpublished', 'deleted', 'uploaded', 'removed'] as const;
export type NewsroomNotice = (typeof NEWSROOM_NOTICES)[number];

/** The office's address of a kind's pages. */
export const officeBase = (kind: Kind) => (kind === 'news' ? '/office/news' : '/office/publications');
/** A language's name in the editor's words ("French", "français", "Französisch"). */
export const languageName = (locale: Locale, inLocale: Locale) => new Intl.DisplayNames([inLocale], { type: 'language' }).of(locale) ?? locale;

export const words = (kind: Kind) => (kind === 'news' ? 'office.newsroom.news' : 'office.newsroom.publications');

export function Notice({ ctx, notice }: { ctx: OfficeContext; notice: NewsroomNotice | undefined }) {
  if (!notice) return null;
  return (
    <p class="notice" role="status">
      {ctx.t(`office.newsroom.notice.${notice}`)}
    </p>
  );
}

export function NewsroomListPage(props: { ctx: OfficeContext; kind: Kind; items: StoredItem[]; notice?: NewsroomNotice | undefined }) {
  const { ctx, kind, items } = props;
  const { t } = ctx;
  const title = t(`${words(kind)}.title`);
  const name = (l: Locale) => languageName(l, ctx.locale);
  const languages = (item: StoredItem) =>
    LOCALES.map((l) =>
      hasOwnText(kind, item.texts[l])
        ? name(l)
        : item.fallback.includes(l)
          ? t('office.newsroom.list.fallback', { language: name(l) })
          : t('office.newsroom.list.missing', { language: name(l) }),
    ).join(', ');
  return (
    <OfficeLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      <p>
        <a class="button" href={`${officeBase(kind)}/new`}>
          {t(`${words(kind)}.new`)}
        </a>
      </p>
      {items.length === 0 ? (
        <p>{t(`${words(kind)}.none`)}</p>
      ) : (
        <section class="table-scroll" aria-labelledby="newsroom-caption" tabindex={0}>
          <table class="office-table">
            <caption id="newsroom-caption">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('office.newsroom.list.title')}</th>
                <th scope="col">{t('office.newsroom.list.date')}</th>
                <th scope="col">{t('office.newsroom.list.status')}</th>
                <th scope="col">{t('office.newsroom.list.languages')}</th>
                {kind === 'publication' ? <th scope="col">{t('office.newsroom.list.document')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <a href={`${officeBase(kind)}/${item.id}`}>{item.texts.en.title || item.id}</a>
                  </th>
                  <td class="nowrap">{item.date}</td>
                  <td>{t(`office.newsroom.status.${item.status}`)}</td>
                  <td>{languages(item)}</td>
                  {kind === 'publication' ? <td>{item.document ? t('office.newsroom.list.hasDocument') : '–'}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </OfficeLayout>
  );
}

export function ConfirmDeletePage(props: { ctx: OfficeContext; csrf: string; kind: Kind; item: StoredItem }) {
  const { ctx, kind, item } = props;
  const { t } = ctx;
  const address = `${officeBase(kind)}/${item.id}`;
  return (
    <OfficeLayout ctx={ctx} title={t('office.newsroom.delete.title')}>
      <h1>{t('office.newsroom.delete.title')}</h1>
      <p>{t('office.newsroom.delete.text', { title: item.texts.en.title || item.id })}</p>
      <OfficeForm action={`${address}/delete`} csrf={props.csrf}>
        <input type="hidden" name="confirm" value="yes" />
        <p class="form-actions">
          <button type="submit">{t('office.newsroom.delete.submit')}</button> <a href={address}>{t('office.newsroom.delete.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
