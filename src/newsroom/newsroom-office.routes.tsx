// The editors' routes for news (/office/news) and publications (/office/publications): the list,
// the page that creates an item, an item's page (save or preview, publish, unpublish, delete after
// a confirmation) and, for a publication, its PDF (newsroom-upload.routes.ts). Office scope: a
// session on every request, CSRF on every POST; each route authorises first (supervisors and
// analysts get 403). Bad input comes back with everything typed and each problem beside its field.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { asFields, sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { resolveTexts } from './newsroom.public.ts';
import { type Draft, emptyDraft, type ItemText, KINDS, type Kind, LIMITS, type Problem, xmlText } from './newsroom.types.ts';
import { EditPage, type EditPageProps, problemMessage } from './newsroom-edit.view.tsx';
import type { NewsroomOffice, SaveResult } from './newsroom-office.service.ts';
import { ConfirmDeletePage, NEWSROOM_NOTICES, NewsroomListPage, officeBase } from './newsroom-office.view.tsx';
import { documentRoutes } from './newsroom-upload.routes.ts';

export type NewsroomOfficeRouteDeps = { web: OfficeWeb; office: NewsroomOffice };

// Every field optional and a little over its limit: a form sent without one, or with a text too
// long, comes back with its message and all that was typed.
const text = (max: number) => Type.Optional(Type.String({ maxLength: max * 2 }));
const DraftBody = Type.Object({
  _csrf: text(64),
  intent: text(10),
  id: text(LIMITS.id),
  date: text(10),
  country: text(4),
  ...Object.fromEntries(
    LOCALES.flatMap((l) => [
      [`title-${l}`, text(LIMITS.title)],
      [`summary-${l}`, text(LIMITS.summary)],
      [`body-${l}`, text(LIMITS.body)],
      [`fallback-${l}`, text(4)],
    ]),
  ),
});
const ActionBody = Type.Object({ _csrf: text(64), confirm: text(4) });
const PageQuery = Type.Object({ done: text(12), lang: text(8) });
/** Three locales of the longest text, form-encoded (a character may take 9 bytes). */
const DRAFT_BODY_LIMIT = 2 * 1024 * 1024;

type IdParams = { Params: { id: string } };

/**
 * The draft as typed: ids and dates trimmed, text kept as it is but for the characters XML
 * forbids (pasted from Word, they would break the Atom feed).
 */
function readDraft(body: unknown, id?: string): Draft {
  const fields = asFields(body);
  const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const draft = emptyDraft();
  draft.id = id ?? field('id').trim();
  draft.date = field('date').trim();
  draft.country = field('country').trim().toLowerCase();
  for (const locale of LOCALES) {
    const text = (part: keyof ItemText) => xmlText(field(`${part}-${locale}`));
    draft.texts[locale] = { title: text('title'), summary: text('summary'), body: text('body') };
  }
  draft.fallback = LOCALES.filter((l) => l !== 'en' && field(`fallback-${l}`) === 'yes');
  return draft;
}

export async function newsroomOfficeRoutes(scope: Scope, deps: NewsroomOfficeRouteDeps): Promise<void> {
  const { web, office } = deps;

  /** The edit page (or the page that creates one, without `saved`), for this request. */
  function edit(
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<EditPageProps, 'ctx' | 'csrf' | 'errors'> & { errors?: FieldMessage[]; status?: number },
  ) {
    const { status = 200, errors = [], ...rest } = props;
    return sendPage(reply, <EditPage ctx={web.context(request)} csrf={sessionOf(request).csrf} errors={errors} {...rest} />, status);
  }
  const messages = (request: FastifyRequest, kind: Kind, problems: Problem[]) => problems.map((p) => problemMessage(p, kind, web.context(request)));
  const noticeOf = (request: FastifyRequest) => NEWSROOM_NOTICES.find((n) => n === (request.query as { done?: string }).done);

  async function savedItem(request: FastifyRequest, kind: Kind, id: string) {
    const item = await office.find(sessionOf(request), kind, id);
    if (!item) throw new NotFound('newsroom.edit');
    return item;
  }

  for (const kind of KINDS) {
    const base = officeBase(kind).slice('/office'.length);

    scope.get(base, { schema: { querystring: PageQuery } }, async (request, reply) => {
      const items = await office.list(sessionOf(request), kind);
      return sendPage(reply, <NewsroomListPage ctx={web.context(request)} kind={kind} items={items} notice={noticeOf(request)} />);
    });

    scope.get(`${base}/new`, (request, reply) => {
      authorize(sessionOf(request), 'newsroom.edit');
      return edit(request, reply, { kind, draft: emptyDraft() });
    });

    scope.post(`${base}/new`, { schema: { body: DraftBody }, bodyLimit: DRAFT_BODY_LIMIT }, async (request, reply) => {
      const session = sessionOf(request);
      authorize(session, 'newsroom.edit');
      const draft = readDraft(request.body);
      if (asFields(request.body).intent === 'preview') return edit(request, reply, { kind, draft, preview: resolveTexts(kind, draft.texts) });
      const result = await office.create(session, kind, draft);
      if (!result.ok) return edit(request, reply, { kind, draft, errors: 'gone' in result ? [] : messages(request, kind, result.problems), status: 400 });
      return reply.redirect(`${officeBase(kind)}/${draft.id}?done=created`, 303);
    });

    scope.get<IdParams>(`${base}/:id`, { schema: { querystring: PageQuery } }, async (request, reply) => {
      const saved = await savedItem(request, kind, request.params.id);
      return edit(request, reply, { kind, draft: saved, saved, notice: noticeOf(request) });
    });

    scope.post<IdParams>(`${base}/:id`, { schema: { body: DraftBody }, bodyLimit: DRAFT_BODY_LIMIT }, async (request, reply) => {
      const session = sessionOf(request);
      authorize(session, 'newsroom.edit');
      const saved = await savedItem(request, kind, request.params.id);
      const draft = readDraft(request.body, saved.id);
      if (asFields(request.body).intent === 'preview') return edit(request, reply, { kind, draft, saved, preview: resolveTexts(kind, draft.texts) });
      const result: SaveResult = await office.save(session, kind, draft);
      if ('gone' in result) throw new NotFound('newsroom.edit');
      if (!result.ok) return edit(request, reply, { kind, draft, saved, errors: messages(request, kind, result.problems), status: 400 });
      return reply.redirect(`${officeBase(kind)}/${saved.id}?done=saved`, 303);
    });

    scope.post<IdParams>(`${base}/:id/publish`, { schema: { body: ActionBody } }, async (request, reply) => {
      const session = sessionOf(request);
      authorize(session, 'newsroom.publish');
      const result = await office.publish(session, kind, request.params.id);
      if ('gone' in result) throw new NotFound('newsroom.publish');
      if (!result.ok) {
        // Shown on the item's page: what it lacks, beside the fields to fill.
        const saved = await savedItem(request, kind, request.params.id);
        return edit(request, reply, { kind, draft: saved, saved, errors: messages(request, kind, result.problems), status: 400 });
      }
      return reply.redirect(`${officeBase(kind)}/${request.params.id}?done=published`, 303);
    });

    scope.post<IdParams>(`${base}/:id/unpublish`, { schema: { body: ActionBody } }, async (request, reply) => {
      if (!(await office.unpublish(sessionOf(request), kind, request.params.id))) throw new NotFound('newsroom.publish');
      return reply.redirect(`${officeBase(kind)}/${request.params.id}?done=unpublished`, 303);
    });

    scope.post<IdParams>(`${base}/:id/delete`, { schema: { body: ActionBody } }, async (request, reply) => {
      const session = sessionOf(request);
      authorize(session, 'newsroom.publish');
      if (asFields(request.body).confirm !== 'yes') {
        const item = await savedItem(request, kind, request.params.id);
        return sendPage(reply, <ConfirmDeletePage ctx={web.context(request)} csrf={session.csrf} kind={kind} item={item} />);
      }
      if (!(await office.remove(session, kind, request.params.id))) throw new NotFound('newsroom.publish');
      return reply.redirect(`${officeBase(kind)}?done=deleted`, 303);
    });
  }

  await documentRoutes(scope, {
    office,
    refused: async (request, reply, message) => {
      const saved = await savedItem(request, 'publication', (request.params as { id: string }).id);
      const t = web.context(request).t;
      return edit(request, reply, { kind: 'publication', draft: saved, saved, errors: [{ field: 'document', text: t(message) }], status: 400 });
    },
  });
}
