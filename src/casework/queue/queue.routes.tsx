// The queue (GET /office/reports), and the routes of a supervisor's "reassign all"
// (reassign.routes.tsx). Members of an organisation only: the operator's roles get 403. The query
// string is read as given: a value that is not a choice is dropped and named on the page, never
// answered with an error page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../../office/authorize.ts';
import { sessionOf } from '../../office/office-web.ts';
import { sendPage } from '../../web/http.ts';
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../route-deps.ts';
import { presentQueue } from './queue.presenter.ts';
import type { QueueQuery } from './queue.service.ts';
import { QueuePage, type ReassignForm } from './queue.view.tsx';
import { queryValue, queueQuery } from './queue-query.ts';
import { type QueuePageOptions, reassignRoutes } from './reassign.routes.tsx';

export async function queueRoutes(scope: Scope, deps: CaseworkRouteDeps) {
  const { web, casework } = deps;

  /** The queue page; for a supervisor who holds the organisation key, with the reassign form. */
  async function page(request: FastifyRequest, reply: FastifyReply, query: QueueQuery, options: QueuePageOptions) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const found = await casework.queue.page(session, query);
    const view = presentQueue(ctx, found, casework.deps.schemes, { accountId: session.account.id });
    let reassign: ReassignForm | undefined;
    if (session.account.role === 'supervisor' && session.organisationKey) {
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
    const session = sessionOf(request);
    organisationOf(session, 'case.read');
    // "?moved=1" only says a move was made: the count comes from the supervisor's own audit
    // entry, so a link cannot make the page announce a number.
    let notice: string | undefined;
    if (queryValue(request.query, 'moved') === '1' && session.account.role === 'supervisor') {
      const { t } = web.context(request);
      const moved = await casework.queue.lastReassignment(session);
      notice = moved ? t('office.queue.reassign.done', moved) : t('office.queue.reassign.doneUnknown');
    }
    return page(request, reply, queueQuery(request.query), notice === undefined ? {} : { notice });
  });

  await reassignRoutes(scope, deps, page);
}
