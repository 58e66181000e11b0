// The editors' page of one news item or publication: its form with the three locales side by side
// (what was typed always comes back, with each problem beside its field), the preview the server
// rendered (no script), and, once saved, publishing, the PDF and deletion. Pure.
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { Checkbox, ErrorSummary, type FieldMessage, TextArea, TextField } from '../web/form.view.tsx';
import type { PublicText } from './newsroom.public.ts';
import type { StoredItem } from './newsroom.store.ts';
import { type Draft, type Kind, LIMITS, type Problem } from './newsroom.types.ts';
import { fileSize, basePath as publicBase } from './newsroom.view.tsx';
import { languageName, type NewsroomNotice, Notice, officeBase, words } from './newsroom-office.view.tsx';

/** A language's name as a heading: "Français" in French too. */
const heading = (locale: Locale, inLocale: Locale) => {
  const name = languageName(locale, inLocale);
  return name.charAt(0).toLocaleUpperCase(inLocale) + name.slice(1);
};

/** A problem in the editor's language, beside its field. */
export function problemMessage(problem: Problem, kind: Kind, ctx: Pick<OfficeContext, 't' | 'locale'>): FieldMessage {
  const { t } = ctx;
  const [part, locale] = problem.field.split('-') as [string, Locale | undefined];
  const language = locale ? languageName(locale, ctx.locale) : '';
  if (problem.field.startsWith('locale-')) return { field: `fallback-${locale}`, text: t('office.newsroom.error.incomplete', { language }) };
  if (problem.code === 'long') return { field: problem.field, text: t(`office.newsroom.error.long`, { language, max: LIMITS[part as 'title'] }) };
  if (part === 'date' && problem.code === 'format') return { field: 'date', text: t(`office.newsroom.error.date.${kind}`) };
  return { field: problem.field, text: t(`office.newsroom.error.${part}.${problem.code}`, { language }) };
}

export type EditPageProps = {
  ctx: OfficeContext;
  csrf: string;
  kind: Kind;
  draft: Draft;
  /** The saved item (absent on the page that creates one). */
  saved?: StoredItem | undefined;
  errors: FieldMessage[];
  notice?: NewsroomNotice | undefined;
  /** Each locale as visitors would read it, when the editor asked for a preview. */
  preview?: Record<Locale, PublicText> | undefined;
};

export function EditPage(props: EditPageProps) {
  const { ctx, kind, draft, saved } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  const title = saved ? t('office.newsroom.edit.title', { title: saved.texts.en.title || saved.id }) : t(`${words(kind)}.new`);
  const action = saved ? `${officeBase(kind)}/${saved.id}` : `${officeBase(kind)}/new`;
  return (
    <OfficeLayout ctx={ctx} title={title}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={(f) => f} />
      <p>
        <a href={officeBase(kind)}>{t(`${words(kind)}.back`)}</a>
      </p>
      <h1>{title}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      {saved ? (
        <p>
          {t(`office.newsroom.edit.state.${saved.status}`)}{' '}
          {saved.status === 'published' ? <a href={`/${ctx.locale}${publicBase(kind)}/${saved.id}`}>{t('office.newsroom.edit.view')}</a> : null}
        </p>
      ) : null}
      <OfficeForm action={action} csrf={props.csrf}>
        {saved ? null : (
          <TextField name="id" label={t('office.newsroom.field.id')} hint={t('office.newsroom.field.idHint')} value={draft.id} error={error('id')} />
        )}
        <TextField
          name="date"
          label={t('office.newsroom.field.date')}
          hint={t(`office.newsroom.field.dateHint.${kind}`)}
          value={draft.date}
          error={error('date')}
        />
        {kind === 'publication' ? (
          <TextField
            name="country"
            label={t('office.newsroom.field.country')}
            hint={t('office.newsroom.field.countryHint')}
            value={draft.country}
            error={error('country')}
          />
        ) : null}
        <div class="locales">
          {LOCALES.map((locale) => (
            <fieldset key={locale} class="locale">
              <legend>{heading(locale, ctx.locale)}</legend>
              <TextField name={`title-${locale}`} label={t('office.newsroom.field.title')} value={draft.texts[locale].title} error={error(`title-${locale}`)} />
              <TextArea
                name={`summary-${locale}`}
                label={t('office.newsroom.field.summary')}
                value={draft.texts[locale].summary}
                error={error(`summary-${locale}`)}
                rows={3}
              />
              <TextArea
                name={`body-${locale}`}
                label={t('office.newsroom.field.body')}
                hint={t('office.newsroom.field.bodyHint')}
                value={draft.texts[locale].body}
                error={error(`body-${locale}`)}
                rows={14}
              />
              {locale === 'en' ? null : (
                <Checkbox
                  name={`fallback-${locale}`}
                  label={t('office.newsroom.field.fallback', { language: languageName(locale, ctx.locale) })}
                  checked={draft.fallback.includes(locale)}
                  error={error(`fallback-${locale}`)}
                />
              )}
            </fieldset>
          ))}
        </div>
        {saved?.status === 'published' ? <p class="advice">{t('office.newsroom.edit.liveAdvice')}</p> : null}
        <p class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            {t('office.newsroom.edit.preview')}
          </button>{' '}
          <button type="submit" name="intent" value="save">
            {t('office.newsroom.edit.save')}
          </button>
        </p>
      </OfficeForm>
      {props.preview ? <Preview ctx={ctx} preview={props.preview} /> : null}
      {saved ? <SavedActions {...props} saved={saved} /> : null}
    </OfficeLayout>
  );
}

function Preview({ ctx, preview }: { ctx: OfficeContext; preview: Record<Locale, PublicText> }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{t('office.newsroom.preview.title')}</h2>
      <div class="locales">
        {LOCALES.map((locale) => {
          const text = preview[locale];
          return (
            <article key={locale} aria-label={heading(locale, ctx.locale)}>
              <p>
                <strong>{heading(locale, ctx.locale)}</strong>
                {text.lang === locale ? null : ` – ${t('office.newsroom.preview.english')}`}
              </p>
              <div lang={text.lang}>
                <h3>{text.title}</h3>
                {text.summary ? <p class="lead">{text.summary}</p> : null}
                {/* Markdown rendered with raw HTML disabled, as on the public page. */}
                <div dangerouslySetInnerHTML={{ __html: text.html }} />
              </div>
            </article>
          );
        })}
      </div>
    </section>
  );
}

function SavedActions(props: EditPageProps & { saved: StoredItem }) {
  const { ctx, kind, saved, csrf } = props;
  const { t, locale } = ctx;
  const base = `${officeBase(kind)}/${saved.id}`;
  const documentError = props.errors.find((e) => e.field === 'document')?.text;
  return (
    <>
      <h2>{t('office.newsroom.publish.title')}</h2>
      <OfficeForm action={`${base}/${saved.status === 'published' ? 'unpublish' : 'publish'}`} csrf={csrf}>
        <p>{t(`office.newsroom.publish.text.${saved.status}`)}</p>
        <p class="form-actions">
          <button type="submit">{t(`office.newsroom.publish.button.${saved.status}`)}</button>
        </p>
      </OfficeForm>
      {kind === 'publication' ? (
        <>
          <h2>{t('office.newsroom.document.title')}</h2>
          <p>
            {saved.document ? (
              <a href={`${base}/document`}>{t('office.newsroom.document.current', { size: fileSize(saved.document.size, locale) })}</a>
            ) : (
              t('office.newsroom.document.none')
            )}
          </p>
          {/* Multipart: the file and the CSRF token arrive together in the body (newsroom-upload.routes.ts). */}
          <form method="post" action={`${base}/document`} enctype="multipart/form-data" novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <div class={documentError ? 'field invalid' : 'field'}>
              <label for="document">{t('office.newsroom.document.label')}</label>
              <span class="hint" id="document-hint">
                {t('office.newsroom.document.hint')}
              </span>
              {documentError ? (
                <span class="error" id="document-error">
                  {documentError}
                </span>
              ) : null}
              <input
                type="file"
                id="document"
                name="document"
                accept="application/pdf,.pdf"
                aria-describedby={documentError ? 'document-hint document-error' : 'document-hint'}
                aria-invalid={documentError ? 'true' : undefined}
              />
            </div>
            <p class="form-actions">
              <button type="submit">{t(saved.document ? 'office.newsroom.document.replace' : 'office.newsroom.document.upload')}</button>
            </p>
          </form>
          {saved.document ? (
            <OfficeForm action={`${base}/document/remove`} csrf={csrf}>
              <p class="form-actions">
                <button type="submit" class="secondary">
                  {t('office.newsroom.document.remove')}
                </button>
              </p>
            </OfficeForm>
          ) : null}
        </>
      ) : null}
      <h2>{t('office.newsroom.delete.title')}</h2>
      <OfficeForm action={`${base}/delete`} csrf={csrf}>
        <p class="form-actions">
          <button type="submit" class="secondary">
            {t('office.newsroom.delete.ask')}
          </button>
        </p>
      </OfficeForm>
    </>
  );
}
