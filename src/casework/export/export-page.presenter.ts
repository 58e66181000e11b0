// The printable page's words for an export: every id in the document (channel, category,
// decision, status, structured field, event) turned into the reader's language, and times into
// the office's. The page shows exactly the document; the signed statement at its end is the proof.
import type { Casework } from '../../content/casework.schema.ts';
import type { Channel } from '../../content/content.schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import { OFFICE_TIME_ZONE } from '../../office/office-dates.ts';
import { defang } from '../defang.ts';
import type { DocumentEvent, ExportDocument } from './export-document.ts';

export type LabelledRow = { label: string; value: string | string[] };

export type ExportPageData = {
  reportId: string;
  organisation: string;
  exportedBy: string;
  exportedAt: string;
  format: string;
  summary: LabelledRow[];
  fields: LabelledRow[];
  addresses: { defanged: string; classification: string; details: string[] }[];
  decisions: { heading: string; address: string | null; details: string[]; proposed: string; decided: string | null }[];
  history: { seq: number; at: string; time: string; by: string; event: string; detail: string | null; text?: string }[];
  auditSeq: number;
  /** ": ", or in French " : " (a space before the colon, which must not break from the word). */
  colon: string;
};

export type ExportLabelSources = { t: Translate; locale: Locale; channel: Channel | undefined; scheme: Casework | undefined };

/** To the second and with its zone: a record for a court, not a page glanced at. */
const timeFormat = (locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', hourCycle: 'h23', timeZone: OFFICE_TIME_ZONE });

export function presentExport(document: ExportDocument, auditSeq: number, sources: ExportLabelSources): ExportPageData {
  const { t, locale, channel, scheme } = sources;
  // Not a word: the same dash in every language.
  const none = '—';
  const colon = locale === 'fr' ? '\u00a0: ' : ': ';
  const { report } = document;
  const format = timeFormat(locale);
  const time = (at: string | null) => (at ? format.format(new Date(at)) : none);
  const translated = (key: string, fallback: string) => {
    const text = t(key);
    return text === key ? fallback : text;
  };
  const status = (s: string) => translated(`office.export.status.${s}`, s);
  const decision = (value: string | null) => (value ? (scheme?.decisions.find((d) => d.id === value)?.label[locale] ?? value) : none);
  const category = (id: string) => channel?.categories.find((c) => c.id === id)?.label[locale] ?? id;
  const structured = (fields: Record<string, string> | null): string[] =>
    Object.entries(fields ?? {}).map(([id, value]) => {
      const field = scheme?.fields?.find((f) => f.id === id);
      const shown =
        field?.kind === 'yes-no' && (value === 'yes' || value === 'no')
          ? t(`office.export.${value}`)
          : (field?.options?.find((o) => o.id === value)?.label[locale] ?? value);
      return `${field?.label[locale] ?? id}${colon}${shown}`;
    });
  const byAt = (by: string | null, at: string | null) => (by ? t('office.export.label.byAt', { by, at: time(at) }) : null);

  const fieldValue = (name: string, value: string | string[] | boolean): string | string[] => {
    if (typeof value === 'boolean') return t(value ? 'office.export.yes' : 'office.export.no');
    // Reported addresses are never shown as they were typed: a click or a paste must not open them.
    if (name === 'urls') return (Array.isArray(value) ? value : [value]).map(defang);
    if (name === 'category' && typeof value === 'string') return category(value);
    return value;
  };

  return {
    reportId: report.id,
    organisation: `${document.organisation.name} (${document.organisation.id})`,
    exportedBy: document.exported.by,
    exportedAt: time(document.exported.at),
    format: t(`office.export.format.${document.exported.format}`),
    summary: [
      { label: t('office.export.label.id'), value: report.id },
      { label: t('office.export.label.channel'), value: channel?.title[locale] ?? report.channel },
      { label: t('office.export.label.category'), value: category(report.category) },
      ...(report.country ? [{ label: t('office.export.label.country'), value: report.country }] : []),
      { label: t('office.export.label.receivedHour'), value: time(report.receivedHour) },
      { label: t('office.export.label.status'), value: status(report.status) },
      { label: t('office.export.label.classification'), value: decision(report.classification) },
      { label: t('office.export.label.assignee'), value: report.assignee ?? none },
      ...(report.closedAt ? [{ label: t('office.export.label.closedAt'), value: time(report.closedAt) }] : []),
    ],
    fields: Object.entries(report.fields).map(([name, value]) => ({
      label: translated(`office.export.field.${name}`, name),
      value: fieldValue(name, value),
    })),
    addresses: report.addresses.map((a) => ({ defanged: a.defanged, classification: decision(a.classification), details: structured(a.fields) })),
    decisions: report.decisions.map((d) => ({
      heading: `${t(`office.export.decisionKind.${d.kind}`)}${colon}${d.kind === 'status' ? status(d.value) : decision(d.value)} – ${t(`office.export.decisionState.${d.state}`)}`,
      address: d.address,
      details: structured(d.fields),
      proposed: byAt(d.proposedBy, d.proposedAt) ?? none,
      decided: byAt(d.decidedBy, d.decidedAt),
    })),
    history: report.history.map((e) => ({
      seq: e.seq,
      at: e.at,
      time: time(e.at),
      by: e.by,
      event: translated(`office.export.event.${e.type}`, e.type),
      detail: eventDetail(e, { status, decision, format: (f) => translated(`office.export.format.${f}`, f) }),
      ...(e.text !== undefined ? { text: e.text } : {}),
    })),
    auditSeq,
    colon,
  };
}

/** What an entry of the history says besides its kind, in words where there are words for it. */
function eventDetail(
  e: DocumentEvent,
  words: { status: (s: string) => string; decision: (v: string | null) => string; format: (f: string) => string },
): string | null {
  // Taking a report names its taker twice: once is enough.
  if (e.member) return e.member === e.by ? null : e.member;
  if (!e.detail) return null;
  if (e.type === 'status-changed') return words.status(e.detail);
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = e.detail.startsWith('{') ? (JSON.parse(e.detail) as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) return e.detail;
  if (e.type === 'exported') return `${words.format(String(parsed.format ?? ''))} · SHA-256 ${String(parsed.sha256 ?? '')}`;
  // A status awaiting confirmation says `status`; a settled decision says its `kind`.
  const raw = typeof parsed.status === 'string' ? parsed.status : parsed.value;
  if (typeof raw !== 'string') return e.detail;
  const value = typeof parsed.status === 'string' || parsed.kind === 'status' ? words.status(raw) : words.decision(raw);
  return e.address ? `${value} – ${e.address}` : value;
}
