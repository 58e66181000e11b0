// Deciding what a report is, from the channel's scheme (content/casework.yaml): per report, or
// per address on the hotline, with the structured fields a decision asks for. A decision the
// scheme marks `confirm` (and a status in its `confirmStatuses`) waits until a second member, not
// the one who proposed it, confirms it; until then it changes nothing but the queue's "awaiting".
import { randomUUID } from 'node:crypto';
import type { CaseDecisionTable } from '../db/schema.ts';
import { organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { isWorkflowStatus } from '../reports/report-status.ts';
import type { Session } from '../sessions/sessions.ts';
import { appendEvents, findDecision, insertDecision, listUrls, settleDecision, setUrlClassification, updateCase, withdrawPending } from './case.store.ts';
import { applyStatus, refreshAwaiting, startAssessing } from './case-actions.ts';
import { type CaseDeps, type CaseStep, changeCase } from './case-step.ts';
import { CaseRefused } from './casework.errors.ts';

/** What a member submits: the item ('' for the report, else an address's hex), the decision, its fields. */
export type Proposal = { item: string; value: string; fields: Record<string, unknown> };

export function createCaseDecisions(deps: CaseDeps) {
  /** The fields the decision asks for, each checked against the scheme; others are dropped. */
  function fieldsFor(channelId: string, value: string, given: Record<string, unknown>): Record<string, string> | null {
    const scheme = deps.schemes.of(channelId);
    const decision = deps.schemes.decision(channelId, value);
    if (!decision) throw new CaseRefused('unknown-decision', 'value');
    if (!decision.fields?.length) return null;
    const out: Record<string, string> = {};
    for (const id of decision.fields) {
      const field = scheme.fields?.find((f) => f.id === id);
      const v = given[id];
      if (!field || typeof v !== 'string' || v === '') throw new CaseRefused('invalid-field', id);
      const allowed = field.kind === 'yes-no' ? ['yes', 'no'] : (field.options ?? []).map((o) => o.id);
      if (!allowed.includes(v)) throw new CaseRefused('invalid-field', id);
      out[id] = v;
    }
    return out;
  }

  /** Puts a classification in effect: on the address, and the report's gravest on the report. */
  async function applyClassification(c: CaseStep, item: string, value: string, fields: string | null): Promise<void> {
    if (item === '') {
      await updateCase(c.trx, c.report.id, { classification: value });
      return;
    }
    await setUrlClassification(c.trx, c.report.id, Buffer.from(item, 'hex'), value, fields);
    const urls = await listUrls(c.trx, c.report.id);
    await updateCase(c.trx, c.report.id, {
      classification: deps.schemes.gravest(
        c.report.channel_id,
        urls.map((u) => u.classification),
      ),
    });
  }

  async function settle(session: Session, decisionId: string, state: 'confirmed' | 'rejected') {
    const organisation = organisationOf(session, 'case.work');
    const found = await findDecision(deps.store.db, organisation, decisionId);
    if (!found) throw new NotFound('case.work');
    return changeCase(deps, session, 'case.work', found.report_id, async (c) => {
      const decision = (await findDecision(c.trx, organisation, decisionId)) as CaseDecisionTable;
      if (decision.state !== 'pending') throw new CaseRefused('already-settled');
      if (decision.proposed_by === c.actor) throw new CaseRefused('own-decision');
      if (!(await settleDecision(c.trx, decisionId, state, c.actor, c.at))) throw new CaseRefused('already-settled');
      const detail = JSON.stringify({ decision: decisionId, item: decision.item, kind: decision.kind, value: decision.value });
      await appendEvents(c.trx, c.report.id, [{ type: state === 'confirmed' ? 'decision-confirmed' : 'decision-rejected', actor: c.actor, detail }], c.at);
      if (state === 'confirmed') {
        if (decision.kind === 'status' && isWorkflowStatus(decision.value)) await applyStatus(c, decision.value);
        else await applyClassification(c, decision.item, decision.value, decision.fields);
      }
      await refreshAwaiting(c);
      return { value: decision, audit: [{ action: state === 'confirmed' ? 'report.confirmed' : 'report.rejected', detail }] };
    });
  }

  return {
    /** 'applied' at once, or 'pending' a second member's confirmation. */
    classify: (session: Session, reportId: string, proposal: Proposal) =>
      changeCase(deps, session, 'case.work', reportId, async (c) => {
        const scheme = deps.schemes.of(c.report.channel_id);
        const item = scheme.per === 'report' ? '' : proposal.item;
        if (scheme.per === 'url') {
          const urls = await listUrls(c.trx, reportId);
          if (!/^[0-9a-f]{64}$/.test(item) || !urls.some((u) => Buffer.from(u.url_hash).toString('hex') === item))
            throw new CaseRefused('unknown-item', 'item');
        }
        const fields = fieldsFor(c.report.channel_id, proposal.value, proposal.fields);
        const confirm = deps.schemes.decision(c.report.channel_id, proposal.value)?.confirm === true;
        const fieldsText = fields ? JSON.stringify(fields) : null;
        await withdrawPending(c.trx, reportId, item, 'classification', c.actor, c.at);
        await insertDecision(c.trx, {
          id: randomUUID(),
          report_id: reportId,
          organisation_id: c.organisation,
          item,
          kind: 'classification',
          value: proposal.value,
          fields: fieldsText,
          state: confirm ? 'pending' : 'confirmed',
          proposed_by: c.actor,
          proposed_at: c.at,
          decided_by: confirm ? null : c.actor,
          decided_at: confirm ? null : c.at,
        });
        const events = startAssessing(c);
        if (events.length) await updateCase(c.trx, reportId, { workflow_status: c.report.workflow_status });
        const detail = JSON.stringify({ item, value: proposal.value, state: confirm ? 'pending' : 'confirmed' });
        await appendEvents(c.trx, reportId, [{ type: 'decision-proposed', actor: c.actor, detail }, ...events], c.at);
        if (!confirm) await applyClassification(c, item, proposal.value, fieldsText);
        await refreshAwaiting(c);
        return { value: confirm ? ('pending' as const) : ('applied' as const), audit: [{ action: 'report.classified', detail }] };
      }),
    confirm: (session: Session, decisionId: string) => settle(session, decisionId, 'confirmed'),
    reject: (session: Session, decisionId: string) => settle(session, decisionId, 'rejected'),
  };
}

export type CaseDecisions = ReturnType<typeof createCaseDecisions>;
