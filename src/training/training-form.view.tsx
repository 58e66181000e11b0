// The request form of the training page: a company's details, each field with its label, its
// error (with what was typed kept) and "optional" where it is. No script and no cookie needed.
import type { Translate } from '../i18n/messages.ts';
import { type FieldMessage, Radios, TextArea, TextField } from '../web/form.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { LIMITS, type RequestDraft, type RequestField, type RequestProblem, STAFF_MAX, TRAINING_LANGUAGES } from './training-request.ts';

/** The information page the training page links to; `lang` when it is shown in English until translated. */
export type Topic = { href: string; title: string; lang?: string | undefined };

/** Each problem in words, linked to its field (the form's own, too many requests, to the first field). */
export function requestErrors(t: Translate, problems: RequestProblem[]): FieldMessage[] {
  return problems.map((p) => {
    if (p.field === 'form') return { field: 'organisation', text: t('training.error.tooMany') };
    if (p.kind === 'long') return { field: p.field, text: t('training.error.tooLong', { max: LIMITS[p.field as keyof typeof LIMITS] }) };
    return { field: p.field, text: t(`training.error.${p.field}`, { max: STAFF_MAX }) };
  });
}

export function RequestForm(props: {
  ctx: PageContext;
  id: string;
  draft: RequestDraft;
  problems: RequestProblem[];
  keptDays: number;
  topic?: Topic | undefined;
}) {
  const { ctx, draft } = props;
  const { t, locale } = ctx;
  // The form's own problem (too many requests) is in the summary only, not under a field.
  const errors = requestErrors(
    t,
    props.problems.filter((p) => p.field !== 'form'),
  );
  const error = (field: RequestField) => errors.find((e) => e.field === field)?.text;
  const optional = t('training.form.optional');
  return (
    <form id={props.id} method="post" action={localePath(locale, '/training')} accept-charset="utf-8" novalidate>
      <p>{t('training.form.intro')}</p>
      <TextField
        name="organisation"
        label={t('training.form.organisation')}
        hint={t('training.form.organisationHint')}
        autocomplete="organization"
        error={error('organisation')}
        required
        value={draft.organisation}
      />
      <TextField
        name="contactName"
        label={t('training.form.contactName')}
        autocomplete="name"
        error={error('contactName')}
        required
        value={draft.contactName}
      />
      <TextField
        name="email"
        type="email"
        label={t('training.form.email')}
        hint={t('training.form.emailHint')}
        autocomplete="email"
        error={error('email')}
        required
        value={draft.email}
      />
      <TextField
        name="phone"
        type="tel"
        label={t('training.form.phone')}
        requiredText={optional}
        autocomplete="tel"
        error={error('phone')}
        value={draft.phone}
      />
      <Radios
        name="language"
        label={t('training.form.language')}
        error={error('language')}
        required
        value={draft.language}
        options={TRAINING_LANGUAGES.map((l) => ({ value: l, label: t(`training.language.${l}`) }))}
      />
      <TextArea
        name="dates"
        label={t('training.form.dates')}
        hint={t('training.form.datesHint')}
        requiredText={optional}
        error={error('dates')}
        rows={3}
        value={draft.dates}
      />
      <TextField name="staff" label={t('training.form.staff')} hint={t('training.form.staffHint')} error={error('staff')} required value={draft.staff} />
      <p>{t('training.form.privacy', { days: props.keptDays })}</p>
      <p class="note">
        {t('training.form.notForReports')}
        {props.topic ? (
          <>
            {' '}
            {t('training.form.howToReport')}{' '}
            <a href={props.topic.href} lang={props.topic.lang}>
              {props.topic.title}
            </a>
          </>
        ) : null}
      </p>
      <button type="submit">{t('training.form.submit')}</button>
    </form>
  );
}
