// What the schemas cannot say about an assessment or a fact: evidence and sources wherever a state
// is given, dates that exist, a value that fits the kind of fact. One set of rules for the seed
// files and the office's forms; each problem names its field ("evidence.fr", "sources[1].url").

import { LOCALES } from '../i18n/locales.ts';
import type { FieldProblem } from '../web/domain-errors.ts';
import {
  type AssessmentInput,
  DAY,
  EVIDENCE_MAX,
  type FactInput,
  MAX_SOURCES,
  NOTE_MAX,
  PARTIAL_DATE,
  type Source,
  TIP_TIERS,
  TITLE_MAX,
  URL_MAX,
} from './monitoring.model.ts';

export type Problem = FieldProblem;

/** A date that the calendar has (2023-02-30 has the right shape and is refused). */
export function isRealDate(value: string, pattern: RegExp = PARTIAL_DATE): boolean {
  if (!pattern.test(value)) return false;
  const [year, month = 1, day = 1] = value.split('-').map(Number) as [number, number?, number?];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function checkSource(source: Source, at: string): Problem[] {
  const problems: Problem[] = [];
  if (!source.title.trim()) problems.push({ field: `${at}.title`, code: 'required' });
  else if (source.title.length > TITLE_MAX) problems.push({ field: `${at}.title`, code: 'too-long', max: TITLE_MAX });
  if (source.url !== undefined && (!/^https?:\/\/\S+$/.test(source.url) || source.url.length > URL_MAX)) problems.push({ field: `${at}.url`, code: 'url' });
  if (source.published !== undefined && !isRealDate(source.published)) problems.push({ field: `${at}.published`, code: 'partial-date' });
  if (source.consulted !== undefined && !isRealDate(source.consulted, DAY)) problems.push({ field: `${at}.consulted`, code: 'day' });
  return problems;
}

export function checkAssessment(input: Omit<AssessmentInput, 'indicator'>): Problem[] {
  const problems: Problem[] = [];
  const assessed = input.state !== 'not-assessed';
  for (const locale of LOCALES) {
    const text = input.evidence?.[locale] ?? '';
    if (assessed && !text.trim()) problems.push({ field: `evidence.${locale}`, code: 'evidence' });
    else if (text.length > EVIDENCE_MAX) problems.push({ field: `evidence.${locale}`, code: 'too-long', max: EVIDENCE_MAX });
  }
  if (input.assessedOn !== undefined && !isRealDate(input.assessedOn, DAY)) problems.push({ field: 'assessedOn', code: 'day' });
  else if (assessed && input.assessedOn === undefined) problems.push({ field: 'assessedOn', code: 'assessed-on' });
  const sources = input.sources ?? [];
  if (sources.length > MAX_SOURCES) problems.push({ field: 'sources', code: 'too-many-sources', max: MAX_SOURCES });
  for (const [i, source] of sources.entries()) problems.push(...checkSource(source, `sources[${i}]`));
  if (assessed && sources.length === 0) problems.push({ field: 'sources[0].title', code: 'sources' });
  if ((input.note ?? '').length > NOTE_MAX) problems.push({ field: 'note', code: 'too-long', max: NOTE_MAX });
  return problems;
}

/** The rules of each kind of fact: which value, and how precise a date. */
export function checkFact(input: Omit<FactInput, 'id'>): Problem[] {
  const problems: Problem[] = [];
  const value = input.value ?? '';
  const year = (field: 'date' | 'until', v: string | undefined) => {
    if (v === undefined || !/^\d{4}$/.test(v)) problems.push({ field, code: 'year' });
  };
  switch (input.kind) {
    case 'tip-tier':
      if (!(TIP_TIERS as readonly string[]).includes(value)) problems.push({ field: 'value', code: 'tier' });
      year('date', input.date);
      break;
    case 'tip-protocol':
      if (value) problems.push({ field: 'value', code: 'no-value' });
      if (!isRealDate(input.date, DAY)) problems.push({ field: 'date', code: 'day' });
      break;
    case 'victims-identified':
      if (!/^\d{1,7}$/.test(value)) problems.push({ field: 'value', code: 'count' });
      year('date', input.date);
      year('until', input.until);
      if (input.until !== undefined && /^\d{4}$/.test(input.date) && input.until < input.date) problems.push({ field: 'until', code: 'until-before' });
      break;
    case 'oci-trafficking':
      if (!/^(10(\.0+)?|\d(\.\d{1,2})?)$/.test(value)) problems.push({ field: 'value', code: 'score' });
      year('date', input.date);
      break;
  }
  if (input.kind !== 'victims-identified' && input.until !== undefined) problems.push({ field: 'until', code: 'no-until' });
  problems.push(...checkSource(input.source, 'source'));
  if ((input.note ?? '').length > NOTE_MAX) problems.push({ field: 'note', code: 'too-long', max: NOTE_MAX });
  return problems;
}

/** A problem in words, for a seed file's error (the office shows translated messages instead). */
export function describe(problem: Problem): string {
  const words: Record<string, string> = {
    required: 'is required',
    'too-long': `is longer than ${problem.max} characters`,
    url: 'must be an http:// or https:// address',
    'partial-date': 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD',
    day: 'must be a day: YYYY-MM-DD',
    evidence: 'is required in every locale when the state is not "not-assessed"',
    'assessed-on': 'is required when the state is not "not-assessed"',
    sources: 'at least one source is required when the state is not "not-assessed"',
    'too-many-sources': `at most ${problem.max} sources`,
    year: 'must be a year (YYYY) for this kind of fact',
    tier: `must be one of ${TIP_TIERS.join(', ')}`,
    'no-value': 'takes no value for this kind of fact',
    count: 'must be a whole number',
    score: 'must be a score from 0 to 10',
    'until-before': 'must not be before the date',
    'no-until': 'is only for victims-identified (a period)',
    duplicate: 'is given twice',
  };
  return words[problem.code] ?? problem.code;
}
