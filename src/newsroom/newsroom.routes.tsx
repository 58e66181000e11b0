// The public routes of news and publications, per locale: the lists (?page=2…), each item's page,
// the news feed; and a publication's PDF. Public scope: no session, no cookie. Pages and the feed
// come from memory (no query), rendered once per published version; a PDF from memory too, after
// the query of its first download, and downloads are rate limited per client.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { createPageMemo } from '../web/http.ts';
import { localePath } from '../web/page-context.ts';
import type { Scope } from '../web/scopes.ts';
import { findPublished, listOf, type NewsroomPublic, type PublicDocument, pageOf } from './newsroom.public.ts';
import { KINDS, type Kind } from './newsroom.types.ts';
import { basePath, ItemView, itemPath, ListView, listPath } from './newsroom.view.tsx';
import { newsFeed } from './newsroom-feed.ts';

export type NewsroomRouteDeps = {
  site: Site;
  published: () => NewsroomPublic;
  limit: ClientLimit;
  /** A published publication's PDF (kept in memory once read). */
  readDocument: (id: string) => Promise<PublicDocument | undefined>;
};

/** A browser or proxy may keep a PDF this long (then asks again, answered 304 from memory when unchanged). */
const DOCUMENT_MAX_AGE_SECONDS = 3600;
/** PDF downloads one client may ask for in a minute: more than a reader needs, fewer than a loop sends. */
export const DOWNLOADS_PER_MINUTE = 60;

/** The page a list's query asks for: 1 without one, NaN for anything but a plain number. */
function pageAsked(request: FastifyRequest): number {
  const page = (request.query as Record<string, unknown> | undefined)?.page;
  if (page === undefined) return 1;
  return typeof page === 'string' && /^[1-9]\d{0,5}$/.test(page) ? Number(page) : Number.NaN;
}

export async function newsroomRoutes(app: Scope, deps: NewsroomRouteDeps): Promise<void> {
  const { site, published } = deps;
  const memo = createPageMemo(site.version);
  const feedTitle = (locale: Locale) => site.t(locale)('newsroom.feed.title', { site: site.t(locale)('site.name') });
  const feeds = new Map<Locale, string>();
  let feedsVersion = site.version();

  for (const locale of LOCALES) {
    for (const kind of KINDS) {
      app.get(`/${locale}${basePath(kind)}`, (request, reply) => {
        const asked = pageAsked(request);
        const list = pageOf(listOf(published(), kind), asked);
        if (!list) return reply.callNotFound();
        // "?page=1" is the list's own address without it.
        if ((request.query as Record<string, unknown>).page === '1') return reply.redirect(localePath(locale, basePath(kind)), 301);
        const path = listPath(kind, list.page);
        return memo(reply, `${locale}${path}`, () => <ListView ctx={site.context(locale, path)} kind={kind} list={list} feedTitle={feedTitle(locale)} />);
      });
      app.get<{ Params: { id: string } }>(`/${locale}${basePath(kind)}/:id`, (request, reply) => itemPage(reply, locale, kind, request.params.id));
    }

    app.get(`/${locale}/news/feed.xml`, (_request, reply) => {
      if (feedsVersion !== site.version()) {
        feedsVersion = site.version();
        feeds.clear();
      }
      let xml = feeds.get(locale);
      if (xml === undefined) {
        const t = site.t(locale);
        xml = newsFeed(published().news, { locale, origin: site.context(locale, '/news').origin, title: feedTitle(locale), author: t('site.name') });
        feeds.set(locale, xml);
      }
      // A feed reader asks again every few minutes; a feed holds nothing a visitor typed.
      return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    });
  }

  function itemPage(reply: FastifyReply, locale: Locale, kind: Kind, id: string) {
    const item = findPublished(published(), kind, id);
    if (!item) return reply.callNotFound();
    const path = itemPath(kind, item.id);
    return memo(reply, `${locale}${path}`, () => <ItemView ctx={site.context(locale, path)} item={item} />);
  }

  // A publication's PDF. `attachment`: the file is saved, never shown as a document of this site
  // (a PDF viewer on the site's origin could run the file's script or forms); with nosniff and its
  // type, no browser takes it for anything else. Unknown and unchanged files are answered from memory.
  // The cache headers go on a file found, never on a 404. When the counters cannot be reached, a
  // download goes through: it costs no query once the file is kept.
  const limited = deps.limit('publication-download', DOWNLOADS_PER_MINUTE, 60_000, { skipOnError: true });
  const cacheable = (reply: FastifyReply, digest: string) =>
    reply.header('cache-control', `public, max-age=${DOCUMENT_MAX_AGE_SECONDS}`).header('etag', `"${digest}"`).header('x-content-type-options', 'nosniff');
  app.get<{ Params: { file: string } }>('/publications/:file', { preHandler: limited }, async (request, reply) => {
    const id = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.pdf$/.exec(request.params.file)?.[1];
    const known = id ? findPublished(published(), 'publication', id)?.document : undefined;
    if (!id || !known) return reply.callNotFound();
    if (request.headers['if-none-match'] === `"${known.digest}"`) return cacheable(reply, known.digest).code(304).send();
    const document = await deps.readDocument(id);
    if (!document) return reply.callNotFound();
    return cacheable(reply, document.digest)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${id}.pdf"`)
      .send(document.bytes);
  });
}

/** The sitemap's paths (without locale): the lists and every published item. */
export function newsroomSitemap(published: NewsroomPublic): string[] {
  return KINDS.flatMap((kind) => [basePath(kind), ...listOf(published, kind).map((item) => itemPath(kind, item.id))]);
}
