// The editors' two forms: a new assessment of an indicator (it starts from the latest one, and is
// added after it), and a dated fact, new or corrected (a correction is added after the version it
// corrects). A refused form comes back with everything typed and each message at its field.
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Radios, TextArea, TextField } from '../web/form.view.tsx';
import { CHECKS, FACT_KINDS, type IndicatorId, STATES } from './monitoring.model.ts';
import { type AssessmentDraft, anchorOf, type FactDraft, type SourceDraft, sourceRows } from './monitoring-office.form.ts';

type FormProps = { ctx: OfficeContext; csrf: string; country: { name: string; slug: string }; errors: FieldMessage[] };

const errorOf = (errors: FieldMessage[]) => (field: string) => errors.find((e) => e.field === field)?.text;

function Checks({ t, value, error }: { t: Translate; value: string; error: string | undefined }) {
  return (
    <Radios
      name="verification"
      label={t('office.monitoring.form.verification')}
      hint={t('office.monitoring.form.verificationHint')}
      value={value}
      error={error}
      options={CHECKS.map((c) => ({ value: c, label: t(`office.monitoring.check.${c}`) }))}
    />
  );
}

function SourceFields({
  t,
  prefix,
  source,
  legend,
  error,
}: {
  t: Translate;
  prefix: string;
  source: SourceDraft;
  legend: string;
  error: (f: string) => string | undefined;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <TextField name={`${prefix}title`} label={t('office.monitoring.form.sourceTitle')} value={source.title} error={error(`${prefix}title`)} />
      <TextField
        name={`${prefix}url`}
        label={t('office.monitoring.form.sourceUrl')}
        hint={t('office.monitoring.form.sourceUrlHint')}
        value={source.url}
        error={error(`${prefix}url`)}
      />
      <TextField
        name={`${prefix}published`}
        label={t('office.monitoring.form.published')}
        hint={t('office.monitoring.form.publishedHint')}
        value={source.published}
        error={error(`${prefix}published`)}
      />
      <TextField
        name={`${prefix}consulted`}
        label={t('office.monitoring.form.consulted')}
        hint={t('office.monitoring.form.dayHint')}
        value={source.consulted}
        error={error(`${prefix}consulted`)}
      />
    </fieldset>
  );
}

function Note({ t, value, error }: { t: Translate; value: string; error: string | undefined }) {
  return <TextArea name="note" label={t('office.monitoring.form.note')} hint={t('office.monitoring.form.noteHint')} value={value} error={error} rows={3} />;
}

export function AssessmentFormPage(props: FormProps & { indicator: IndicatorId; draft: AssessmentDraft; hasLatest: boolean }) {
  const { ctx, draft } = props;
  const { t } = ctx;
  const error = errorOf(props.errors);
  const indicator = t(`monitoring.indicator.${props.indicator}`);
  const title = t('office.monitoring.form.assessmentTitle', { indicator, country: props.country.name });
  return (
    <OfficeLayout ctx={ctx} title={title}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={anchorOf} />
      <h1>{title}</h1>
      <p>{t(props.hasLatest ? 'office.monitoring.form.assessmentIntro' : 'office.monitoring.form.assessmentFirst')}</p>
      <OfficeForm action={`/office/monitoring/${props.country.slug}/indicators/${props.indicator}`} csrf={props.csrf}>
        <Radios
          name="state"
          label={t('office.monitoring.form.state')}
          value={draft.state}
          error={error('state')}
          options={STATES.map((s) => ({ value: s, label: t(`monitoring.state.${s}`) }))}
        />
        <Checks t={t} value={draft.verification} error={error('verification')} />
        {LOCALES.map((l) => (
          <TextArea
            key={l}
            name={`evidence-${l}`}
            label={t('office.monitoring.form.evidence', { language: LOCALE_NAMES[l] })}
            hint={l === 'en' ? t('office.monitoring.form.evidenceHint') : undefined}
            value={draft.evidence[l]}
            error={error(`evidence-${l}`)}
            rows={6}
          />
        ))}
        <TextField
          name="assessedOn"
          label={t('office.monitoring.form.assessedOn')}
          hint={t('office.monitoring.form.dayHint')}
          value={draft.assessedOn}
          error={error('assessedOn')}
        />
        <h2>{t('office.monitoring.form.sources')}</h2>
        <p>{t('office.monitoring.form.sourcesHint')}</p>
        {sourceRows(draft.sources).map((source, i) => (
          <SourceFields key={i} t={t} prefix={`source-${i}-`} source={source} legend={t('office.monitoring.form.source', { n: i + 1 })} error={error} />
        ))}
        <Note t={t} value={draft.note} error={error('note')} />
        <p class="form-actions">
          <button type="submit">{t('office.monitoring.form.saveAssessment')}</button>{' '}
          <a href={`/office/monitoring/${props.country.slug}`}>{t('office.monitoring.form.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function FactFormPage(props: FormProps & { draft: FactDraft; correcting?: string | undefined }) {
  const { ctx, draft } = props;
  const { t } = ctx;
  const error = errorOf(props.errors);
  const title = t(props.correcting ? 'office.monitoring.form.correctTitle' : 'office.monitoring.form.factTitle', { country: props.country.name });
  const action = `/office/monitoring/${props.country.slug}/facts/${props.correcting ?? 'new'}`;
  return (
    <OfficeLayout ctx={ctx} title={title}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={anchorOf} />
      <h1>{title}</h1>
      <p>{t(props.correcting ? 'office.monitoring.form.correctIntro' : 'office.monitoring.form.factIntro')}</p>
      <OfficeForm action={action} csrf={props.csrf}>
        {props.correcting ? (
          <>
            <input type="hidden" name="kind" value={draft.kind} />
            <p>
              <strong>{t('office.monitoring.form.kind')}:</strong> {t(`office.monitoring.kind.${draft.kind}`)}
            </p>
          </>
        ) : (
          <Radios
            name="kind"
            label={t('office.monitoring.form.kind')}
            value={draft.kind}
            error={error('kind')}
            options={FACT_KINDS.map((k) => ({ value: k, label: t(`office.monitoring.kind.${k}`) }))}
          />
        )}
        <TextField
          name="value"
          label={t('office.monitoring.form.value')}
          hint={t('office.monitoring.form.valueHint')}
          value={draft.value}
          error={error('value')}
        />
        <TextField name="date" label={t('office.monitoring.form.date')} hint={t('office.monitoring.form.dateHint')} value={draft.date} error={error('date')} />
        <TextField
          name="until"
          label={t('office.monitoring.form.until')}
          hint={t('office.monitoring.form.untilHint')}
          value={draft.until}
          error={error('until')}
        />
        <SourceFields t={t} prefix="source-" source={draft.source} legend={t('office.monitoring.form.factSource')} error={error} />
        <Checks t={t} value={draft.verification} error={error('verification')} />
        <Note t={t} value={draft.note} error={error('note')} />
        <p class="form-actions">
          <button type="submit">{t('office.monitoring.form.saveFact')}</button>{' '}
          <a href={`/office/monitoring/${props.country.slug}`}>{t('office.monitoring.form.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
