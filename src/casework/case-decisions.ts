// Deciding what a report is, from the channel's scheme (content/casework.yaml): per report, or
// per address on the hotline, with the structured fields a decision asks for; and its status.
// A decision the scheme marks `confirm`, a status in its `confirmStatuses`, closing a report
// nobody decided, and replacing a decision that needed confirmation, all wait until a second
// member (not the one who proposed it, and one who holds the key) confirms; until then they change
// nothing but the queue's "awaiting". A newer proposal for the same thing withdraws the older one,
// in the history and the audit log.
import { randomUUID } from 'node:crypto';
import type { CaseDecisionTable } from '../db/schema.ts';
import { organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { isWorkflowStatus, type WorkflowStatus } from '../reports/report-status.ts';
import type { Session } from '../sessions/sessions.ts';
import {
  appendEvents,
  countPending,
  findDecision,
  insertDecision,
  listPending,
  listUrls,
  settleDecision,
  setUrlClassification,
  updateCase,
} from './case.store.ts';
import { applyStatus, startAssessing } from './case-actions.ts';
import { type CaseDeps, type CaseStep, type Change, changeCase } from './case-step.ts';
import { CaseRefused } from './casework.errors.ts';

/** What a member submits: the item ('' for the report, else an address's hex), the decision, its fields. */
export type Proposal = { item: string; value: string; fields: Record<string, unknown> };

type AuditLines = Change<unknown>['audit'];
type Proposed = { item: string; kind: CaseDecisionTable['kind']; value: string; fields: string | null };

/** How many decisions wait, on the report's row, for the queue's "awaiting confirmation". */
async function refreshAwaiting(c: CaseStep): Promise<void> {
  await updateCase(c.trx, c.report.id, { awaiting: await countPending(c.trx, c.report.id) });
}

const detailOf = (d: { id?: string; item: string; kind: string; value: string }) =>
  JSON.stringify({ ...(d.id ? { decision: d.id } : {}), item: d.item, kind: d.kind, value: d.value });

/** Withdraws what still waits on this item, each with its history and audit entry. */
async function withdrawPending(c: CaseStep, item: string, kind: CaseDecisionTable['kind']): Promise<AuditLines> {
  const audit: AuditLines = [];
  for (const d of await listPending(c.trx, c.report.id, item, kind)) {
    if (!(await settleDecision(c.trx, d.id, 'rejected', c.actor, c.at))) continue;
    await appendEvents(c.trx, c.report.id, [{ type: 'decision-withdrawn', actor: c.actor, detail: detailOf(d) }], c.at);
    audit.push({ action: 'report.withdrawn', detail: detailOf(d) });
  }
  return audit;
}

/** Records a proposal, pending or (a classification) in effect at once; the caller applies one in effect. */
async function record(c: CaseStep, p: Proposed, pending: boolean): Promise<AuditLines> {
  const audit = await withdrawPending(c, p.item, p.kind);
  const id = randomUUID();
  await insertDecision(c.trx, {
    id,
    report_id: c.report.id,
    organisation_id: c.organisation,
    item: p.item,
    kind: p.kind,
    value: p.value,
    fields: p.fields,
    state: pending ? 'pending' : 'confirmed',
    proposed_by: c.actor,
    proposed_at: c.at,
    decided_by: pending ? null : c.actor,
    decided_at: pending ? null : c.at,
  });
  const detail = JSON.stringify({ decision: id, item: p.item, kind: p.kind, value: p.value, state: pending ? 'pending' : 'confirmed' });
  await appendEvents(c.trx, c.report.id, [{ type: pending ? 'decision-proposed' : 'classified', actor: c.actor, detail }], c.at);
  return [...audit, { action: pending ? 'report.proposed' : 'report.classified', detail }];
}

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

  /** A new report is being assessed once someone decides about it. */
  async function assessing(c: CaseStep): Promise<void> {
    const events = startAssessing(c);
    if (!events.length) return;
    await updateCase(c.trx, c.report.id, { workflow_status: c.report.workflow_status });
    await appendEvents(c.trx, c.report.id, events, c.at);
  }

  async function settle(session: Session, decisionId: string, state: 'confirmed' | 'rejected') {
    const organisation = organisationOf(session, 'case.work');
    const found = await findDecision(deps.store.db, organisation, decisionId);
    if (!found) throw new NotFound('case.work');
    return changeCase(deps, session, 'case.work', found.report_id, async (c) => {
      // Read again under the report's lock: another member may have settled it meanwhile.
      const decision = await findDecision(c.trx, organisation, decisionId);
      if (!decision) throw new NotFound('case.work');
      if (decision.state !== 'pending') throw new CaseRefused('already-settled');
      if (decision.proposed_by === c.actor) throw new CaseRefused('own-decision');
      if (!(await settleDecision(c.trx, decisionId, state, c.actor, c.at))) throw new CaseRefused('already-settled');
      const detail = detailOf(decision);
      await appendEvents(c.trx, c.report.id, [{ type: state === 'confirmed' ? 'decision-confirmed' : 'decision-rejected', actor: c.actor, detail }], c.at);
      if (state === 'confirmed') {
        if (decision.kind === 'status' && isWorkflowStatus(decision.value)) {
          if (decision.value !== c.report.workflow_status) await applyStatus(c, decision.value);
        } else await applyClassification(c, decision.item, decision.value, decision.fields);
      }
      await refreshAwaiting(c);
      return { value: decision, audit: [{ action: state === 'confirmed' ? 'report.confirmed' : 'report.rejected', detail }] };
    });
  }

  return {
    /** 'applied' at once, or 'pending' a second member's confirmation. */
    classify: (session: Session, reportId: string, proposal: Proposal) =>
      changeCase(deps, session, 'case.work', reportId, async (c): Promise<Change<'applied' | 'pending'>> => {
        const scheme = deps.schemes.of(c.report.channel_id);
        const item = scheme.per === 'report' ? '' : proposal.item;
        const urls = scheme.per === 'url' ? await listUrls(c.trx, reportId) : [];
        const address = urls.find((u) => Buffer.from(u.url_hash).toString('hex') === item);
        if (scheme.per === 'url' && (!/^[0-9a-f]{64}$/.test(item) || !address)) throw new CaseRefused('unknown-item', 'item');
        const fields = fieldsFor(c.report.channel_id, proposal.value, proposal.fields);
        // What is in effect now: replacing a decision that needed a second pair of eyes needs one too.
        const current = scheme.per === 'url' ? (address?.classification ?? null) : c.report.classification;
        const confirm =
          deps.schemes.decision(c.report.channel_id, proposal.value)?.confirm === true ||
          (current !== null && current !== proposal.value && deps.schemes.decision(c.report.channel_id, current)?.confirm === true);
        const fieldsText = fields ? JSON.stringify(fields) : null;
        const audit = await record(c, { item, kind: 'classification', value: proposal.value, fields: fieldsText }, confirm);
        await assessing(c);
        if (!confirm) await applyClassification(c, item, proposal.value, fieldsText);
        await refreshAwaiting(c);
        return { value: confirm ? 'pending' : 'applied', audit };
      }),

    /** A status the scheme wants confirmed (or closing an undecided report) waits for a second member. */
    setStatus: (session: Session, reportId: string, input: unknown) =>
      changeCase(deps, session, 'case.work', reportId, async (c): Promise<Change<'applied' | 'pending'>> => {
        if (!isWorkflowStatus(input) || input === 'new') throw new CaseRefused('invalid-status', 'status');
        const from = c.report.workflow_status as WorkflowStatus;
        if (input === from) throw new CaseRefused('same-status', 'status');
        if (deps.schemes.statusNeedsConfirmation(c.report.channel_id, input, from)) {
          const audit = await record(c, { item: '', kind: 'status', value: input, fields: null }, true);
          await refreshAwaiting(c);
          return { value: 'pending', audit };
        }
        // Set directly, a status makes any proposal still waiting stale: it is withdrawn, so that
        // confirming it later cannot undo this one.
        const audit = await withdrawPending(c, '', 'status');
        await applyStatus(c, input);
        await refreshAwaiting(c);
        return { value: 'applied', audit: [...audit, { action: 'report.status-changed', detail: input }] };
      }),

    confirm: (session: Session, decisionId: string) => settle(session, decisionId, 'confirmed'),
    reject: (session: Session, decisionId: string) => settle(session, decisionId, 'rejected'),
  };
}

export type CaseDecisions = ReturnType<typeof createCaseDecisions>;
