// The newsletter's public pages: the subscribe form (filled with what was typed, and its errors),
// the answer after sending it (the same whether or not the address was known), and the confirm
// and unsubscribe pages, each a button that posts (a mail scanner that follows links does not
// confirm or unsubscribe anyone).
import { LOCALES } from '../i18n/locales.ts';
import { ErrorSummary, Radios, TextField } from '../web/form.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';

export type SubscribeDraft = { email: string; language: string };
export type SubscribeProblem = 'invalid-email' | 'invalid-language' | 'too-many';

export function SubscribePage({ ctx, draft, problems = [] }: { ctx: PageContext; draft: SubscribeDraft; problems?: SubscribeProblem[] }) {
  const { t, locale } = ctx;
  const title = t('newsletter.title');
  const fieldError = (field: 'email' | 'language') =>
    problems.includes(field === 'email' ? 'invalid-email' : 'invalid-language') ? t(`newsletter.error.${field}`) : undefined;
  const errors = [
    ...(problems.includes('too-many') ? [{ field: 'email', text: t('newsletter.error.tooMany') }] : []),
    ...(['email', 'language'] as const).flatMap((field) => {
      const text = fieldError(field);
      return text ? [{ field, text }] : [];
    }),
  ];
  return (
    <Layout ctx={ctx} title={errors.length ? t('report.errorPageTitle', { title }) : title}>
      <h1>{title}</h1>
      <ErrorSummary title={t('newsletter.error.title')} errors={errors} anchor={(f) => f} />
      <p>{t('newsletter.intro')}</p>
      <form method="post" action={localePath(locale, '/newsletter')} accept-charset="utf-8" novalidate>
        <TextField
          name="email"
          type="email"
          autocomplete="email"
          label={t('newsletter.email.label')}
          hint={t('newsletter.email.hint')}
          error={fieldError('email')}
          required
          value={draft.email}
        />
        <Radios
          name="language"
          label={t('newsletter.language.label')}
          error={fieldError('language')}
          required
          value={draft.language}
          options={LOCALES.map((l) => ({ value: l, label: t(`newsletter.language.${l}`) }))}
        />
        <p>{t('newsletter.privacy')}</p>
        <button type="submit">{t('newsletter.submit')}</button>
      </form>
    </Layout>
  );
}

/** One message and, when there is something to do, one button that posts to `action`. */
export function NewsletterStep({ ctx, heading, text, action, button }: { ctx: PageContext; heading: string; text: string; action?: string; button?: string }) {
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <p>{text}</p>
      {action && button ? (
        <form method="post" action={action} accept-charset="utf-8">
          <button type="submit">{button}</button>
        </form>
      ) : null}
    </Layout>
  );
}
