// The editors' newsletter page: subscribers counted per language, the form that composes an issue
// (preview, a test to oneself, send), the export and the deletion of a subscriber; and the page
// that confirms a send with the number of subscribers it reaches. Pure functions of their data.
// The preview is the mail's own HTML (Markdown without raw HTML or images), shown as is.
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Radios, TextArea, TextField } from '../web/form.view.tsx';
import type { LocaleCount } from './newsletter-office.service.ts';

export const NEWSLETTER_NOTICES = ['tested', 'sent', 'deleted'] as const;
export type NewsletterNotice = (typeof NEWSLETTER_NOTICES)[number];

export type IssueForm = { locale: string; subject: string; markdown: string };

const byId = (field: string) => (field === 'locale' ? 'locale-first' : field);

export function NewsletterPage(props: {
  ctx: OfficeContext;
  csrf: string;
  counts: LocaleCount[];
  issue: IssueForm;
  errors: FieldMessage[];
  notice?: { kind: NewsletterNotice; count: number } | undefined;
  /** The issue's HTML, as the mail carries it, when the editor asked for a preview. */
  preview?: string | undefined;
}) {
  const { ctx, issue } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.newsletter.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={byId} />
      <h1>{t('office.newsletter.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.newsletter.notice.${props.notice.kind}`, { count: props.notice.count })}
        </p>
      ) : null}
      <section class="table-scroll" aria-labelledby="subscribers-caption" tabindex={0}>
        <table class="office-table">
          <caption id="subscribers-caption">{t('office.newsletter.counts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.newsletter.counts.language')}</th>
              <th scope="col">{t('office.newsletter.counts.confirmed')}</th>
              <th scope="col">{t('office.newsletter.counts.pending')}</th>
            </tr>
          </thead>
          <tbody>
            {props.counts.map((c) => (
              <tr key={c.locale}>
                <th scope="row">{LOCALE_NAMES[c.locale]}</th>
                <td>{c.confirmed}</td>
                <td>{c.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <h2 id="compose">{t('office.newsletter.compose.title')}</h2>
      <OfficeForm action="/office/newsletter/compose" csrf={props.csrf}>
        <Radios
          name="locale"
          label={t('office.newsletter.compose.language')}
          value={issue.locale}
          error={error('locale')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
        />
        <TextField name="subject" label={t('office.newsletter.compose.subject')} value={issue.subject} error={error('subject')} />
        <TextArea
          name="markdown"
          label={t('office.newsletter.compose.text')}
          hint={t('office.newsletter.compose.textHint')}
          value={issue.markdown}
          error={error('markdown')}
          rows={14}
        />
        <p class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            {t('office.newsletter.compose.preview')}
          </button>{' '}
          <button type="submit" name="intent" value="test" class="secondary">
            {t('office.newsletter.compose.test')}
          </button>{' '}
          <button type="submit" name="intent" value="send">
            {t('office.newsletter.compose.send')}
          </button>
        </p>
      </OfficeForm>
      {props.preview !== undefined ? (
        <section aria-labelledby="preview">
          <h2 id="preview">{t('office.newsletter.preview.title', { subject: issue.subject })}</h2>
          {/* Rendered as the mail is: Markdown with raw HTML and images disabled. */}
          <div class="newsletter-preview" lang={issue.locale} dangerouslySetInnerHTML={{ __html: props.preview }} />
        </section>
      ) : null}

      <h2 id="subscribers">{t('office.newsletter.subscribers.title')}</h2>
      <p>{t('office.newsletter.subscribers.intro')}</p>
      <OfficeForm action="/office/newsletter/export" csrf={props.csrf}>
        <p class="form-actions">
          <button type="submit" class="secondary">
            {t('office.newsletter.subscribers.export')}
          </button>
        </p>
      </OfficeForm>
      <OfficeForm action="/office/newsletter/delete" csrf={props.csrf}>
        <TextField
          name="address"
          type="email"
          label={t('office.newsletter.subscribers.address')}
          hint={t('office.newsletter.subscribers.addressHint')}
          value=""
          error={error('address')}
        />
        <p class="form-actions">
          <button type="submit">{t('office.newsletter.subscribers.delete')}</button>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function ConfirmSendPage(props: { ctx: OfficeContext; csrf: string; issue: IssueForm & { locale: (typeof LOCALES)[number] }; recipients: number }) {
  const { ctx, issue } = props;
  const { t } = ctx;
  const language = LOCALE_NAMES[issue.locale];
  return (
    <OfficeLayout ctx={ctx} title={t('office.newsletter.confirm.title')}>
      <h1>{t('office.newsletter.confirm.title')}</h1>
      <p>{t('office.newsletter.confirm.text', { count: props.recipients, language, subject: issue.subject })}</p>
      <OfficeForm action="/office/newsletter/send" csrf={props.csrf}>
        <input type="hidden" name="locale" value={issue.locale} />
        <input type="hidden" name="subject" value={issue.subject} />
        <input type="hidden" name="markdown" value={issue.markdown} />
        <input type="hidden" name="confirm" value="yes" />
        <p class="form-actions">
          <button type="submit">{t('office.newsletter.confirm.submit', { count: props.recipients })}</button>{' '}
          <a href="/office/newsletter">{t('office.newsletter.confirm.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
