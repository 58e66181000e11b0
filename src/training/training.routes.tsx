// The training page's public routes, per locale: /{locale}/training (what is offered, upcoming
// sessions, the request form) and its thank-you page. Public scope: no session, no cookie. The page
// is rendered from what the instance keeps in memory (no query per request), once per publish and
// per day; a request is rate limited per client and sealed when stored.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { asFields, createPageMemo, sendPage } from '../web/http.ts';
import { switchesLanguage } from '../web/language-switch.view.tsx';
import { localePath } from '../web/page-context.ts';
import type { Scope } from '../web/scopes.ts';
import { DETAILS, type PublicTraining } from './training.service.ts';
import { ThanksPage, TrainingPage } from './training.view.tsx';
import { dayAt, showDay } from './training-days.ts';
import { draftOf, emptyDraft, type RequestDraft, type RequestProblem, readRequest, type TrainingRequest } from './training-request.ts';

export type TrainingRouteDeps = {
  site: Site;
  limit: ClientLimit;
  /** What this instance keeps: sessions from the day it loaded, and the filled details. */
  kept: () => PublicTraining;
  /** Stores a valid request (sealed). */
  submit: (request: TrainingRequest) => Promise<void>;
  keptDays: number;
  now: () => number;
};

/** Requests one client may send in an hour (those sent back with an error count too): a company sends one or two. */
export const REQUESTS_PER_HOUR = 10;
const PAGE = '/training';
/** The information page this one links to rather than repeating it. */
const TOPIC = 'travel-and-tourism';

export async function trainingRoutes(app: Scope, deps: TrainingRouteDeps) {
  const { site } = deps;
  site.addFooterLinks((locale, t) => [{ href: localePath(locale, PAGE), label: t('training.footer') }]);
  site.addSitemapPaths(() => [PAGE]);

  const today = () => dayAt(deps.now());
  // "Upcoming" changes when a day begins in Luxembourg: the memo starts again with each day, as
  // with each publish, so no page outlives the day it was rendered for.
  const memo = createPageMemo(() => `${site.version()}|${today()}`);
  const limited = deps.limit('training-request', REQUESTS_PER_HOUR, 60 * 60_000);
  // A language button shows the form in another language and sends nothing: it is not counted.
  const counted = async function (this: Scope, request: FastifyRequest, reply: FastifyReply) {
    if (switchesLanguage(asFields(request.body))) return;
    return limited.call(this, request, reply);
  };

  const page = (locale: Locale, draft: RequestDraft, problems: RequestProblem[] = [], noindex = false) => {
    const t = site.t(locale);
    const { sessions, details } = deps.kept();
    const day = today();
    const topic = site.content.page(TOPIC)?.translations[locale];
    return (
      <TrainingPage
        ctx={site.context(locale, PAGE, { noindex })}
        sessions={sessions
          .filter((s) => s.starts_on >= day)
          .map((s) => ({ id: s.id, day: showDay(s.starts_on, locale), place: s.place, language: t(`training.sessionLanguage.${s.language}`), seats: s.seats }))}
        details={DETAILS.flatMap((name) => {
          const wording = details[name];
          return wording ? [{ label: t(`training.details.${name}`), text: wording[locale] }] : [];
        })}
        topic={topic ? { href: localePath(locale, `/${TOPIC}`), title: topic.title, lang: topic.lang } : undefined}
        draft={draft}
        problems={problems}
        keptDays={deps.keptDays}
      />
    );
  };

  for (const locale of LOCALES) {
    const blank = { ...emptyDraft(), language: locale };
    app.get(`/${locale}${PAGE}`, (_request, reply) => memo(reply, locale, () => page(locale, blank)));

    app.post(
      `/${locale}${PAGE}`,
      {
        bodyLimit: 32 * 1024,
        preHandler: counted,
        errorHandler: (error, request, reply) => {
          if (error.statusCode !== 429) throw error;
          return sendPage(reply, page(locale, draftOf(asFields(request.body)), [{ field: 'form', kind: 'too-many' }], true), 429);
        },
      },
      async (request, reply) => {
        const body = asFields(request.body);
        if (switchesLanguage(body)) {
          // Only this site's own pages hand their words over: a page elsewhere cannot post a
          // pre-filled form of its choosing (it gets an empty one).
          const fromHere = request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin';
          return sendPage(reply, page(locale, fromHere ? draftOf(body) : blank, [], true));
        }
        const draft = draftOf(body);
        const read = readRequest(draft);
        if ('problems' in read) return sendPage(reply, page(locale, draft, read.problems, true), 400);
        await deps.submit(read.request);
        // After a redirect, reloading the thank-you page sends nothing again.
        return reply.redirect(localePath(locale, `${PAGE}/thanks`), 303);
      },
    );

    app.get(`/${locale}${PAGE}/thanks`, (_request, reply) =>
      memo(reply, `${locale}/thanks`, () => <ThanksPage ctx={site.context(locale, `${PAGE}/thanks`, { noindex: true })} />),
    );
  }
}
