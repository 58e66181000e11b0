// The look-up form, and the status history when a number was found; on every answer, what each
// status means and what happens next.

import { REPORTER_STATUSES } from '../reports/report-status.ts';
import { ErrorSummary, TextField } from '../web/form.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import type { StatusEntry } from './tracking.service.ts';

/** A day as the page shows it (in the visitor's language) and as <time datetime> gives it (YYYY-MM-DD). */
export type Day = { text: string; date: string };

export type StatusPageProps = {
  ctx: PageContext;
  value: string;
  /**
   * The history when found, with the day of each entry (times are kept to the hour only, so the
   * page does not present one as exact); 'not-found' for any wrong number; undefined before a
   * look-up.
   */
  result?: { history: StatusEntry[]; dayOf: (iso: string) => Day } | 'not-found' | 'too-many';
};

export function StatusPage({ ctx, value, result }: StatusPageProps) {
  const { t, locale } = ctx;
  const found = result && typeof result === 'object' ? result : undefined;
  const problem =
    result === 'not-found'
      ? { title: t('status.notFoundTitle'), intro: t('status.notFoundHelp'), text: t('status.notFound') }
      : result === 'too-many'
        ? { title: t('status.tooManyTitle'), text: t('status.tooMany') }
        : undefined;
  const meanings = (
    <section aria-labelledby="status-meanings">
      <h2 id="status-meanings">{t('status.meaningsTitle')}</h2>
      <dl class="status-meanings">
        {REPORTER_STATUSES.map((status) => (
          <div key={status}>
            <dt>{t(`status.value.${status}`)}</dt>
            <dd>{t(`status.meaning.${status}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
  return (
    <Layout ctx={ctx} title={problem ? t('report.errorPageTitle', { title: t('status.title') }) : t('status.title')}>
      <h1>{t('status.title')}</h1>
      {problem ? <ErrorSummary title={problem.title} intro={problem.intro} errors={[{ field: 'receipt', text: problem.text }]} anchor={(f) => f} /> : null}
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
          {meanings}
          <h2>{t('status.another')}</h2>
        </>
      ) : null}
      <p>{t('status.intro')}</p>
      <form method="post" action={localePath(locale, '/report/status')} accept-charset="utf-8" novalidate>
        <TextField name="receipt" label={t('status.label')} hint={t('status.hint')} value={value} error={problem?.text} autocomplete="off" />
        <button type="submit">{t('status.submit')}</button>
      </form>
      {found ? null : meanings}
    </Layout>
  );
}
