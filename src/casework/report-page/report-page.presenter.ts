// What the report page shows, from a report opened for this request: labels picked from the
// channel and its scheme in the reader's language, member logins instead of ids, times as the
// office shows them, and which actions this member is offered. The views only lay it out.
import countries from 'i18n-iso-countries';
import type { CaseDecisionTable } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { FORM_FIELDS } from '../../intake/report-fields.ts';
import { toHour, toMinute } from '../../office/office-dates.ts';
import { isWorkflowStatus, WORKFLOW_STATUSES, type WorkflowStatus } from '../../reports/report-status.ts';
import type { Session } from '../../sessions/sessions.ts';
import type { OpenedCase } from '../case-reading.ts';
import type { Casework } from '../casework.ts';
import { type HistoryLine, presentHistory } from './report-history.presenter.ts';

const HOUR_MS = 3_600_000;

/** A decision's structured field as shown: its label and the chosen option's. */
export type ShownField = { label: string; value: string };
export type Classification = { label: string; fields: ShownField[] };

export type SchemeField = { id: string; label: string; kind: 'choice' | 'yes-no'; options: { id: string; label: string }[] };
/** Fields asked by the same decisions, shown together under "only for …". */
export type FieldGroup = { decisions: string[]; onlyFor: string; fields: SchemeField[] };

export type EarlierShown = { id: string; received: string; status: WorkflowStatus | string; classification: string | null };

export type AddressShown = {
  /** The form's key on the page (`a1`, `a2` …): ids of its controls. */
  key: string;
  item: string;
  url: string;
  defanged: string;
  classification: Classification | null;
  earlier: EarlierShown[];
};

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

export type DeadlineShown = { kind: 'first-assessment' | 'resolution'; due: string; overdue: boolean; unit: 'hours' | 'days'; count: number };

export type ReportShown = {
  id: string;
  channelTitle: string;
  categoryLabel: string;
  received: string;
  status: WorkflowStatus;
  assignee: string | null;
  deadline: DeadlineShown | null;
  per: 'report' | 'url';
  /** In effect on the report: its own (per report) or the gravest of its addresses'. */
  classification: Classification | null;
  /** The report's own decisions form: per report only. */
  reportItemKey: string | null;
  fields: { name: string; value: string }[];
  /** The reporter's identity or contact, or null when the form asks none. */
  reporter: { name: string; value: string }[] | null;
  identityForm: boolean;
  addresses: AddressShown[];
  decisions: { id: string; label: string; confirm: boolean }[];
  fieldGroups: FieldGroup[];
  pending: PendingShown[];
  history: HistoryLine[];
  actions: {
    take: boolean;
    release: boolean;
    handOverTo: { id: string; login: string }[];
    statuses: WorkflowStatus[];
    confirmStatuses: WorkflowStatus[];
  };
};

type PresentDeps = Pick<Casework['deps'], 'schemes' | 'channel'>;

export function presentReport(opened: OpenedCase, session: Session, deps: PresentDeps, view: { locale: Locale; t: Translate; now: number }): ReportShown {
  const { locale, t, now } = view;
  const { report } = opened;
  const channel = deps.channel(report.channel_id);
  const scheme = deps.schemes.of(report.channel_id);
  const me = `account:${session.account.id}`;
  const login = (actor: string) => opened.names.get(actor) ?? t('office.report.actor.former');

  const schemeFields: SchemeField[] = (scheme.fields ?? []).map((f) => ({
    id: f.id,
    label: f.label[locale],
    kind: f.kind,
    options: f.kind === 'yes-no' ? [] : (f.options ?? []).map((o) => ({ id: o.id, label: o.label[locale] })),
  }));
  const decisionLabel = (id: string) => deps.schemes.decision(report.channel_id, id)?.label[locale] ?? id;
  const shownFields = (fields: Record<string, string> | null): ShownField[] =>
    Object.entries(fields ?? {}).map(([id, value]) => {
      const field = schemeFields.find((f) => f.id === id);
      const option = field?.kind === 'yes-no' ? t(`office.report.answer.${value === 'yes' ? 'yes' : 'no'}`) : field?.options.find((o) => o.id === value)?.label;
      return { label: field?.label ?? id, value: option ?? value };
    });
  const classification = (value: string | null, fields: Record<string, string> | null): Classification | null =>
    value ? { label: decisionLabel(value), fields: shownFields(fields) } : null;

  const addresses = opened.addresses.map(
    (a, i): AddressShown => ({
      key: `a${i + 1}`,
      item: a.item,
      url: a.url,
      defanged: a.defanged,
      classification: classification(a.classification, a.fields),
      earlier: a.sameAddress.map((s) => ({
        id: s.id,
        received: toHour(s.receivedHour, now, locale, t),
        status: s.status,
        classification: s.classification ? decisionLabel(s.classification) : null,
      })),
    }),
  );
  const targetOf = (item: string) => (item === '' ? null : (addresses.find((a) => a.item === item)?.defanged ?? t('office.report.history.unknownAddress')));

  const form = channel?.form ?? (scheme.per === 'url' ? 'online' : 'police');
  const specs = FORM_FIELDS[form];
  const given = (name: string) => {
    const value = opened.fields[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const fields = specs
    .filter((s) => !s.identity && s.kind !== 'urls' && s.kind !== 'accept')
    .flatMap((s) => {
      const value = s.name === 'category' ? undefined : given(s.name);
      if (value === undefined) return [];
      return [{ name: s.name, value: s.kind === 'country' ? (countries.getName(value, locale) ?? value) : value }];
    });
  const identitySpecs = specs.filter((s) => s.identity);
  const reporter = identitySpecs.length
    ? identitySpecs.flatMap((s) => {
        const value = given(s.name);
        return value === undefined ? [] : [{ name: s.name, value }];
      })
    : null;

  const assignee = report.assignee_id ? login(`account:${report.assignee_id}`) : null;
  const mineToRelease = report.assignee_id === session.account.id || (report.assignee_id !== null && session.account.role === 'supervisor');

  return {
    id: report.id,
    channelTitle: channel?.title[locale] ?? report.channel_id,
    categoryLabel: channel?.categories.find((c) => c.id === report.category)?.label[locale] ?? report.category,
    received: toHour(report.received_hour, now, locale, t),
    status: isWorkflowStatus(report.workflow_status) ? report.workflow_status : 'new',
    assignee,
    deadline: opened.deadline ? presentDeadline(opened.deadline, now, locale) : null,
    per: scheme.per,
    classification: classification(report.classification, null),
    reportItemKey: scheme.per === 'report' ? 'report' : null,
    fields,
    reporter,
    identityForm: form !== 'online',
    addresses,
    decisions: scheme.decisions.map((d) => ({ id: d.id, label: d.label[locale], confirm: d.confirm === true })),
    fieldGroups: groupFields(scheme.decisions, schemeFields, decisionLabel, t),
    pending: opened.decisions
      .filter((d) => d.state === 'pending')
      .map((d) => presentPending(d, { me, login, locale, decisionLabel, shownFields, targetOf, t })),
    history: presentHistory(opened, { locale, login, decisionLabel, targetOf }),
    actions: {
      take: report.assignee_id !== session.account.id,
      release: mineToRelease,
      handOverTo: opened.caseworkers.filter((c) => c.id !== report.assignee_id).map((c) => ({ id: c.id, login: c.login })),
      statuses: WORKFLOW_STATUSES.filter((s) => s !== 'new' && s !== report.workflow_status),
      confirmStatuses: scheme.confirmStatuses ?? [],
    },
  };
}

function presentDeadline(deadline: NonNullable<OpenedCase['deadline']>, now: number, locale: Locale): DeadlineShown {
  const hours = Math.abs(Date.parse(deadline.due) - now) / HOUR_MS;
  // Under two days, in hours (rounded towards the deadline's side); beyond, in whole days.
  const unit = hours < 48 ? 'hours' : 'days';
  const count = unit === 'hours' ? Math.max(1, deadline.overdue ? Math.floor(hours) : Math.ceil(hours)) : Math.floor(hours / 24);
  return { kind: deadline.kind, due: toMinute(deadline.due, locale), overdue: deadline.overdue, unit, count };
}

function groupFields(
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

function presentPending(
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
