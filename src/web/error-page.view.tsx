// A translated error page: what went wrong in plain words, and the way home.
import { Layout } from './layout.view.tsx';
import { localePath, type PageContext } from './page-context.ts';

export type ErrorKind = 'notFound' | 'tooLarge' | 'badRequest' | 'tooMany' | 'server' | 'unauthorised' | 'forbidden';

export function ErrorPage({ ctx, kind }: { ctx: PageContext; kind: ErrorKind }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(`errorPage.${kind}.title`)}>
      <h1>{t(`errorPage.${kind}.title`)}</h1>
      <p>{t(`errorPage.${kind}.text`)}</p>
      <p>
        <a href={localePath(ctx.locale, '/')}>{t('errorPage.home')}</a>
      </p>
    </Layout>
  );
}
