// The public information side: language negotiation and the home page.
import type { FastifyInstance } from 'fastify';
import { LOCALES, negotiateLocale } from '../i18n/locales.ts';
import { sendPage } from '../web/http.ts';
import type { Site } from '../web/site.ts';
import { HomePage } from './home-page.view.tsx';

export async function portalRoutes(app: FastifyInstance, { site }: { site: Site }) {
  app.get('/', (request, reply) =>
    reply.code(302).header('vary', 'Accept-Language').header('cache-control', 'no-store').redirect(`/${negotiateLocale(request.headers['accept-language'])}/`),
  );
  for (const locale of LOCALES) {
    app.get(`/${locale}`, (_request, reply) => reply.redirect(`/${locale}/`, 301));
    app.get(`/${locale}/`, (_request, reply) => {
      const { content } = site;
      return sendPage(
        reply,
        <HomePage
          ctx={site.context(locale, '/')}
          introHtml={content.page('home')?.translations[locale].html}
          emergency={content.emergency}
          channels={content.channels}
          links={{ triage: Boolean(content.triage), help: content.helpServices.length > 0 }}
        />,
      );
    });
  }
}
