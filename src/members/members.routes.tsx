// A supervisor's members pages: the list, invite, grant the organisation key, approve a grant,
// remove (after a confirmation). Each route authorises first (the operator's roles and analysts
// get 403 from the app's error page, another organisation's member 404), calls one service,
// and answers a success with a 303 to the list, a refusal with the page again and its message.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale } from '../i18n/locales.ts';
import { organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import { refusalOf } from '../office/refusal.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { Members } from './members.service.ts';
import { type InviteForm, MEMBER_NOTICES, type MemberNotice, MembersPage, RemoveMemberPage } from './members.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
// Every field optional: a form sent without a choice comes back with its message, not a bare 400.
const InviteBody = Type.Object({ email: Type.Optional(Text(254)), role: Type.Optional(Text(20)), locale: Type.Optional(Text(8)), ...Csrf });
const RemoveBody = Type.Object({ confirm: Type.Optional(Text(8)), ...Csrf });
const ActionBody = Type.Object({ ...Csrf });
const IdParams = Type.Object({ id: Text(64) });
const ListQuery = Type.Object({ done: Type.Optional(Text(20)), lang: Type.Optional(Text(8)) });

export type MembersRouteDeps = { web: OfficeWeb; members: Members };

export async function membersRoutes(scope: Scope, deps: MembersRouteDeps) {
  const { web, members } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { invite?: InviteForm; errors?: FieldMessage[]; notice?: MemberNotice; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const rows = await members.list(session);
    return sendPage(
      reply,
      <MembersPage
        ctx={ctx}
        csrf={session.csrf}
        rows={rows}
        holdsKey={session.organisationKey !== undefined}
        invite={options.invite ?? { email: '', role: 'analyst', locale: ctx.locale }}
        errors={options.errors ?? []}
        notice={options.notice}
      />,
      options.status ?? 200,
    );
  }

  scope.get('/members', { schema: { querystring: ListQuery } }, (request, reply) => {
    organisationOf(sessionOf(request), 'member.list');
    const done = request.query.done;
    const notice = MEMBER_NOTICES.find((n) => n === done);
    return page(request, reply, notice ? { notice } : {});
  });

  scope.post('/members/invite', { schema: { body: InviteBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'member.invite');
    const body: Static<typeof InviteBody> = request.body;
    const form: InviteForm = { email: (body.email ?? '').slice(0, 254), role: body.role ?? '', locale: body.locale ?? '' };
    const { t } = web.context(request);
    const errors: FieldMessage[] = [];
    if (form.role !== 'analyst' && form.role !== 'supervisor') errors.push({ field: 'role', text: t('office.error.role-invalid') });
    if (!isLocale(form.locale)) errors.push({ field: 'locale', text: t('office.error.locale-invalid') });
    if (errors.length > 0) return page(request, reply, { invite: form, errors, status: 400 });
    try {
      await members.invite(session, { email: form.email, role: form.role as 'analyst' | 'supervisor', locale: isLocale(form.locale) ? form.locale : 'en' });
      return reply.redirect('/office/members?done=invited', 303);
    } catch (error) {
      const refusal = refusalOf(error, t, 'email');
      return page(request, reply, { invite: form, errors: refusal.errors, status: refusal.status });
    }
  });

  /** Grant and approve: one button, one service call; a refusal is shown at the member's row. */
  const rowAction = (action: 'grant' | 'approve') =>
    scope.post(`/members/:id/${action}`, { schema: { params: IdParams, body: ActionBody } }, async (request, reply) => {
      const session = sessionOf(request);
      organisationOf(session, action === 'grant' ? 'member.grant' : 'member.approve');
      const { id } = request.params;
      try {
        let notice: MemberNotice = 'approved';
        if (action === 'grant') notice = (await members.grant(session, id)) === 'active' ? 'granted' : 'pending';
        else await members.approve(session, id);
        return reply.redirect(`/office/members?done=${notice}`, 303);
      } catch (error) {
        const refusal = refusalOf(error, web.context(request).t, `member-${id}`);
        return page(request, reply, { errors: refusal.errors.map((e) => ({ ...e, field: `member-${id}` })), status: refusal.status });
      }
    });
  rowAction('grant');
  rowAction('approve');

  /** The member, as the list shows them; another organisation's (or nobody's) id is "not found". */
  async function listed(request: FastifyRequest, id: string) {
    const member = (await members.list(sessionOf(request))).find((m) => m.id === id);
    if (!member) throw new NotFound('member');
    return member;
  }

  scope.get('/members/:id/remove', { schema: { params: IdParams } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'member.remove');
    const member = await listed(request, request.params.id);
    return sendPage(reply, <RemoveMemberPage ctx={web.context(request)} csrf={session.csrf} member={member} errors={[]} />);
  });

  scope.post('/members/:id/remove', { schema: { params: IdParams, body: RemoveBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'member.remove');
    const { id } = request.params;
    const ctx = web.context(request);
    if (request.body.confirm !== 'yes') {
      const member = await listed(request, id);
      const errors = [{ field: 'confirm', text: ctx.t('office.error.confirm-remove') }];
      return sendPage(reply, <RemoveMemberPage ctx={ctx} csrf={session.csrf} member={member} errors={errors} />, 400);
    }
    try {
      await members.remove(session, id);
      return reply.redirect('/office/members?done=removed', 303);
    } catch (error) {
      const refusal = refusalOf(error, ctx.t, `member-${id}`);
      return page(request, reply, { errors: refusal.errors.map((e) => ({ ...e, field: `member-${id}` })), status: refusal.status });
    }
  });
}
