// The public information side: language negotiation, home, information pages, help services,
// the guided triage, and the files search engines read.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import type { Triage } from '../content/content.schema.ts';
import { LOCALES, type Locale, negotiateLocale } from '../i18n/locales.ts';
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
export function createMinuteMemo(now: () => Date) {
  let minute = Number.NaN;
  let memo = createPageMemo();
  return (reply: FastifyReply, key: string, view: (at: Date) => VNode): FastifyReply => {
    const current = Math.floor(now().getTime() / MINUTE);
    if (current !== minute) {
      minute = current;
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

export async function portalRoutes(app: FastifyInstance, { site, publicUrl, now = () => new Date() }: { site: Site; publicUrl: string; now?: () => Date }) {
  const { content } = site;

  app.get('/', (request, reply) =>
    reply
      .header('vary', 'Accept-Language')
      .header('cache-control', 'no-store')
      .redirect(`/${negotiateLocale(request.headers['accept-language'])}/`, 302),
  );

  const paths = publicPaths(content);
  const sitemap = [
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
  app.get('/sitemap.xml', (_request, reply) => reply.header('content-type', 'application/xml; charset=utf-8').send(sitemap));
  const robots = ['User-agent: *', ...LOCALES.map((l) => `Disallow: /${l}/report/`), 'Disallow: /api/', `Sitemap: ${publicUrl}/sitemap.xml`, ''].join('\n');
  app.get('/robots.txt', (_request, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(robots));

  const depths = stepDepths(content);
  const memo = createPageMemo();
  const minuteMemo = createMinuteMemo(now);

  for (const locale of LOCALES) {
    app.get(`/${locale}`, (_request, reply) => reply.redirect(`/${locale}/`, 301));
    // A public page's address with a trailing slash ("/en/help/", as typed or pasted) leads to
    // the page's own address; "/en/" is the home page's, and stays as it is.
    for (const path of paths) {
      if (path === '/') continue;
      app.get(`/${locale}${path}/`, (request, reply) => {
        const query = request.url.indexOf('?');
        return reply.redirect(`/${locale}${path}${query === -1 ? '' : request.url.slice(query)}`, 301);
      });
    }
    app.get(`/${locale}/`, (_request, reply) =>
      memo(reply, `${locale}/`, () => (
        <HomePage
          ctx={site.context(locale, '/')}
          introHtml={content.page('home')?.translations[locale].html}
          emergency={content.emergency}
          channels={content.channels}
          learn={content.pages.filter((p) => p.section === 'exploitation')}
          links={{ triage: Boolean(content.triage), help: content.helpServices.length > 0 }}
        />
      )),
    );

    app.get(`/${locale}/help`, (request, reply) => {
      // "?for=children": the visitor said they are under 18 (a link on the page); anything else is everyone's order.
      const forChildren = (request.query as { for?: unknown } | undefined)?.for === 'children';
      return minuteMemo(reply, `${locale}/help${forChildren ? '?for=children' : ''}`, (at) => helpPageView(site, locale, at, forChildren));
    });

    for (const page of content.pages) {
      if (INTRO_PAGES.has(page.slug)) continue;
      const path = `/${page.slug}`;
      const { title, summary, html } = page.translations[locale];
      app.get(`/${locale}${path}`, (_request, reply) =>
        memo(reply, `${locale}${path}`, () => (
          <ContentPage
            ctx={site.context(locale, path)}
            title={title}
            summary={summary}
            html={html}
            laws={page.slug === 'law' ? content.laws : undefined}
            definitions={page.slug === 'definitions' ? content.definitions : undefined}
            operatorContact={OPERATOR_PAGES.has(page.slug)}
            operatorStatements={page.slug === 'about'}
            pageTitles={new Map(content.pages.map((p) => [p.slug, p.translations[locale].title]))}
          />
        )),
      );
    }

    const triage = content.triage;
    if (triage) {
      for (const step of triage.steps) {
        const path = step.id === triage.start ? '/triage' : `/triage/${step.id}`;
        app.get(`/${locale}${path}`, (_request, reply) =>
          memo(reply, `${locale}${path}`, () => (
            <TriageStepPage ctx={site.context(locale, path)} step={step} number={depths.get(step.id) ?? 1} first={step.id === triage.start} />
          )),
        );
      }
      for (const outcome of triage.outcomes) {
        const path = `/triage/result/${outcome.id}`;
        app.get(`/${locale}${path}`, (_request, reply) => minuteMemo(reply, `${locale}${path}`, (at) => outcomePageView(site, locale, outcome, at)));
      }
    }
  }
}
