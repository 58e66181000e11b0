// A supervisor's "reassign all", in two steps that work without JavaScript: the queue's form (a
// POST) or a link leads to GET /office/reports/reassign?from=…&to=…, which says how many open
// reports would move and asks for confirmation; its POST (confirm=yes) moves them and answers
// 303 to the queue with "?moved=1". Supervisors who hold the organisation key only: others 403.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../i18n/messages.ts';
import { organisationOf } from '../../office/authorize.ts';
import { sessionOf } from '../../office/office-web.ts';
import type { FieldMessage } from '../../web/form.view.tsx';
import { sendPage } from '../../web/http.ts';
import type { Scope } from '../../web/scopes.ts';
import { organisationKeyOf } from '../case-step.ts';
import { CaseRefused } from '../casework.errors.ts';
import type { CaseworkRouteDeps } from '../route-deps.ts';
import type { QueueQuery, ReassignProblem } from './queue.service.ts';
import type { ReassignForm } from './queue.view.tsx';
import { queryValue } from './queue-query.ts';
import { ReassignConfirmPage } from './reassign.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const ReassignBody = Type.Object({
  fromMember: Type.Optional(Text(64)),
  toMember: Type.Optional(Text(64)),
  confirm: Type.Optional(Text(8)),
  _csrf: Type.Optional(Text(128)),
});

/** What the queue page is given besides its query: a notice, the reassign form sent back, a status. */
export type QueuePageOptions = { notice?: string; reassign?: Pick<ReassignForm, 'values' | 'errors'>; status?: number };

type QueuePageFn = (request: FastifyRequest, reply: FastifyReply, query: QueueQuery, options: QueuePageOptions) => Promise<unknown>;

const MESSAGES: Record<ReassignProblem, { field: string; key: string }> = {
  from: { field: 'fromMember', key: 'office.queue.reassign.error.from' },
  to: { field: 'toMember', key: 'office.queue.reassign.error.to' },
  same: { field: 'toMember', key: 'office.queue.reassign.error.same' },
};
const errorsOf = (problems: ReassignProblem[], t: Translate): FieldMessage[] => problems.map((p) => ({ field: MESSAGES[p].field, text: t(MESSAGES[p].key) }));

export const confirmHref = (from: string, to: string) => `/office/reports/reassign?${new URLSearchParams({ from, to })}`;

export async function reassignRoutes(scope: Scope, deps: CaseworkRouteDeps, queuePage: QueuePageFn) {
  const { web, casework } = deps;

  /** Checks the session first: a supervisor of an organisation, who holds its key. */
  const supervisorOf = (request: FastifyRequest) => {
    const session = sessionOf(request);
    organisationOf(session, 'case.reassign-all');
    organisationKeyOf(session);
    return session;
  };

  scope.get('/reports/reassign', async (request, reply) => {
    const session = supervisorOf(request);
    const ctx = web.context(request);
    const values = { fromMember: (queryValue(request.query, 'from') ?? '').slice(0, 64), toMember: (queryValue(request.query, 'to') ?? '').slice(0, 64) };
    const plan = await casework.queue.reassignment(session, values.fromMember, values.toMember);
    if (!plan.from || !plan.to || plan.problems.length > 0) {
      return queuePage(request, reply, {}, { reassign: { values, errors: errorsOf(plan.problems, ctx.t) }, status: 400 });
    }
    const confirm = { from: { id: plan.from.id, login: plan.from.login }, to: { id: plan.to.id, login: plan.to.login }, count: plan.count };
    return sendPage(reply, <ReassignConfirmPage ctx={ctx} csrf={session.csrf} confirm={confirm} />);
  });

  scope.post('/reports/reassign', { schema: { body: ReassignBody } }, async (request, reply) => {
    const session = supervisorOf(request);
    const body: Static<typeof ReassignBody> = request.body;
    const values = { fromMember: body.fromMember ?? '', toMember: body.toMember ?? '' };
    const { t } = web.context(request);
    const plan = await casework.queue.reassignment(session, values.fromMember, values.toMember);
    const errors = errorsOf(plan.problems, t);
    if (errors.length === 0 && body.confirm !== 'yes') return reply.redirect(confirmHref(values.fromMember, values.toMember), 303);
    if (errors.length === 0) {
      try {
        await casework.actions.reassignAll(session, values.fromMember, values.toMember);
        return reply.redirect('/office/reports?moved=1', 303);
      } catch (error) {
        // The one refusal a supervisor can correct: the member chosen can no longer hold reports.
        if (!(error instanceof CaseRefused)) throw error;
        errors.push({ field: 'toMember', text: t('office.queue.reassign.error.to') });
      }
    }
    return queuePage(request, reply, {}, { reassign: { values, errors }, status: 400 });
  });
}
