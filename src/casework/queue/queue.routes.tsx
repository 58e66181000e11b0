// The queue (GET /office/reports) and a supervisor's "reassign all" (POST
// /office/reports/reassign). Members of an organisation only: the operator's roles get 403, and
// an analyst 403 on reassigning. The query string is read as given: a value that is not a choice
// is dropped and named on the page, never answered with an error page.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../../office/authorize.ts';
import { sessionOf } from '../../office/office-web.ts';
import type { FieldMessage } from '../../web/form.view.tsx';
import { sendPage } from '../../web/http.ts';
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../casework.routes.tsx';
import { CaseRefused } from '../casework.errors.ts';
import { presentQueue } from './queue.presenter.ts';
import type { QueueQuery } from './queue.service.ts';
import { QueuePage, type ReassignForm } from './queue.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const ReassignBody = Type.Object({ fromMember: Type.Optional(Text(64)), toMember: Type.Optional(Text(64)), _csrf: Type.Optional(Text(128)) });

const QUERY_KEYS = ['channel', 'category', 'status', 'assignee', 'from', 'to', 'overdue', 'awaiting', 'sort', 'after'] as const;

/** The queue's fields from the query string: the first value of each, at most 200 characters. */
function queueQuery(raw: unknown): QueueQuery {
  const given = (raw ?? {}) as Record<string, unknown>;
  const query: QueueQuery = {};
  for (const key of QUERY_KEYS) {
    const value = Array.isArray(given[key]) ? (given[key] as unknown[])[0] : given[key];
    if (typeof value === 'string') query[key] = value.slice(0, 200);
  }
  return query;
}

export async function queueRoutes(scope: Scope, deps: CaseworkRouteDeps) {
  const { web, casework } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    query: QueueQuery,
    options: { notice?: string; reassign?: Pick<ReassignForm, 'values' | 'errors'>; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const found = await casework.queue.page(session, query);
    const view = presentQueue(ctx, found, casework.deps.schemes, { accountId: session.account.id });
    let reassign: ReassignForm | undefined;
    if (session.account.role === 'supervisor') {
      const removed = (status: string) => (status === 'removed' ? ` ${ctx.t('office.queue.reassign.removed')}` : '');
      reassign = {
        from: found.members.map((m) => ({ value: m.id, label: `${m.login}${removed(m.status)}` })),
        to: found.members
          .filter((m) => m.status === 'active' && (m.role === 'analyst' || m.role === 'supervisor'))
          .map((m) => ({ value: m.id, label: m.login })),
        values: options.reassign?.values ?? { fromMember: '', toMember: '' },
        errors: options.reassign?.errors ?? [],
      };
    }
    return sendPage(reply, <QueuePage ctx={ctx} csrf={session.csrf} view={view} notice={options.notice} reassign={reassign} />, options.status ?? 200);
  }

  scope.get('/reports', async (request, reply) => {
    organisationOf(sessionOf(request), 'case.read');
    const moved = (request.query as Record<string, unknown> | undefined)?.moved;
    const count = typeof moved === 'string' && /^\d{1,9}$/.test(moved) ? Number(moved) : undefined;
    const notice = count === undefined ? undefined : web.context(request).t('office.queue.reassign.done', { count });
    return page(request, reply, queueQuery(request.query), notice === undefined ? {} : { notice });
  });

  scope.post('/reports/reassign', { schema: { body: ReassignBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'case.reassign-all');
    const body: Static<typeof ReassignBody> = request.body;
    const values = { fromMember: body.fromMember ?? '', toMember: body.toMember ?? '' };
    const { t } = web.context(request);
    const members = await casework.queue.members(session);
    const errors: FieldMessage[] = [];
    if (!members.some((m) => m.id === values.fromMember)) errors.push({ field: 'fromMember', text: t('office.queue.reassign.error.from') });
    if (!values.toMember) errors.push({ field: 'toMember', text: t('office.queue.reassign.error.to') });
    else if (values.toMember === values.fromMember) errors.push({ field: 'toMember', text: t('office.queue.reassign.error.same') });
    if (errors.length === 0) {
      try {
        const count = await casework.actions.reassignAll(session, values.fromMember, values.toMember);
        return reply.redirect(`/office/reports?moved=${count}`, 303);
      } catch (error) {
        // The one refusal a supervisor can correct: the member chosen cannot hold reports.
        if (!(error instanceof CaseRefused)) throw error;
        errors.push({ field: 'toMember', text: t('office.queue.reassign.error.to') });
      }
    }
    return page(request, reply, {}, { reassign: { values, errors }, status: 400 });
  });
}
