// The look-up form, and the status history when a number was found.
import { Layout } from '../web/layout.view.tsx';
import { ErrorSummary, TextField } from '../web/form.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import type { StatusEntry } from './tracking.service.ts';

export type StatusPageProps = {
  ctx: PageContext;
  value: string;
  /** The history when found; 'not-found' for any wrong number; undefined before a look-up. */
  result?: { history: StatusEntry[]; formatTime: (iso: string) => string } | 'not-found' | 'too-many';
};

export function StatusPage({ ctx, value, result }: StatusPageProps) {
  const { t, locale } = ctx;
  const problem = result === 'not-found' ? t('status.notFound') : result === 'too-many' ? t('status.tooMany') : undefined;
  return (
    <Layout ctx={ctx} title={problem ? t('report.errorPageTitle', { title: t('status.title') }) : t('status.title')}>
      <h1>{t('status.title')}</h1>
      {problem ? <ErrorSummary title={t('report.errorTitle')} errors={[{ field: 'receipt', text: problem }]} anchor={(f) => f} /> : null}
      {result && typeof result === 'object' ? (
        <section aria-labelledby="history">
          <h2 id="history">{t('status.history')}</h2>
          <ol class="status-list">
            {result.history.map((h) => (
              <li key={h.at + h.status}>
                <strong>{t(`status.value.${h.status}`)}</strong> – <time dateTime={h.at}>{result.formatTime(h.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p>{t('status.intro')}</p>
      <form method="post" action={localePath(locale, '/report/status')} accept-charset="utf-8" novalidate>
        <TextField name="receipt" label={t('status.label')} hint={t('status.hint')} value={value} error={problem} autocomplete="off" />
        <button type="submit">{t('status.submit')}</button>
      </form>
    </Layout>
  );
}
