// What a member does to a report besides deciding what it is (case-decisions.ts): take it,
// release it, hand it over, write an internal note or a message to the reporter. Each is one
// audited transaction with the report locked (case-step.ts) and an entry in the report's history.
import { audited } from '../audit/audit.ts';
import { seal } from '../crypto/box.ts';
import { organisationOf } from '../office/authorize.ts';
import type { WorkflowStatus } from '../reports/report-status.ts';
import type { Session } from '../sessions/sessions.ts';
import { appendEvents, listCaseworkers, type NewEvent, updateCase } from './case.store.ts';
import { actorOf, type CaseDeps, type CaseStep, type Change, changeCase, organisationKeyOf } from './case-step.ts';
import { checkText } from './case-text.ts';
import { CaseRefused } from './casework.errors.ts';

/** A report still new is being assessed once someone takes it or decides about it. */
export function startAssessing(c: CaseStep): NewEvent[] {
  if (c.report.workflow_status !== 'new') return [];
  c.report.workflow_status = 'assessing';
  return [{ type: 'status-changed', actor: c.actor, detail: 'assessing' }];
}

/** Applies a status now (no confirmation asked), with its history entry. */
export async function applyStatus(c: CaseStep, status: WorkflowStatus): Promise<void> {
  await updateCase(c.trx, c.report.id, { workflow_status: status, closed_at: status === 'closed' ? c.at : null });
  await appendEvents(c.trx, c.report.id, [{ type: 'status-changed', actor: c.actor, detail: status }], c.at);
}

export function createCaseActions(deps: CaseDeps) {
  const change = <T>(session: Session, reportId: string, step: (c: CaseStep) => Promise<Change<T>>) => changeCase(deps, session, 'case.work', reportId, step);

  async function caseworker(organisation: string, accountId: string) {
    const member = (await listCaseworkers(deps.store.db, organisation)).find((m) => m.id === accountId);
    if (!member) throw new CaseRefused('not-a-caseworker', 'to');
    return member;
  }

  return {
    take: (session: Session, reportId: string) =>
      change(session, reportId, async (c) => {
        const holder = c.report.assignee_id;
        if (holder === session.account.id) throw new CaseRefused('already-holds');
        // Taken from a colleague: the history says from whom, as a release by the one who took it.
        const events: NewEvent[] = [
          ...(holder ? [{ type: 'released' as const, actor: c.actor, detail: holder }] : []),
          { type: 'assigned', actor: c.actor, detail: session.account.id },
          ...startAssessing(c),
        ];
        await updateCase(c.trx, reportId, { assignee_id: session.account.id, workflow_status: c.report.workflow_status });
        await appendEvents(c.trx, reportId, events, c.at);
        return { value: undefined, audit: [{ action: 'report.assigned', detail: JSON.stringify({ to: session.account.id, from: holder }) }] };
      }),

    /** Only its holder, or a supervisor, releases a report. */
    release: (session: Session, reportId: string) =>
      change(session, reportId, async (c) => {
        if (c.report.assignee_id !== session.account.id && session.account.role !== 'supervisor') throw new CaseRefused('not-yours');
        await updateCase(c.trx, reportId, { assignee_id: null });
        await appendEvents(c.trx, reportId, [{ type: 'released', actor: c.actor, detail: c.report.assignee_id }], c.at);
        return { value: undefined, audit: [{ action: 'report.released' }] };
      }),

    /** Its holder hands a report over, or anyone when nobody holds it; a supervisor always may. */
    handOver: async (session: Session, reportId: string, toAccountId: string) => {
      const to = await caseworker(organisationOf(session, 'case.work'), toAccountId);
      return change(session, reportId, async (c) => {
        const holder = c.report.assignee_id;
        if (holder !== null && holder !== session.account.id && session.account.role !== 'supervisor') throw new CaseRefused('not-yours', 'to');
        if (holder === to.id) throw new CaseRefused('already-holds', 'to');
        await updateCase(c.trx, reportId, { assignee_id: to.id });
        await appendEvents(c.trx, reportId, [{ type: 'handed-over', actor: c.actor, detail: to.id }], c.at);
        return { value: undefined, audit: [{ action: 'report.handed-over', detail: to.id }] };
      });
    },

    /** A supervisor moves every open report a member holds to another, in one transaction. */
    async reassignAll(session: Session, fromAccountId: string, toAccountId: string): Promise<number> {
      const organisation = organisationOf(session, 'case.reassign-all');
      organisationKeyOf(session);
      const to = await caseworker(organisation, toAccountId);
      if (to.id === fromAccountId) throw new CaseRefused('not-a-caseworker', 'to');
      const actor = actorOf(session);
      const at = new Date(deps.now()).toISOString();
      return audited(
        deps.store,
        deps.keys,
        (count) => ({
          actor,
          action: 'reports.reassigned',
          subject: `account:${fromAccountId}`,
          detail: JSON.stringify({ to: to.id, count }),
          organisation,
          at,
        }),
        async (trx) => {
          // Locked as they are read (PostgreSQL), and moved only if still held by that member: a
          // hand-over made at the same moment is not overwritten.
          let query = trx
            .selectFrom('reports')
            .select('id')
            .where('organisation_id', '=', organisation)
            .where('assignee_id', '=', fromAccountId)
            .where('workflow_status', '<>', 'closed');
          if (deps.store.engine === 'postgres') query = query.forUpdate();
          let moved = 0;
          for (const { id } of await query.execute()) {
            const result = await trx
              .updateTable('reports')
              .set({ assignee_id: to.id })
              .where('id', '=', id)
              .where('assignee_id', '=', fromAccountId)
              .executeTakeFirst();
            if (Number(result.numUpdatedRows) !== 1) continue;
            await appendEvents(trx, id, [{ type: 'handed-over', actor, detail: to.id }], at);
            moved++;
          }
          return moved;
        },
      );
    },

    addNote: async (session: Session, reportId: string, input: unknown) => {
      const text = checkText(input);
      const key = organisationKeyOf(session);
      return change(session, reportId, async (c) => {
        const sealed = seal(Buffer.from(JSON.stringify({ text })), key.publicKey);
        await appendEvents(c.trx, reportId, [{ type: 'note', actor: c.actor, sealed }], c.at);
        return { value: undefined, audit: [{ action: 'report.noted' }] };
      });
    },

    /** Sealed twice: to the organisation, and to the reporter's key (derived from their number). */
    sendMessage: async (session: Session, reportId: string, input: unknown) => {
      const text = checkText(input);
      const key = organisationKeyOf(session);
      return change(session, reportId, async (c) => {
        const message = Buffer.from(JSON.stringify({ text }));
        const events: NewEvent[] = [
          { type: 'message', actor: c.actor, sealed: seal(message, key.publicKey), forReporter: seal(message, Buffer.from(c.report.reporter_public_key)) },
          ...startAssessing(c),
        ];
        if (events.length > 1) await updateCase(c.trx, reportId, { workflow_status: c.report.workflow_status });
        await appendEvents(c.trx, reportId, events, c.at);
        return { value: undefined, audit: [{ action: 'report.messaged' }] };
      });
    },
  };
}

export type CaseActions = ReturnType<typeof createCaseActions>;
