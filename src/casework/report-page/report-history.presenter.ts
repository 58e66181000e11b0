// A report's history as the page tells it: each entry's clear `detail` (a status, a member's id,
// a decision as JSON) read into who, what and about which address; notes, messages and answers
// with their opened text, any web address in it defanged.
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { aroundHour } from '../../office/case-times.ts';
import { toMinute } from '../../office/office-dates.ts';
import { type EventType, isWorkflowStatus, type WorkflowStatus } from '../../reports/report-status.ts';
import type { OpenedCase } from '../case-reading.ts';
import { defangText } from '../defang-text.ts';

export type Actor = { kind: 'member'; login: string } | { kind: 'reporter' } | { kind: 'system' };

export type HistoryLine = {
  seq: number;
  at: string;
  type: EventType;
  by: Actor;
  /** The member taken by, handed over to, or released from. */
  member?: string | undefined;
  status?: WorkflowStatus | undefined;
  decision?: { label: string; target: string | null; pending: boolean } | undefined;
  text?: string | undefined;
};

type Words = {
  locale: Locale;
  t: Translate;
  login: (actor: string) => string;
  decisionLabel: (id: string) => string;
  targetOf: (item: string) => string | null;
};

type DecisionDetail = { item?: string; value?: string; state?: string; status?: string; kind?: string };

function parsed(detail: string | null): DecisionDetail {
  try {
    const value = JSON.parse(detail ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as DecisionDetail) : {};
  } catch {
    return {};
  }
}

function actorOf(actor: string, w: Words): Actor {
  if (actor === 'reporter') return { kind: 'reporter' };
  if (actor.startsWith('account:')) return { kind: 'member', login: w.login(actor) };
  return { kind: 'system' };
}

export function presentHistory(opened: OpenedCase, w: Words): HistoryLine[] {
  return opened.history.map((e): HistoryLine => {
    // Notes, messages and answers are free text: any web address in them defanged.
    const text = e.text === undefined ? undefined : defangText(e.text);
    // The reporter's steps are kept to the hour (an exact time could single them out): said so.
    const at = e.actor === 'reporter' ? aroundHour(e.at, w.locale, w.t) : toMinute(e.at, w.locale);
    const line: HistoryLine = { seq: e.seq, at, type: e.type, by: actorOf(e.actor, w), text };
    switch (e.type) {
      case 'status-changed':
        if (isWorkflowStatus(e.detail)) line.status = e.detail;
        break;
      case 'assigned':
      case 'released':
      case 'handed-over':
        if (e.detail) line.member = w.login(`account:${e.detail}`);
        break;
      case 'classified':
      case 'decision-proposed':
      case 'decision-confirmed':
      case 'decision-rejected':
      case 'decision-withdrawn': {
        const d = parsed(e.detail);
        const status = d.status ?? (d.kind === 'status' ? d.value : undefined);
        if (isWorkflowStatus(status)) line.status = status;
        else if (d.value) line.decision = { label: w.decisionLabel(d.value), target: w.targetOf(d.item ?? ''), pending: d.state === 'pending' };
        break;
      }
    }
    return line;
  });
}
