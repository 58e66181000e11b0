// What the report page shows of decisions: the scheme's structured fields grouped by the
// decisions that ask for them, a decision's fields as labels, and what awaits confirmation.
import type { CaseDecisionTable } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { toMinute } from '../../office/office-dates.ts';
import { isWorkflowStatus } from '../../reports/report-status.ts';

/** A decision's structured field as shown: its label and the chosen option's. */
export type ShownField = { label: string; value: string };
export type Classification = { label: string; fields: ShownField[] };

export type SchemeField = { id: string; label: string; kind: 'choice' | 'yes-no'; options: { id: string; label: string }[] };
/** Fields asked by the same decisions, shown together under "only for …". */
export type FieldGroup = { decisions: string[]; onlyFor: string; fields: SchemeField[] };

export type PendingShown = {
  id: string;
  what: 'classification' | 'status';
  label: string;
  fields: ShownField[];
  /** The address it is about (defanged), or null for the report. */
  target: string | null;
  proposedBy: string;
  proposedAt: string;
  /** Proposed by this member: they wait for another, and are offered no confirmation. */
  mine: boolean;
};

export function groupFields(
  decisions: { id: string; label: Record<string, string>; fields?: string[] }[],
  fields: SchemeField[],
  label: (id: string) => string,
  t: Translate,
): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const field of fields) {
    const askedBy = decisions.filter((d) => d.fields?.includes(field.id)).map((d) => d.id);
    if (askedBy.length === 0) continue;
    const key = askedBy.join(' ');
    const group = groups.get(key) ?? {
      decisions: askedBy,
      onlyFor: t('office.report.classify.onlyFor', { decisions: askedBy.map(label).join(', ') }),
      fields: [],
    };
    group.fields.push(field);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function presentPending(
  d: CaseDecisionTable,
  p: {
    me: string;
    login: (actor: string) => string;
    locale: Locale;
    t: Translate;
    decisionLabel: (id: string) => string;
    shownFields: (f: Record<string, string> | null) => ShownField[];
    targetOf: (item: string) => string | null;
  },
): PendingShown {
  const status = d.kind === 'status' && isWorkflowStatus(d.value);
  return {
    id: d.id,
    what: d.kind,
    label: status ? p.t(`office.status.${d.value}`) : p.decisionLabel(d.value),
    fields: p.shownFields(d.fields ? (JSON.parse(d.fields) as Record<string, string>) : null),
    target: p.targetOf(d.item),
    proposedBy: p.login(d.proposed_by),
    proposedAt: toMinute(d.proposed_at, p.locale),
    mine: d.proposed_by === p.me,
  };
}
