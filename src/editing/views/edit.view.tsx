// The page that edits one item: a page's text in every locale side by side (with a preview the
// server renders: no inline script), a help service's form (service-fields.view.tsx), or any
// other item as structured text (YAML) checked against the same schema as the content files.
// The same form saves a draft or publishes; nothing typed is lost when it is refused.
import { LOCALE_NAMES, LOCALES, type Locale } from '../../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../../office/office-layout.view.tsx';
import { Checkbox, ErrorSummary, type FieldMessage, Select, TextArea, TextField } from '../../web/form.view.tsx';
import type { ServiceForm } from '../editing.forms.ts';
import type { PageData } from '../subjects.ts';
import { historyHref } from './links.ts';
import { ServiceFields } from './service-fields.view.tsx';

export type EditForm =
  | { kind: 'page'; page: PageData; sections: readonly string[] }
  | { kind: 'service'; service: ServiceForm }
  | { kind: 'yaml'; text: string };

export type EditProps = {
  ctx: OfficeContext;
  csrf: string;
  subject: string;
  label: string;
  /** The version the form was opened on: a save on top of another editor's is refused. */
  base: number;
  form: EditForm;
  errors: FieldMessage[];
  notice?: { kind: 'saved' | 'published' | 'reverted'; number: number } | undefined;
  /** A draft newer than what visitors see is open in the form. */
  draft: boolean;
  /** The page as visitors would see it, per locale (HTML rendered by the server), when asked. */
  preview?: Partial<Record<Locale, { title: string; html: string }>> | undefined;
};

export function EditPage(props: EditProps) {
  const { ctx, form } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.editing.edit.title', { item: props.label })}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={(f) => f} />
      <h1>{t('office.editing.edit.title', { item: props.label })}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.editing.notice.${props.notice.kind}`, { number: props.notice.number })}
        </p>
      ) : null}
      {props.draft ? <p class="caveat">{t('office.editing.edit.draftOpen')}</p> : null}
      <p>
        <a href={historyHref(props.subject)}>{t('office.editing.edit.history')}</a> · <a href="/office/content">{t('office.editing.edit.all')}</a>
      </p>
      <OfficeForm action="/office/content/edit" csrf={props.csrf}>
        <input type="hidden" name="subject" value={props.subject} />
        <input type="hidden" name="base" value={String(props.base)} />
        {form.kind === 'page' ? <PageFields ctx={ctx} page={form.page} sections={form.sections} error={error} /> : null}
        {form.kind === 'service' ? <ServiceFields ctx={ctx} service={form.service} error={error} /> : null}
        {form.kind === 'yaml' ? (
          <TextArea name="yaml" label={t('office.editing.yaml.label')} hint={t('office.editing.yaml.hint')} value={form.text} error={error('yaml')} rows={24} />
        ) : null}
        <p class="form-actions">
          {form.kind === 'page' ? (
            <>
              <button type="submit" name="intent" value="preview" class="secondary">
                {t('office.editing.edit.preview')}
              </button>{' '}
            </>
          ) : null}
          <button type="submit" name="intent" value="save" class="secondary">
            {t('office.editing.edit.save')}
          </button>{' '}
          <button type="submit" name="intent" value="publish">
            {t('office.editing.edit.publish')}
          </button>
        </p>
      </OfficeForm>
      {props.preview ? <Preview ctx={ctx} preview={props.preview} /> : null}
    </OfficeLayout>
  );
}

function PageFields({
  ctx,
  page,
  sections,
  error,
}: {
  ctx: OfficeContext;
  page: PageData;
  sections: readonly string[];
  error: (f: string) => string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <div class="pair">
        <Select
          name="section"
          label={t('office.editing.form.section')}
          value={page.section}
          placeholder={t('office.editing.form.sectionChoose')}
          error={error('section')}
          options={sections.map((s) => ({ value: s, label: t(`office.editing.section.${s}`) }))}
        />
        <TextField
          name="order"
          label={t('office.editing.form.order')}
          hint={t('office.editing.form.orderHint')}
          value={String(page.order)}
          error={error('order')}
        />
      </div>
      <div class="locales">
        {LOCALES.map((locale) => {
          const text = page.translations[locale];
          return (
            <fieldset key={locale} lang={locale} class="locale">
              <legend>{LOCALE_NAMES[locale]}</legend>
              <TextField name={`${locale}.title`} label={t('office.editing.form.title')} value={text?.title ?? ''} error={error(`${locale}.title`)} />
              <TextArea name={`${locale}.summary`} label={t('office.editing.form.summary')} value={text?.summary ?? ''} rows={3} />
              <TextArea
                name={`${locale}.body`}
                label={t('office.editing.form.body')}
                hint={t('office.editing.form.bodyHint')}
                value={text?.body ?? ''}
                error={error(`${locale}.body`)}
                rows={18}
              />
              {locale === 'en' ? null : (
                <Checkbox
                  name={`fallback-${locale}`}
                  label={t('office.editing.form.fallback', { language: LOCALE_NAMES[locale] })}
                  checked={(page.fallback as string[]).includes(locale)}
                />
              )}
            </fieldset>
          );
        })}
      </div>
    </>
  );
}

function Preview({ ctx, preview }: { ctx: OfficeContext; preview: NonNullable<EditProps['preview']> }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{t('office.editing.edit.previewTitle')}</h2>
      <div class="locales">
        {LOCALES.map((locale) => {
          const page = preview[locale];
          return (
            <article key={locale} lang={locale} class="locale preview">
              <p class="hint">{LOCALE_NAMES[locale]}</p>
              {page ? (
                <>
                  <h3>{page.title}</h3>
                  {/* Markdown rendered as the public page renders it: raw HTML disabled. */}
                  <div dangerouslySetInnerHTML={{ __html: page.html }} />
                </>
              ) : (
                <p lang={ctx.locale}>{t('office.editing.edit.previewMissing')}</p>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}
