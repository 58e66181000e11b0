// The public training page: what the operator offers travel and tourism companies (in the
// sources' terms only), the details an editor filled (nothing of what is still to fill), the
// upcoming sessions, and the request form; and the thank-you page. Pure functions of their data.
import { Fragment } from 'preact';
import { ErrorSummary } from '../web/form.view.tsx';
import { FormLanguageSwitch } from '../web/language-switch.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { RequestForm, requestErrors, type Topic } from './training-form.view.tsx';
import type { RequestDraft, RequestProblem } from './training-request.ts';

/** A session as the page shows it: its day written out, its language named in the reader's words. */
export type SessionView = { id: string; day: string; place: string; language: string; seats: number };
/** A filled detail: its label and the editor's words in this locale. */
export type DetailView = { label: string; text: string };

export type TrainingPageProps = {
  ctx: PageContext;
  sessions: SessionView[];
  details: DetailView[];
  /** The information page on exploitation in travel and tourism, when the content has it. */
  topic?: Topic | undefined;
  draft: RequestDraft;
  problems?: RequestProblem[];
  /** Days a request is kept (TRAINING_REQUEST_DAYS). */
  keptDays: number;
};

export const FORM_ID = 'training-request';

export function TrainingPage({ ctx, sessions, details, topic, draft, problems = [], keptDays }: TrainingPageProps) {
  const { t } = ctx;
  const title = t('training.title');
  return (
    <Layout
      ctx={ctx}
      title={problems.length ? t('report.errorPageTitle', { title }) : title}
      description={t('training.summary')}
      languages={<FormLanguageSwitch ctx={ctx} form={FORM_ID} action={(l) => localePath(l, '/training')} send={t('training.form.submit')} />}
    >
      <h1>{title}</h1>
      <ErrorSummary title={t('training.error.title')} errors={requestErrors(t, problems)} anchor={(field) => field} />
      <p class="lead">{t('training.intro')}</p>
      <p>{t('training.purpose')}</p>
      <p>{t('training.history')}</p>
      {topic ? (
        <p>
          {t('training.topic')}{' '}
          <a href={topic.href} lang={topic.lang}>
            {topic.title}
          </a>
        </p>
      ) : null}

      <h2 id="sessions">{t('training.sessions.title')}</h2>
      {sessions.length ? (
        <ul class="services">
          {sessions.map((s) => (
            <li key={s.id}>
              <strong>{s.day}</strong>
              <br />
              {t('training.sessions.item', { place: s.place, language: s.language, seats: s.seats })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('training.sessions.none')}</p>
      )}

      {details.length ? (
        <>
          <h2 id="details">{t('training.details.title')}</h2>
          <dl class="contact">
            {details.map((d) => (
              <Fragment key={d.label}>
                <dt>{d.label}</dt>
                <dd>{d.text}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      ) : null}

      <h2 id="request">{t('training.form.title')}</h2>
      <RequestForm ctx={ctx} id={FORM_ID} draft={draft} problems={problems} keptDays={keptDays} topic={topic} />
    </Layout>
  );
}

export function ThanksPage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('training.thanks.title')}>
      <h1>{t('training.thanks.title')}</h1>
      <p>{t('training.thanks.text')}</p>
      <p>
        <a href={localePath(locale, '/training')}>{t('training.thanks.back')}</a>
      </p>
    </Layout>
  );
}
