// The editors' routes (office scope; editors and operator admins only): the list of everything
// editable, the edit form of one item (preview, save a draft, publish), its history with a
// comparison of two versions, and revert (after a confirmation).
import type { FastifyReply, FastifyRequest } from 'fastify';
import YAML from 'yaml';
import type { HelpService } from '../content/content.schema.ts';
import { PAGE_SECTIONS } from '../content/content.schema.ts';
import { authorize } from '../office/authorize.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import { asFields, sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { pageFromForm, serviceFormFrom, serviceOf } from './editing.forms.ts';
import { type EditingPages, editFormOf, errorsOf, labelOf, previewOf } from './editing.pages.ts';
import { EditRefused } from './editing.service.ts';
import { ID, parseSubject, RESERVED_SLUGS, type Subject, subjectKey } from './subjects.ts';
import { EditPage, type EditProps } from './views/edit.view.tsx';
import { HistoryPage } from './views/history.view.tsx';
import { HubPage } from './views/hub.view.tsx';
import { editHref, historyHref } from './views/links.ts';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
/** A version number as typed in an address or a form: a whole number from 1, else 0 (none). */
const count = (value: unknown) => {
  const n = Number(str(value) || Number.NaN);
  return Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? n : 0;
};
const NOTICES = ['saved', 'published', 'reverted'] as const;

export async function editingRoutes(scope: Scope, { web, pages }: { web: OfficeWeb; pages: EditingPages }) {
  const { editing } = pages;

  function subjectOf(value: unknown): Subject {
    const subject = parseSubject(str(value));
    if (!subject) throw new EditRefused('invalid', 'subject');
    return subject;
  }

  /** The edit page of one item: what was typed (or saved), and what to say about it. */
  function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    subject: Subject,
    page: Pick<EditProps, 'base' | 'form'> & Partial<Pick<EditProps, 'errors' | 'notice' | 'draft' | 'preview'>>,
    status = 200,
  ) {
    const ctx = web.context(request);
    const { errors = [], draft = false, ...rest } = page;
    return sendPage(
      reply,
      <EditPage
        ctx={ctx}
        csrf={sessionOf(request).csrf}
        subject={subjectKey(subject)}
        label={labelOf(subject, page.form, ctx.locale)}
        errors={errors}
        draft={draft}
        {...rest}
      />,
      status,
    );
  }

  async function hub(request: FastifyRequest, reply: FastifyReply, typed = { slug: '', section: '', service: '' }, errors: EditProps['errors'] = []) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const groups = pages.groups(ctx.locale, ctx.t, await editing.drafts(session));
    return sendPage(
      reply,
      <HubPage ctx={ctx} csrf={session.csrf} groups={groups} sections={PAGE_SECTIONS} errors={errors} typed={typed} />,
      errors.length ? 400 : 200,
    );
  }

  scope.get('/content', (request, reply) => {
    authorize(sessionOf(request), 'content.edit');
    return hub(request, reply);
  });

  scope.post('/content/new', async (request, reply) => {
    authorize(sessionOf(request), 'content.edit');
    const body = asFields(request.body);
    const { t } = web.context(request);
    if (body.kind === 'help-service') {
      const id = str(body.service).trim();
      if (!ID.test(id) || pages.exists({ kind: 'record', collection: 'help-services', id })) {
        return hub(request, reply, { slug: '', section: '', service: id }, [{ field: 'service', text: t('office.editing.error.newId') }]);
      }
      return reply.redirect(editHref(`record/help-services/${id}`), 303);
    }
    const slug = str(body.slug).trim();
    const section = str(body.section);
    const errors: EditProps['errors'] = [];
    if (!ID.test(slug) || RESERVED_SLUGS.has(slug) || pages.exists({ kind: 'page', slug }))
      errors.push({ field: 'slug', text: t('office.editing.error.newSlug') });
    if (!(PAGE_SECTIONS as readonly string[]).includes(section)) errors.push({ field: 'section', text: t('office.editing.error.section') });
    if (errors.length) return hub(request, reply, { slug, section, service: '' }, errors);
    return reply.redirect(editHref(`page/${slug}`, `&section=${section}`), 303);
  });

  scope.get('/content/edit', async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'content.edit');
    const query = request.query as Record<string, unknown>;
    const subject = subjectOf(query.subject);
    const opened = await editing.open(session, subject);
    const kind = NOTICES.find((n) => n === query.done);
    const notice = kind ? { kind, number: count(query.n) } : undefined;
    const form = editFormOf(subject, opened, str(query.section));
    const draft = opened.versions[0] !== undefined && opened.versions[0].published_at === null;
    return editPage(request, reply, subject, { base: opened.latest, form, notice, draft });
  });

  scope.post('/content/edit', async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'content.edit');
    const body = asFields(request.body);
    const subject = subjectOf(body.subject);
    const base = count(body.base);
    const ctx = web.context(request);
    const intent = str(body.intent);
    // What was typed, as the form shows it and as the version will hold it.
    let form: EditProps['form'];
    let data: unknown;
    let errors: EditProps['errors'] = [];
    if (subject.kind === 'page') {
      const page = pageFromForm(body);
      form = { kind: 'page', page, sections: PAGE_SECTIONS };
      data = page;
    } else if (subject.kind === 'record' && subject.collection === 'help-services') {
      const service = serviceFormFrom(body);
      form = { kind: 'service', service };
      data = serviceOf(service, pages.live(subject) as HelpService | undefined, subject.id);
    } else {
      const text = str(body.yaml);
      form = { kind: 'yaml', text };
      try {
        data = YAML.parse(text);
      } catch (error) {
        errors = [{ field: 'yaml', text: ctx.t('office.editing.error.yaml', { detail: (error as Error).message.split('\n')[0] ?? '' }) }];
      }
    }
    const answer = (status: number, extra: Partial<EditProps> = {}) => editPage(request, reply, subject, { base, form, errors, ...extra }, status);
    if (errors.length) return answer(400);
    if (intent === 'preview' && form.kind === 'page') return answer(200, { preview: previewOf(form.page) });
    const publish = intent === 'publish';
    try {
      const number = await editing.save(session, subject, data, { base, publish });
      return reply.redirect(editHref(subjectKey(subject), `&done=${publish ? 'published' : 'saved'}&n=${number}`), 303);
    } catch (error) {
      if (!(error instanceof EditRefused)) throw error;
      errors = errorsOf(error, subject, ctx.t);
      return answer(error.code === 'conflict' ? 409 : 400);
    }
  });

  scope.get('/content/history', async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'content.edit');
    const query = request.query as Record<string, unknown>;
    const subject = subjectOf(query.subject);
    const opened = await editing.open(session, subject);
    const from = count(query.from);
    const to = count(query.to);
    const compared = from > 0 && to > 0 ? { from, to, parts: await editing.diff(session, subject, from, to) } : undefined;
    const revert = count(query.revert);
    const ctx = web.context(request);
    return sendPage(
      reply,
      <HistoryPage
        ctx={ctx}
        csrf={session.csrf}
        subject={subjectKey(subject)}
        label={labelOf(subject, editFormOf(subject, opened, ''), ctx.locale)}
        versions={opened.versions}
        names={await pages.names(opened.versions.map((v) => v.created_by))}
        compared={compared}
        confirmRevert={revert > 0 && revert < opened.latest ? revert : undefined}
      />,
    );
  });

  scope.post('/content/revert', async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'content.publish');
    const body = asFields(request.body);
    const subject = subjectOf(body.subject);
    const number = count(body.number);
    if (body.confirm !== 'yes') return reply.redirect(historyHref(subjectKey(subject), `&revert=${number}`), 303);
    try {
      const made = await editing.revert(session, subject, number, count(body.base));
      return reply.redirect(editHref(subjectKey(subject), `&done=reverted&n=${made}`), 303);
    } catch (error) {
      // Someone changed the item meanwhile, or the old version no longer fits the site: the
      // history says so (the edit page shows the reason when the editor tries again).
      if (!(error instanceof EditRefused)) throw error;
      const opened = await editing.open(session, subject);
      const form = editFormOf(subject, opened, '');
      return editPage(request, reply, subject, { base: opened.latest, form, errors: errorsOf(error, subject, web.context(request).t) }, 400);
    }
  });
}
