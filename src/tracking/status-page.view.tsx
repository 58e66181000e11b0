// The look-up form, and when a number was found: the status history, the messages with the
// organisation and the form to answer them. On every answer, what each status means and what
// happens next.

import { REPORTER_STATUSES } from '../reports/report-status.ts';
import { ErrorSummary, TextField } from '../web/form.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { type AnswerDraft, AnswerForm, Conversation, type Day } from './conversation.view.tsx';
import type { Message, StatusEntry } from './tracking.service.ts';

/** A found report, as the page shows it. */
export type Found = {
  history: StatusEntry[];
  messages: Message[];
  /** Not closed: the reporter may still answer. */
  open: boolean;
  dayOf: (iso: string) => Day;
  /** The number, canonical and grouped, that the answer form carries back. */
  receipt: string;
  /** The answer being written: given back with its problem when it was refused. */
  draft?: AnswerDraft;
  /** The answer was just stored. */
  answered?: boolean;
};

export type StatusPageProps = {
  ctx: PageContext;
  value: string;
  /**
   * The history when found, with the day of each entry (times are kept to the hour only, so the
   * page does not present one as exact); 'not-found' for any wrong number; undefined before a
   * look-up.
   */
  result?: Found | 'not-found' | 'too-many';
  /** An answer held back by the look-up limit: given back, so nothing typed is lost. */
  unsent?: { receipt: string; text: string };
};

function Meanings({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="status-meanings">
      <h2 id="status-meanings">{t('status.meaningsTitle')}</h2>
      <dl class="status-meanings">
        {REPORTER_STATUSES.map((status) => (
          <div key={status}>
            <dt>{t(`status.value.${status}`)}</dt>
            <dd>{t(`status.meaning.${status}`)}</dd>
            <dd class="status-next">{t(`status.next.${status}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function StatusPage({ ctx, value, result, unsent }: StatusPageProps) {
  const { t, locale } = ctx;
  const found = result && typeof result === 'object' ? result : undefined;
  const problem =
    result === 'not-found'
      ? { title: t('status.notFoundTitle'), intro: t('status.notFoundHelp'), text: t('status.notFound') }
      : result === 'too-many'
        ? { title: t('status.tooManyTitle'), text: t('status.tooMany') }
        : undefined;
  const answerError = found?.draft?.error;
  const title = problem || answerError ? t('report.errorPageTitle', { title: t('status.title') }) : t('status.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{t('status.title')}</h1>
      {problem ? <ErrorSummary title={problem.title} intro={problem.intro} errors={[{ field: 'receipt', text: problem.text }]} anchor={(f) => f} /> : null}
      {answerError ? (
        <ErrorSummary
          title={t('status.answer.errorTitle')}
          intro={t('status.answer.errorIntro')}
          errors={[{ field: 'answer', text: answerError }]}
          anchor={(f) => f}
        />
      ) : null}
      {unsent ? <AnswerForm ctx={ctx} receipt={unsent.receipt} draft={{ text: unsent.text }} /> : null}
      {found?.answered ? (
        <p class="notice" role="status">
          {t('status.answer.sent')}
        </p>
      ) : null}
      {found ? (
        <>
          <section aria-labelledby="history">
            <h2 id="history">{t('status.history')}</h2>
            <ol class="status-list">
              {found.history.map((h) => {
                const day = found.dayOf(h.at);
                return (
                  <li key={h.at + h.status}>
                    <strong>{t(`status.value.${h.status}`)}</strong> – <time dateTime={day.date}>{day.text}</time>
                  </li>
                );
              })}
            </ol>
            <p>{t('status.dayOnly')}</p>
          </section>
          <Conversation ctx={ctx} messages={found.messages} open={found.open} dayOf={found.dayOf} receipt={found.receipt} draft={found.draft ?? { text: '' }} />
          <Meanings ctx={ctx} />
          <h2>{t('status.another')}</h2>
        </>
      ) : null}
      <p>{t('status.intro')}</p>
      <form method="post" action={localePath(locale, '/report/status')} accept-charset="utf-8" novalidate>
        <TextField name="receipt" label={t('status.label')} hint={t('status.hint')} value={value} error={problem?.text} autocomplete="off" />
        <button type="submit">{t('status.submit')}</button>
      </form>
      {found ? null : <Meanings ctx={ctx} />}
    </Layout>
  );
}
