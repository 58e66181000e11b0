// The public information side: language negotiation, home, information pages, help services,
// the guided triage, and the files search engines read.
import type { FastifyInstance } from 'fastify';
import { LOCALES, negotiateLocale } from '../i18n/locales.ts';
import { createPageMemo, sendPage } from '../web/http.ts';
import { localePath } from '../web/page-context.ts';
import type { Site } from './site.ts';
import { ContentPage } from './content-page.view.tsx';
import { HelpPage } from './help-page.view.tsx';
import { HomePage } from './home-page.view.tsx';
import { helpServiceViews, outcomeBlocks, publicPaths, stepDepths } from './portal.service.ts';
import { TriageOutcomePage, TriageStepPage } from './triage-page.view.tsx';

/** Pages whose Markdown is an introduction to a page of their own, not a page at their slug. */
const INTRO_PAGES = new Set(['home', 'help']);

export async function portalRoutes(app: FastifyInstance, { site, publicUrl }: { site: Site; publicUrl: string }) {
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

  for (const locale of LOCALES) {
    const t = site.t(locale);
    app.get(`/${locale}`, (_request, reply) => reply.redirect(`/${locale}/`, 301));
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

    app.get(`/${locale}/help`, (_request, reply) =>
      sendPage(
        reply,
        <HelpPage
          ctx={site.context(locale, '/help')}
          introHtml={content.page('help')?.translations[locale].html}
          emergency={content.emergency}
          services={helpServiceViews(content, locale, t, new Date())}
        />,
      ),
    );

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
        app.get(`/${locale}${path}`, (_request, reply) =>
          sendPage(
            reply,
            <TriageOutcomePage ctx={site.context(locale, path)} outcome={outcome} blocks={outcomeBlocks(content, outcome.id, locale, t, new Date()) ?? []} />,
          ),
        );
      }
    }
  }
}
