// The public information side: language negotiation, home, information pages, help services,
// the guided triage, and the files search engines read.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import type { Triage } from '../content/content.schema.ts';
import { isLocale, LOCALES, type Locale, negotiateLocale } from '../i18n/locales.ts';
import { createPageMemo } from '../web/http.ts';
import { localePath } from '../web/page-context.ts';
import { ContentPage } from './content-page.view.tsx';
import { HelpPage } from './help-page.view.tsx';
import { HomePage } from './home-page.view.tsx';
import { helpServiceViews, outcomeBlocks, publicPaths, stepDepths } from './portal.service.ts';
import type { Site } from './site.ts';
import { TriageOutcomePage, TriageStepPage } from './triage-page.view.tsx';

/** Pages whose Markdown is an introduction to a page of their own, not a page at their slug. */
const INTRO_PAGES = new Set(['home', 'help']);
/** Pages that speak for the operator, and so end with its contact (content/operator.yaml). */
const OPERATOR_PAGES = new Set(['about', 'privacy', 'accessibility']);

const MINUTE = 60_000;

/**
 * Pages that show which lines are open (help, triage outcomes) depend on content, locale and the
 * time; opening hours are whole minutes in a zone whose offsets are whole hours, so what they show
 * changes only when a minute begins. Each is rendered once per minute, for the minute's first
 * instant, and served from memory until the next minute: the first request of a new minute
 * renders again, so no page outlives its minute.
 */
export function createMinuteMemo(now: () => Date, generation: () => string = () => '') {
  let minute = Number.NaN;
  let built = generation();
  let memo = createPageMemo();
  return (reply: FastifyReply, key: string, view: (at: Date) => VNode): FastifyReply => {
    const current = Math.floor(now().getTime() / MINUTE);
    if (current !== minute || built !== generation()) {
      minute = current;
      built = generation();
      memo = createPageMemo();
    }
    return memo(reply, key, () => view(new Date(current * MINUTE)));
  };
}

/** The help page at a moment; `forChildren` puts the lines for children first. */
export function helpPageView(site: Site, locale: Locale, at: Date, forChildren: boolean): VNode {
  const { content } = site;
  return (
    <HelpPage
      ctx={site.context(locale, '/help')}
      introHtml={content.page('help')?.translations[locale].html}
      emergency={content.emergency}
      services={helpServiceViews(content, locale, site.t(locale), at, { forChildren })}
      forChildren={forChildren}
    />
  );
}

/** A triage outcome's page at a moment. */
export function outcomePageView(site: Site, locale: Locale, outcome: Triage['outcomes'][number], at: Date): VNode {
  const path = `/triage/result/${outcome.id}`;
  return (
    <TriageOutcomePage ctx={site.context(locale, path)} outcome={outcome} blocks={outcomeBlocks(site.content, outcome.id, locale, site.t(locale), at) ?? []} />
  );
}

/**
 * Every route reads the content as it is now (site.content): an editor's publish shows on the
 * next request, on every instance, without a restart. Pages and triage steps are found by their
 * address's last part, so a page added by an editor has its address at once.
 */
export async function portalRoutes(app: FastifyInstance, { site, publicUrl, now = () => new Date() }: { site: Site; publicUrl: string; now?: () => Date }) {
  app.get('/', (request, reply) =>
    reply
      .header('vary', 'Accept-Language')
      .header('cache-control', 'no-store')
      .redirect(`/${negotiateLocale(request.headers['accept-language'])}/`, 302),
  );

  const paths = () => [...publicPaths(site.content), ...site.sitemapPaths()];
  let sitemap = { version: '', xml: '' };
  app.get('/sitemap.xml', (_request, reply) => {
    if (!sitemap.xml || sitemap.version !== site.version()) sitemap = { version: site.version(), xml: sitemapXml(publicUrl, paths()) };
    return reply.header('content-type', 'application/xml; charset=utf-8').send(sitemap.xml);
  });
  const robots = ['User-agent: *', ...LOCALES.map((l) => `Disallow: /${l}/report/`), 'Disallow: /api/', `Sitemap: ${publicUrl}/sitemap.xml`, ''].join('\n');
  app.get('/robots.txt', (_request, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(robots));

  // A public page's address with a trailing slash ("/en/help/", as typed or pasted) leads to the
  // page's own address, whichever route would answer it; "/en/" is the home page's, and stays.
  // Added before the other public routes (intake, tracking, sections), so it runs for theirs too.
  app.addHook('onRequest', (request, reply, done) => {
    const [pathname = '', query] = request.url.split(/\?(.*)/s, 2);
    const match = /^\/([a-z]{2})(\/.+)\/$/.exec(pathname);
    if (request.method === 'GET' && match?.[2] && isLocale(match[1]) && paths().includes(match[2])) {
      reply.redirect(`/${match[1]}${match[2]}${query === undefined ? '' : `?${query}`}`, 301);
      return;
    }
    done();
  });

  const memo = createPageMemo(site.version);
  const minuteMemo = createMinuteMemo(now, site.version);
  let depths = { version: '', of: new Map<string, number>() };
  const depthOf = (step: string) => {
    if (depths.version !== site.version() || !depths.of.size) depths = { version: site.version(), of: stepDepths(site.content) };
    return depths.of.get(step) ?? 1;
  };

  for (const locale of LOCALES) {
    app.get(`/${locale}`, (_request, reply) => reply.redirect(`/${locale}/`, 301));
    // Any other address under the locale is answered in this scope (whose hook above leads a
    // trailing slash to its page): not found, unless the hook redirected.
    app.get(`/${locale}/*`, (_request, reply) => reply.callNotFound());
    app.get(`/${locale}/`, (_request, reply) =>
      memo(reply, `${locale}/`, () => {
        const { content } = site;
        return (
          <HomePage
            ctx={site.context(locale, '/')}
            introHtml={content.page('home')?.translations[locale].html}
            emergency={content.emergency}
            channels={content.channels}
            learn={content.pages.filter((p) => p.section === 'exploitation')}
            links={{ triage: Boolean(content.triage), help: content.helpServices.length > 0 }}
          />
        );
      }),
    );

    app.get(`/${locale}/help`, (request, reply) => {
      // "?for=children": the visitor said they are under 18 (a link on the page); anything else is everyone's order.
      const forChildren = (request.query as { for?: unknown } | undefined)?.for === 'children';
      return minuteMemo(reply, `${locale}/help${forChildren ? '?for=children' : ''}`, (at) => helpPageView(site, locale, at, forChildren));
    });

    app.get<{ Params: { slug: string } }>(`/${locale}/:slug`, (request, reply) => {
      const { content } = site;
      const page = content.page(request.params.slug);
      if (!page || INTRO_PAGES.has(page.slug)) return reply.callNotFound();
      const path = `/${page.slug}`;
      return memo(reply, `${locale}${path}`, () => {
        const { title, summary, html, lang } = page.translations[locale];
        return (
          <ContentPage
            ctx={site.context(locale, path)}
            title={title}
            summary={summary}
            html={html}
            lang={lang}
            laws={page.slug === 'law' ? content.laws : undefined}
            definitions={page.slug === 'definitions' ? content.definitions : undefined}
            operatorContact={OPERATOR_PAGES.has(page.slug)}
            operatorStatements={page.slug === 'about'}
            pageTitles={new Map(content.pages.map((p) => [p.slug, p.translations[locale].title]))}
          />
        );
      });
    });

    const stepPage = (reply: FastifyReply, id: string) => {
      const triage = site.content.triage;
      const step = triage?.steps.find((s) => s.id === id);
      if (!triage || !step) return reply.callNotFound();
      const path = step.id === triage.start ? '/triage' : `/triage/${step.id}`;
      return memo(reply, `${locale}${path}`, () => (
        <TriageStepPage ctx={site.context(locale, path)} step={step} number={depthOf(step.id)} first={step.id === triage.start} />
      ));
    };
    app.get(`/${locale}/triage`, (_request, reply) => {
      const start = site.content.triage?.start;
      return start ? stepPage(reply, start) : reply.callNotFound();
    });
    app.get<{ Params: { step: string } }>(`/${locale}/triage/:step`, (request, reply) =>
      // The first step has the bare address only.
      request.params.step === site.content.triage?.start ? reply.callNotFound() : stepPage(reply, request.params.step),
    );
    app.get<{ Params: { outcome: string } }>(`/${locale}/triage/result/:outcome`, (request, reply) => {
      const outcome = site.content.triage?.outcomes.find((o) => o.id === request.params.outcome);
      if (!outcome) return reply.callNotFound();
      return minuteMemo(reply, `${locale}/triage/result/${outcome.id}`, (at) => outcomePageView(site, locale, outcome, at));
    });
  }
}

function sitemapXml(publicUrl: string, paths: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...paths.flatMap((path) =>
      LOCALES.map(
        (locale) =>
          `<url><loc>${publicUrl}${localePath(locale, path)}</loc>${LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${publicUrl}${localePath(l, path)}"/>`).join('')}</url>`,
      ),
    ),
    '</urlset>',
  ].join('\n');
}
