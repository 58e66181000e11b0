// The newsletter's public routes, per locale: /{locale}/newsletter (the form), its confirm and
// unsubscribe links. Public scope: no session, no cookie. The subscribe form is rate limited per
// client, and its answer never says whether the address was known.
import { isLocale, LOCALES, type Locale } from '../i18n/locales.ts';
import { textOf } from '../intake/report-fields.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { asFields, sendPage } from '../web/http.ts';
import { localePath } from '../web/page-context.ts';
import type { Scope } from '../web/scopes.ts';
import { ADDRESS_MAX, isSubscribableAddress, type Newsletter } from './newsletter.service.ts';
import { NewsletterStep, type SubscribeDraft, SubscribePage, type SubscribeProblem } from './newsletter.view.tsx';

export type NewsletterRouteDeps = { site: Site; newsletter: Newsletter; limit: ClientLimit };

/** Subscriptions one client may ask for in an hour: a family sharing one address stays far below. */
export const SUBSCRIBES_PER_HOUR = 10;

type TokenParams = { Params: { token: string } };

export async function newsletterRoutes(app: Scope, { site, newsletter, limit: clientLimit }: NewsletterRouteDeps) {
  // The subscribe form is linked from every page's footer and listed in the sitemap; a link's
  // pages (confirm, unsubscribe) are in neither.
  site.addFooterLinks((locale, t) => [{ href: localePath(locale, '/newsletter'), label: t('newsletter.title') }]);
  site.addSitemapPaths(() => ['/newsletter']);
  const limit = clientLimit('newsletter-subscribe', SUBSCRIBES_PER_HOUR, 60 * 60_000);
  // What the form sent, as it is given back: long input is kept (cut only to a sane bound) and refused.
  const draftOf = (body: unknown, locale: Locale): SubscribeDraft => {
    const fields = asFields(body);
    return { email: textOf(fields.email).slice(0, ADDRESS_MAX * 4), language: fields.language === undefined ? locale : textOf(fields.language).slice(0, 8) };
  };

  for (const locale of LOCALES) {
    const ctx = (path: string) => site.context(locale, path, { noindex: path !== '/newsletter' });
    const t = site.t(locale);
    const page = '/newsletter';

    app.get(`/${locale}${page}`, (_request, reply) => sendPage(reply, <SubscribePage ctx={ctx(page)} draft={{ email: '', language: locale }} />));
    app.post(
      `/${locale}${page}`,
      {
        preHandler: limit,
        errorHandler: (error, request, reply) => {
          if (error.statusCode !== 429) throw error;
          return sendPage(reply, <SubscribePage ctx={ctx(page)} draft={draftOf(request.body, locale)} problems={['too-many']} />, 429);
        },
      },
      async (request, reply) => {
        const draft = draftOf(request.body, locale);
        const problems: SubscribeProblem[] = [];
        if (!isSubscribableAddress(draft.email)) problems.push('invalid-email');
        if (!isLocale(draft.language)) problems.push('invalid-language');
        if (problems.length || !isLocale(draft.language)) return sendPage(reply, <SubscribePage ctx={ctx(page)} draft={draft} problems={problems} />, 400);
        await newsletter.subscribe(draft.email, draft.language);
        return sendPage(reply, <NewsletterStep ctx={ctx(`${page}/sent`)} heading={t('newsletter.sent.title')} text={t('newsletter.sent.text')} />);
      },
    );

    // A link's pages are for the one who has the link: never indexed (their language links go to
    // the subscribe page, never to another link).
    const stepCtx = () => site.context(locale, page, { noindex: true });
    const confirmPath = `${page}/confirm/:token`;
    const invalidConfirm = <NewsletterStep ctx={stepCtx()} heading={t('newsletter.confirm.invalidTitle')} text={t('newsletter.confirm.invalid')} />;
    app.get<TokenParams>(`/${locale}${confirmPath}`, async (request, reply) => {
      if (!(await newsletter.canConfirm(request.params.token))) return sendPage(reply, invalidConfirm, 404);
      const action = localePath(locale, `${page}/confirm/${encodeURIComponent(request.params.token)}`);
      return sendPage(
        reply,
        <NewsletterStep
          ctx={stepCtx()}
          heading={t('newsletter.confirm.title')}
          text={t('newsletter.confirm.text')}
          action={action}
          button={t('newsletter.confirm.button')}
        />,
      );
    });
    app.post<TokenParams>(`/${locale}${confirmPath}`, async (request, reply) => {
      if (!(await newsletter.confirm(request.params.token))) return sendPage(reply, invalidConfirm, 404);
      return sendPage(reply, <NewsletterStep ctx={stepCtx()} heading={t('newsletter.confirm.doneTitle')} text={t('newsletter.confirm.done')} />);
    });

    const unsubscribePath = `${page}/unsubscribe/:token`;
    const unsubscribed = <NewsletterStep ctx={stepCtx()} heading={t('newsletter.unsubscribe.doneTitle')} text={t('newsletter.unsubscribe.done')} />;
    app.get<TokenParams>(`/${locale}${unsubscribePath}`, async (request, reply) => {
      // A link already used, or for an address deleted meanwhile: it is unsubscribed all the same.
      if (!(await newsletter.canUnsubscribe(request.params.token))) return sendPage(reply, unsubscribed);
      const action = localePath(locale, `${page}/unsubscribe/${encodeURIComponent(request.params.token)}`);
      return sendPage(
        reply,
        <NewsletterStep
          ctx={stepCtx()}
          heading={t('newsletter.unsubscribe.title')}
          text={t('newsletter.unsubscribe.text')}
          action={action}
          button={t('newsletter.unsubscribe.button')}
        />,
      );
    });
    // The button, and the mail client's one-click POST (RFC 8058: body "List-Unsubscribe=One-Click",
    // form-encoded or multipart). The link is what identifies the subscriber; the body is not read.
    // Answered 200 whether or not anyone was deleted: a second click is no error.
    await app.register(async (oneClick) => {
      oneClick.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
      oneClick.post<TokenParams>(`/${locale}${unsubscribePath}`, async (request, reply) => {
        await newsletter.unsubscribe(request.params.token);
        return sendPage(reply, unsubscribed);
      });
    });
  }
}
