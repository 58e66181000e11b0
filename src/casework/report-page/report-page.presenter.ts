// What the report page shows, from a report opened for this request: labels picked from the
// channel and its scheme in the reader's language, member logins instead of ids, times as the
// office shows them, and which actions this member is offered. The views only lay it out.
import countries from 'i18n-iso-countries';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { FORM_FIELDS } from '../../intake/report-fields.ts';
import { type DeadlineWords, deadlineWords, receivedWords, shortReference } from '../../office/case-times.ts';
import { isWorkflowStatus, WORKFLOW_STATUSES, type WorkflowStatus } from '../../reports/report-status.ts';
import type { Session } from '../../sessions/sessions.ts';
import type { OpenedCase } from '../case-reading.ts';
import { TEXT_MAX } from '../case-text.ts';
import type { Casework } from '../casework.ts';
import { defangText } from '../defang-text.ts';
import {
  type Classification,
  type FieldGroup,
  groupFields,
  type PendingShown,
  presentPending,
  type SchemeField,
  type ShownField,
} from './report-decisions.presenter.ts';
import { type HistoryLine, presentHistory } from './report-history.presenter.ts';

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

export type DeadlineShown = DeadlineWords;

export type ReportShown = {
  id: string;
  /** The id's last 8 hex digits: what members say and the queue shows. */
  reference: string;
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
  /** Free text with any web address in it defanged (defang-text.ts). */
  fields: { name: string; value: string }[];
  /** The reporter's identity or contact, or null when the form asks none. */
  reporter: { name: string; value: string }[] | null;
  identityForm: boolean;
  addresses: AddressShown[];
  decisions: { id: string; label: string; confirm: boolean }[];
  fieldGroups: FieldGroup[];
  pending: PendingShown[];
  history: HistoryLine[];
  /** Notes and messages: at most this many characters. */
  textMax: number;
  actions: {
    take: boolean;
    /** Who holds it when another member does: taking it takes it from them. */
    takeFrom: string | null;
    release: boolean;
    /** Whom it may be handed over to; empty when the service would refuse this member. */
    handOverTo: { id: string; login: string }[];
    statuses: WorkflowStatus[];
    /** Of those, the ones that wait for a second member's confirmation from the current status. */
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
        received: receivedWords(s.receivedHour, locale, t),
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
      return [{ name: s.name, value: s.kind === 'country' ? (countries.getName(value, locale) ?? value) : defangText(value) }];
    });
  const identitySpecs = specs.filter((s) => s.identity);
  const reporter = identitySpecs.length
    ? identitySpecs.flatMap((s) => {
        const value = given(s.name);
        return value === undefined ? [] : [{ name: s.name, value: defangText(value) }];
      })
    : null;

  const holder = report.assignee_id;
  const assignee = holder ? login(`account:${holder}`) : null;
  const supervisor = session.account.role === 'supervisor';
  const mine = holder === session.account.id;
  // As the service decides (case-actions.ts): its holder or a supervisor releases it; its holder,
  // anyone while nobody holds it, or a supervisor hands it over.
  const mayHandOver = mine || holder === null || supervisor;
  const status = isWorkflowStatus(report.workflow_status) ? report.workflow_status : 'new';
  const statuses = WORKFLOW_STATUSES.filter((s) => s !== 'new' && s !== report.workflow_status);

  return {
    id: report.id,
    reference: shortReference(report.id),
    channelTitle: channel?.title[locale] ?? report.channel_id,
    categoryLabel: channel?.categories.find((c) => c.id === report.category)?.label[locale] ?? report.category,
    received: receivedWords(report.received_hour, locale, t),
    status,
    assignee,
    deadline: opened.deadline ? deadlineWords(opened.deadline, now, locale, t) : null,
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
    history: presentHistory(opened, { locale, t, login, decisionLabel, targetOf }),
    textMax: TEXT_MAX,
    actions: {
      take: !mine,
      takeFrom: holder !== null && !mine ? assignee : null,
      release: holder !== null && (mine || supervisor),
      handOverTo: mayHandOver
        ? opened.caseworkers.filter((c) => c.id !== holder && c.id !== session.account.id).map((c) => ({ id: c.id, login: c.login }))
        : [],
      statuses,
      confirmStatuses: statuses.filter((s) => deps.schemes.statusNeedsConfirmation(report.channel_id, s, status)),
    },
  };
}
