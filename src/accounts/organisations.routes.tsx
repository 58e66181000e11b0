// The operator admin's organisations pages: list and create (the first supervisor's link goes by
// mail, never to the admin's screen: it carries the organisation key), and invite a supervisor to
// an existing organisation. Other roles get 403 from the app's error page.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import { refusalOf } from '../office/refusal.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { Organisations } from './organisations.service.ts';
import {
  InviteSupervisorPage,
  type NewOrganisationForm,
  ORGANISATION_NOTICES,
  type OrganisationNotice,
  OrganisationsPage,
  type SupervisorForm,
} from './organisations.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
const CreateBody = Type.Object({
  id: Type.Optional(Text(80)),
  name: Type.Optional(Text(200)),
  kind: Type.Optional(Text(20)),
  email: Type.Optional(Text(254)),
  locale: Type.Optional(Text(8)),
  ...Csrf,
});
const SupervisorBody = Type.Object({ email: Type.Optional(Text(254)), locale: Type.Optional(Text(8)), ...Csrf });
const IdParams = Type.Object({ id: Text(80) });
const ListQuery = Type.Object({ done: Type.Optional(Text(20)), lang: Type.Optional(Text(8)) });

export type OrganisationsRouteDeps = { web: OfficeWeb; organisations: Organisations };

export async function organisationsRoutes(scope: Scope, deps: OrganisationsRouteDeps) {
  const { web, organisations } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { form?: NewOrganisationForm; errors?: FieldMessage[]; notice?: OrganisationNotice; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const rows = await organisations.list(session);
    const form = options.form ?? { id: '', name: '', kind: '', email: '', locale: ctx.locale };
    return sendPage(
      reply,
      <OrganisationsPage ctx={ctx} csrf={session.csrf} rows={rows} form={form} errors={options.errors ?? []} notice={options.notice} />,
      options.status ?? 200,
    );
  }

  scope.get('/organisations', { schema: { querystring: ListQuery } }, (request, reply) => {
    authorize(sessionOf(request), 'organisation.create');
    const done = request.query.done;
    const notice = ORGANISATION_NOTICES.find((n) => n === done);
    return page(request, reply, notice ? { notice } : {});
  });

  scope.post('/organisations', { schema: { body: CreateBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'organisation.create');
    const body: Static<typeof CreateBody> = request.body;
    const form: NewOrganisationForm = { id: body.id ?? '', name: body.name ?? '', kind: body.kind ?? '', email: body.email ?? '', locale: body.locale ?? '' };
    const { t } = web.context(request);
    if (!isLocale(form.locale)) return page(request, reply, { form, errors: [{ field: 'locale', text: t('office.error.locale-invalid') }], status: 400 });
    try {
      await organisations.create(session, { ...form, locale: form.locale });
      return reply.redirect('/office/organisations?done=created', 303);
    } catch (error) {
      const refusal = refusalOf(error, t, 'id');
      return page(request, reply, { form, errors: refusal.errors, status: refusal.status });
    }
  });

  const supervisorPage = async (request: FastifyRequest, reply: FastifyReply, id: string, form: SupervisorForm, errors: FieldMessage[], status = 200) => {
    const session = sessionOf(request);
    const organisation = await organisations.find(session, id);
    return sendPage(
      reply,
      <InviteSupervisorPage ctx={web.context(request)} csrf={session.csrf} organisation={organisation} form={form} errors={errors} />,
      status,
    );
  };

  scope.get('/organisations/:id/supervisors', { schema: { params: IdParams } }, (request, reply) => {
    authorize(sessionOf(request), 'organisation.invite-supervisor');
    return supervisorPage(request, reply, request.params.id, { email: '', locale: web.context(request).locale }, []);
  });

  scope.post('/organisations/:id/supervisors', { schema: { params: IdParams, body: SupervisorBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'organisation.invite-supervisor');
    const { id } = request.params;
    const form: SupervisorForm = { email: request.body.email ?? '', locale: request.body.locale ?? '' };
    const { t } = web.context(request);
    if (!isLocale(form.locale)) return supervisorPage(request, reply, id, form, [{ field: 'locale', text: t('office.error.locale-invalid') }], 400);
    try {
      await organisations.inviteSupervisor(session, id, { email: form.email, locale: form.locale });
      return reply.redirect('/office/organisations?done=invited', 303);
    } catch (error) {
      const refusal = refusalOf(error, t, 'email');
      return supervisorPage(request, reply, id, form, refusal.errors, refusal.status);
    }
  });
}
