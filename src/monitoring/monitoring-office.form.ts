// The office's forms as typed (every field a string, so a refused form comes back with all of it)
// and the way from a form to an assessment or a fact: blank source rows dropped, empty optional
// fields left out, unknown choices refused. The field names of the form are the ids the error
// summary links to ("evidence-fr", "source-1-url").
import { type TObject, type TOptional, type TString, Type } from '@sinclair/typebox';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { Problem } from './monitoring.check.ts';
import {
  type Assessment,
  EVIDENCE_MAX,
  type Fact,
  type IndicatorId,
  isCheck,
  isFactKind,
  isState,
  MAX_SOURCES,
  NOTE_MAX,
  type Source,
  TITLE_MAX,
  URL_MAX,
} from './monitoring.model.ts';
import type { AssessmentChange, FactChange } from './monitoring-office.service.ts';

export type SourceDraft = { title: string; url: string; published: string; consulted: string };
export type AssessmentDraft = {
  state: string;
  verification: string;
  evidence: Record<Locale, string>;
  assessedOn: string;
  sources: SourceDraft[];
  note: string;
};
export type FactDraft = { kind: string; value: string; date: string; until: string; source: SourceDraft; verification: string; note: string };

const SOURCE_PARTS = ['title', 'url', 'published', 'consulted'] as const;

// Every field optional and over its limit: the form answers a missing or long one with its message.
const text = (max: number) => Type.Optional(Type.String({ maxLength: max * 2 + 100 }));
const sourceFields = (prefix: string) => ({
  [`${prefix}title`]: text(TITLE_MAX),
  [`${prefix}url`]: text(URL_MAX),
  [`${prefix}published`]: text(20),
  [`${prefix}consulted`]: text(20),
});
type Fields = TObject<Record<string, TOptional<TString>>>;

export const AssessmentBody: Fields = Type.Object({
  state: text(20),
  verification: text(20),
  ...Object.fromEntries(LOCALES.map((l) => [`evidence-${l}`, text(EVIDENCE_MAX)])),
  assessedOn: text(20),
  ...Object.assign({}, ...Array.from({ length: MAX_SOURCES }, (_, i) => sourceFields(`source-${i}-`))),
  note: text(NOTE_MAX),
  _csrf: text(128),
});

export const FactBody: Fields = Type.Object({
  kind: text(30),
  value: text(20),
  date: text(20),
  until: text(20),
  ...sourceFields('source-'),
  verification: text(20),
  note: text(NOTE_MAX),
  _csrf: text(128),
});

export const CountryBody: Fields = Type.Object({ country: text(10), _csrf: text(128) });

type Body = Record<string, string | undefined>;
const field = (body: Body, name: string) => (body[name] ?? '').replace(/\r\n?/g, '\n').normalize('NFC');
const line = (body: Body, name: string) => field(body, name).trim();
const blankSource = (): SourceDraft => ({ title: '', url: '', published: '', consulted: '' });
const isBlank = (s: SourceDraft) => SOURCE_PARTS.every((p) => !s[p]);
const readSource = (body: Body, prefix: string): SourceDraft => Object.fromEntries(SOURCE_PARTS.map((p) => [p, line(body, `${prefix}${p}`)])) as SourceDraft;

/** The form's field for a problem's path: "sources[1].url" → "source-1-url", "evidence.fr" → "evidence-fr". */
export const fieldId = (path: string) => path.replace(/^sources\[(\d+)\]\./, 'source-$1-').replace(/\./g, '-');

/** Where the error summary leads: a group of radios is reached at its first choice. */
export const anchorOf = (id: string) => (['state', 'verification', 'kind'].includes(id) ? `${id}-first` : id);

export function readAssessmentDraft(body: Body): AssessmentDraft {
  const sources = Array.from({ length: MAX_SOURCES }, (_, i) => readSource(body, `source-${i}-`)).filter((s) => !isBlank(s));
  return {
    state: line(body, 'state'),
    verification: line(body, 'verification'),
    evidence: Object.fromEntries(LOCALES.map((l) => [l, field(body, `evidence-${l}`).trim()])) as Record<Locale, string>,
    assessedOn: line(body, 'assessedOn'),
    sources,
    note: field(body, 'note').trim(),
  };
}

export function readFactDraft(body: Body): FactDraft {
  return {
    kind: line(body, 'kind'),
    value: line(body, 'value'),
    date: line(body, 'date'),
    until: line(body, 'until'),
    source: readSource(body, 'source-'),
    verification: line(body, 'verification'),
    note: field(body, 'note').trim(),
  };
}

const optional = (value: string) => (value ? value : undefined);
const sourceOf = (s: SourceDraft): Source => ({
  title: s.title,
  ...(s.url ? { url: s.url } : {}),
  ...(s.published ? { published: s.published } : {}),
  ...(s.consulted ? { consulted: s.consulted } : {}),
});

/** The assessment the form describes, or what is wrong with its choices (the service checks the rest). */
export function assessmentOf(draft: AssessmentDraft, indicator: IndicatorId): { change?: AssessmentChange; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isState(draft.state)) problems.push({ field: 'state', code: 'state' });
  if (!isCheck(draft.verification)) problems.push({ field: 'verification', code: 'verification' });
  if (!isState(draft.state) || !isCheck(draft.verification)) return { problems };
  const change: AssessmentChange = {
    indicator,
    state: draft.state,
    verification: draft.verification,
    evidence: draft.evidence,
    sources: draft.sources.map(sourceOf),
    assessedOn: optional(draft.assessedOn),
    note: optional(draft.note),
  };
  return { change, problems };
}

export function factOf(draft: FactDraft): { change?: FactChange; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isFactKind(draft.kind)) problems.push({ field: 'kind', code: 'kind' });
  if (!isCheck(draft.verification)) problems.push({ field: 'verification', code: 'verification' });
  if (!draft.date) problems.push({ field: 'date', code: 'required' });
  if (!isFactKind(draft.kind) || !isCheck(draft.verification) || !draft.date) return { problems };
  const change: FactChange = {
    kind: draft.kind,
    value: optional(draft.value),
    date: draft.date,
    until: optional(draft.until),
    source: sourceOf(draft.source),
    verification: draft.verification,
    note: optional(draft.note),
  };
  return { change, problems };
}

const draftSource = (s: Source): SourceDraft => ({ title: s.title, url: s.url ?? '', published: s.published ?? '', consulted: s.consulted ?? '' });

/** A new assessment's form starts from the latest one (the editor changes what changed). */
export function assessmentDraftFrom(latest: Assessment | undefined): AssessmentDraft {
  if (!latest)
    return {
      state: '',
      verification: '',
      evidence: Object.fromEntries(LOCALES.map((l) => [l, ''])) as Record<Locale, string>,
      assessedOn: '',
      sources: [],
      note: '',
    };
  return {
    state: latest.state,
    verification: latest.verification,
    evidence: { ...latest.evidence },
    assessedOn: latest.assessedOn ?? '',
    sources: latest.sources.map(draftSource),
    note: latest.note ?? '',
  };
}

export function factDraftFrom(latest: Fact | undefined): FactDraft {
  if (!latest) return { kind: '', value: '', date: '', until: '', source: blankSource(), verification: '', note: '' };
  return {
    kind: latest.kind,
    value: latest.value ?? '',
    date: latest.date,
    until: latest.until ?? '',
    source: draftSource(latest.source),
    verification: latest.verification,
    note: latest.note ?? '',
  };
}

/** The source rows a form shows: those typed, then blank ones to add more (up to the limit). */
export const sourceRows = (sources: SourceDraft[]) => [
  ...sources,
  ...Array.from({ length: Math.max(0, Math.min(2, MAX_SOURCES - sources.length)) }, blankSource),
];
