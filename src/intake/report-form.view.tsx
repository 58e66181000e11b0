// The report form of a channel, filled with what the visitor typed and the errors to fix.
import type { Channel } from '../content/content.schema.ts';
import { Checkbox, ErrorSummary, type FieldMessage, Note, Radios, Select, TextArea, TextField } from '../web/form.view.tsx';
import { FormLanguageSwitch } from '../web/language-switch.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { type ProofChallenge, ProofField } from './proof-field.view.tsx';
import { FIELD_NAMES, type FieldError, FORM_FIELDS, MAX_URLS } from './report-fields.ts';
import { errorText, limitOf } from './report-form.wording.ts';

export type FormValues = Record<string, string | boolean>;

export type ReportFormProps = {
  ctx: PageContext;
  channel: Channel;
  recipientName: string;
  values: FormValues;
  errors: FieldError[];
  /** The form's one-time token (submissions.ts): the same report sent twice is filed once. */
  submission: string;
  /** The proof-of-work challenge the page's script solves (proof-of-work.ts); none: the field is left out. */
  proof?: ProofChallenge | undefined;
  /** The report was valid but could not be stored: the visitor is asked to send it again. */
  unsent?: boolean;
  /** This client sent as many reports as it may for now: the form comes back, kept intact. */
  tooMany?: boolean;
  countries: { code: string; name: string }[];
};

export function ReportFormPage({
  ctx,
  channel,
  recipientName,
  values,
  errors,
  submission,
  proof,
  unsent = false,
  tooMany = false,
  countries,
}: ReportFormProps) {
  const { t, locale } = ctx;
  const fields = FIELD_NAMES[channel.form];
  const online = channel.form === 'online';
  const messages = new Map<string, string>();
  for (const e of errors) if (!messages.has(e.field)) messages.set(e.field, errorText(ctx, channel, e));
  // The summary lists each field's message once, the same words as at the field, in the fields'
  // order (an e-mail address missing is found after the other fields, but is asked for before them).
  const order = FORM_FIELDS[channel.form].map((f) => f.name);
  const summary: FieldMessage[] = [...messages].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([field, text]) => ({ field, text }));
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const req = t('report.required');
  const opt = t('report.optional');
  const title = channel.title[locale];

  return (
    // The tab and the browser's history say "Report form", not what is reported (issue 15); the
    // heading names the channel.
    <Layout
      ctx={ctx}
      title={errors.length || unsent || tooMany ? t('report.errorPageTitle', { title: t('report.pageTitle') }) : t('report.pageTitle')}
      // Another language keeps what was typed: the switch sends the form (language-switch.view.tsx).
      languages={<FormLanguageSwitch ctx={ctx} form="report-form" action={(l) => localePath(l, `/report/${channel.id}`)} send={t('report.submit')} />}
    >
      <h1>{title}</h1>
      {unsent || tooMany ? (
        <ErrorSummary
          title={t(tooMany ? 'report.tooManyTitle' : 'report.unsentTitle')}
          intro={t(tooMany ? 'report.tooManyIntro' : 'report.unsentIntro')}
          errors={[]}
          anchor={(f) => f}
          always
        />
      ) : (
        <ErrorSummary
          title={t('report.errorTitle')}
          intro={t('report.errorIntro')}
          errors={summary}
          anchor={(f) => (f === 'category' ? 'category-first' : f)}
        />
      )}
      <p class="lead">{t(online ? 'report.online.intro' : channel.form === 'travel' ? 'report.travel.intro' : 'report.police.intro')}</p>
      <p>{t('report.goesTo', { recipient: recipientName })}</p>
      {online ? (
        <>
          <Note kind="caveat">{t('report.online.never')}</Note>
          <p>{t('report.online.anonymous')}</p>
          <p>{t('report.online.final')}</p>
        </>
      ) : (
        <>
          <Note kind="caveat">{t('report.police.urgent')}</Note>
          {channel.form === 'travel' ? <p>{t('report.travel.evidence')}</p> : null}
          <p>{t('report.police.identity')}</p>
          <p>{t('report.police.final')}</p>
        </>
      )}

      <form id="report-form" method="post" action={localePath(locale, `/report/${channel.id}`)} accept-charset="utf-8" novalidate data-send-once>
        <input type="hidden" name="submission" value={submission} />
        {proof ? <ProofField {...proof} /> : null}
        {online ? (
          <TextArea
            name="urls"
            label={t('field.urls.label')}
            hint={t('field.urls.hint', { max: MAX_URLS })}
            requiredText={req}
            required
            value={str('urls')}
            error={messages.get('urls')}
            rows={4}
          />
        ) : null}
        <Radios
          name="category"
          label={t(online ? 'field.categoryOnline.label' : 'field.category.label')}
          requiredText={req}
          required
          value={str('category')}
          error={messages.get('category')}
          options={channel.categories.map((c) => ({ value: c.id, label: c.label[locale] }))}
        />
        {fields.has('country') ? (
          <Select
            name="country"
            label={t('field.country.label')}
            hint={t('field.country.hint')}
            requiredText={req}
            required
            value={str('country')}
            error={messages.get('country')}
            placeholder={t('field.country.choose')}
            options={countries.map((c) => ({ value: c.code, label: c.name }))}
          />
        ) : null}
        {fields.has('place') ? (
          <TextField
            name="place"
            label={t('field.place.label')}
            hint={t('field.place.hint')}
            requiredText={req}
            required
            value={str('place')}
            error={messages.get('place')}
            limit={limitOf(ctx, channel, 'place')}
          />
        ) : null}
        {online ? (
          <TextArea
            name="description"
            label={t('field.descriptionOnline.label')}
            hint={t('field.descriptionOnline.hint')}
            requiredText={opt}
            value={str('description')}
            error={messages.get('description')}
            limit={limitOf(ctx, channel, 'description')}
          />
        ) : (
          <>
            <TextArea
              name="description"
              label={t('field.description.label')}
              hint={t('field.description.hint')}
              requiredText={req}
              required
              value={str('description')}
              error={messages.get('description')}
              limit={limitOf(ctx, channel, 'description')}
              rows={7}
            />
            <TextField
              name="when"
              label={t(channel.form === 'travel' ? 'field.tripWhen.label' : 'field.when.label')}
              hint={t(channel.form === 'travel' ? 'field.tripWhen.hint' : 'field.when.hint')}
              requiredText={opt}
              value={str('when')}
              error={messages.get('when')}
              limit={limitOf(ctx, channel, 'when')}
            />
            {fields.has('where') ? (
              <TextField
                name="where"
                label={t('field.where.label')}
                hint={t('field.where.hint')}
                requiredText={opt}
                value={str('where')}
                error={messages.get('where')}
                limit={limitOf(ctx, channel, 'where')}
              />
            ) : null}
            <TextArea
              name="child"
              label={t('field.child.label')}
              hint={t('field.child.hint')}
              requiredText={opt}
              value={str('child')}
              error={messages.get('child')}
              limit={limitOf(ctx, channel, 'child')}
              rows={3}
            />
            <TextArea
              name="suspect"
              label={t('field.suspect.label')}
              hint={t('field.suspect.hint')}
              requiredText={opt}
              value={str('suspect')}
              error={messages.get('suspect')}
              limit={limitOf(ctx, channel, 'suspect')}
              rows={3}
            />
          </>
        )}

        {online ? (
          <TextField
            name="contact"
            label={t('field.contact.label')}
            hint={t('field.contact.hint')}
            requiredText={opt}
            value={str('contact')}
            error={messages.get('contact')}
            limit={limitOf(ctx, channel, 'contact')}
          />
        ) : (
          <fieldset>
            <legend>{t('report.aboutYou')}</legend>
            <TextField
              name="name"
              label={t('field.name.label')}
              requiredText={req}
              required
              value={str('name')}
              error={messages.get('name')}
              limit={limitOf(ctx, channel, 'name')}
              autocomplete="name"
            />
            <TextField
              name="email"
              type="email"
              label={t('field.email.label')}
              hint={t('field.email.hint')}
              value={str('email')}
              error={messages.get('email')}
              limit={limitOf(ctx, channel, 'email')}
              autocomplete="email"
            />
            <TextField
              name="phone"
              type="tel"
              label={t('field.phone.label')}
              value={str('phone')}
              error={messages.get('phone')}
              limit={limitOf(ctx, channel, 'phone')}
              autocomplete="tel"
            />
          </fieldset>
        )}
        {online ? null : (
          <fieldset>
            <legend>{t('report.declarations')}</legend>
            <Checkbox
              name="acknowledgeFalseReports"
              label={t('field.acknowledgeFalseReports.label')}
              checked={values.acknowledgeFalseReports === true}
              error={messages.get('acknowledgeFalseReports')}
            />
            <Checkbox
              name="acknowledgeFinal"
              label={t('field.acknowledgeFinal.label')}
              checked={values.acknowledgeFinal === true}
              error={messages.get('acknowledgeFinal')}
            />
          </fieldset>
        )}
        <button type="submit" data-sending={t('report.sending')}>
          {t('report.submit')}
        </button>
      </form>
    </Layout>
  );
}
