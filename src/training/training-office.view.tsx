// The editors' training page: the sessions (past ones marked, as visitors no longer see them),
// adding one, and the details visitors are shown once filled (price, length, contact: no source
// gives them, so each waits, flagged, for an editor); and the page that changes one session.
// Pure functions of their data.
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Radios, TextArea, TextField } from '../web/form.view.tsx';
import { localePath } from '../web/page-context.ts';
import { DETAILS, type DetailName } from './training.service.ts';
import type { SessionRow } from './training.store.ts';
import { showDay } from './training-days.ts';
import { TRAINING_LANGUAGES } from './training-request.ts';

export const TRAINING_NOTICES = ['added', 'changed', 'deleted', 'details'] as const;
export type SessionForm = { day: string; place: string; language: string; seats: string };

const anchor = (field: string) => (field === 'language' ? 'language-first' : field);

function SessionFields({ ctx, session, errors }: { ctx: OfficeContext; session: SessionForm; errors: FieldMessage[] }) {
  const { t } = ctx;
  const error = (field: string) => errors.find((e) => e.field === field)?.text;
  return (
    <>
      <TextField name="day" label={t('office.training.session.day')} hint={t('office.training.session.dayHint')} value={session.day} error={error('day')} />
      <TextField name="place" label={t('office.training.session.place')} value={session.place} error={error('place')} />
      <Radios
        name="language"
        label={t('office.training.session.language')}
        value={session.language}
        error={error('language')}
        options={TRAINING_LANGUAGES.map((l) => ({ value: l, label: t(`training.language.${l}`) }))}
      />
      <TextField name="seats" label={t('office.training.session.seats')} value={session.seats} error={error('seats')} />
    </>
  );
}

export function TrainingOfficePage(props: {
  ctx: OfficeContext;
  csrf: string;
  today: string;
  sessions: SessionRow[];
  /** The details filled now (shown to visitors). */
  filled: DetailName[];
  /** The details form's fields (`price_fr`…), as saved or as typed. */
  details: Record<string, string>;
  session: SessionForm;
  errors: FieldMessage[];
  notice?: (typeof TRAINING_NOTICES)[number] | undefined;
}) {
  const { ctx, csrf, errors } = props;
  const { t, locale } = ctx;
  const error = (field: string) => errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.training.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={errors} anchor={anchor} />
      <h1>{t('office.training.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.training.notice.${props.notice}`)}
        </p>
      ) : null}
      <p>
        {t('office.training.intro')} <a href={localePath(locale as Locale, '/training')}>{t('office.training.publicPage')}</a>
      </p>
      <p>
        <a href="/office/training/requests">{t('office.training.requests.link')}</a>
      </p>

      <h2 id="sessions">{t('office.training.sessions.title')}</h2>
      {props.sessions.length ? (
        <section class="table-scroll" aria-labelledby="sessions-caption" tabindex={0}>
          <table class="office-table">
            <caption id="sessions-caption">{t('office.training.sessions.caption', { count: props.sessions.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('office.training.session.day')}</th>
                <th scope="col">{t('office.training.session.place')}</th>
                <th scope="col">{t('office.training.session.language')}</th>
                <th scope="col">{t('office.training.session.seats')}</th>
                <th scope="col">{t('office.training.sessions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr key={s.id} data-session={s.id}>
                  <th scope="row">
                    {showDay(s.starts_on, locale)}
                    {s.starts_on < props.today ? <small> {t('office.training.sessions.past')}</small> : null}
                  </th>
                  <td>{s.place}</td>
                  <td>{t(`training.language.${s.language}`)}</td>
                  <td>{s.seats}</td>
                  <td class="actions">
                    <a href={`/office/training/sessions/${s.id}`}>
                      {t('office.training.sessions.change')}
                      <span class="visually-hidden">: {showDay(s.starts_on, locale)}</span>
                    </a>{' '}
                    <OfficeForm action={`/office/training/sessions/${s.id}/delete`} csrf={csrf} class="inline">
                      <button type="submit" class="small">
                        {t('office.training.sessions.delete')}
                        <span class="visually-hidden">: {showDay(s.starts_on, locale)}</span>
                      </button>
                    </OfficeForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p>{t('office.training.sessions.none')}</p>
      )}

      <h2 id="add">{t('office.training.sessions.add')}</h2>
      <OfficeForm action="/office/training/sessions" csrf={csrf}>
        <SessionFields ctx={ctx} session={props.session} errors={errors} />
        <p class="form-actions">
          <button type="submit">{t('office.training.sessions.addButton')}</button>
        </p>
      </OfficeForm>

      <h2 id="details">{t('office.training.details.title')}</h2>
      <p>{t('office.training.details.intro')}</p>
      <OfficeForm action="/office/training/details" csrf={csrf}>
        {DETAILS.map((name) => (
          <fieldset key={name}>
            <legend>
              {t(`training.details.${name}`)}:{' '}
              {props.filled.includes(name) ? t('office.training.details.shown') : <strong>{t('office.training.details.toFill')}</strong>}
            </legend>
            {LOCALES.map((l) => (
              <TextArea
                key={l}
                name={`${name}_${l}`}
                label={t('office.training.details.field', { detail: t(`training.details.${name}`), language: LOCALE_NAMES[l] })}
                value={props.details[`${name}_${l}`] ?? ''}
                error={error(`${name}_${l}`)}
                rows={2}
              />
            ))}
          </fieldset>
        ))}
        <p class="form-actions">
          <button type="submit">{t('office.training.details.save')}</button>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function SessionPage(props: { ctx: OfficeContext; csrf: string; id: string; session: SessionForm; errors: FieldMessage[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.training.session.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={anchor} />
      <h1>{t('office.training.session.title')}</h1>
      <OfficeForm action={`/office/training/sessions/${props.id}`} csrf={props.csrf}>
        <SessionFields ctx={ctx} session={props.session} errors={props.errors} />
        <p class="form-actions">
          <button type="submit">{t('office.training.session.save')}</button> <a href="/office/training">{t('office.training.session.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
