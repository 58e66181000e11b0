// Country monitoring as it is kept in memory (watch.keep) and as the office reads it: rows turned
// into countries with every version of their assessments and facts, and back into rows. What a
// visitor may see of it (checked versions only) is decided here too, in one place.
import type { Store } from '../db/database.ts';
import type { MonitoringAssessmentTable, MonitoringFactTable } from '../db/schema.ts';
import { LOCALES } from '../i18n/locales.ts';
import {
  type Assessment,
  type AssessmentInput,
  type CountryRecord,
  type Evidence,
  type Fact,
  type FactInput,
  INDICATORS,
  type IndicatorId,
  isCheck,
  isFactKind,
  isIndicator,
  isState,
  type MonitoringData,
  type Source,
  type Verification,
} from './monitoring.model.ts';
import { listAssessments, listCountries, listFacts } from './monitoring.store.ts';

const emptyEvidence = (): Evidence => Object.fromEntries(LOCALES.map((l) => [l, ''])) as Evidence;

export async function loadMonitoring(store: Store): Promise<MonitoringData> {
  const [countries, assessments, facts] = await Promise.all([listCountries(store.db), listAssessments(store.db), listFacts(store.db)]);
  const records = new Map<string, CountryRecord>(
    countries.map((c) => [
      c.id,
      {
        code: c.id,
        position: c.position,
        assessments: Object.fromEntries(INDICATORS.map((i) => [i, []])) as unknown as CountryRecord['assessments'],
        facts: [],
      },
    ]),
  );
  for (const row of assessments) {
    const record = records.get(row.country_id);
    // An indicator this code no longer knows (a removed one) is kept in the table, not shown.
    if (record && isIndicator(row.indicator)) record.assessments[row.indicator].push(assessmentOf(row));
  }
  const byFact = new Map<string, Fact[]>();
  for (const row of facts) {
    const fact = factOf(row);
    if (!fact || !records.has(row.country_id)) continue;
    const key = `${row.country_id}/${row.fact_id}`;
    byFact.set(key, [...(byFact.get(key) ?? []), fact]);
  }
  for (const [key, versions] of byFact) records.get(key.split('/')[0] ?? '')?.facts.push(versions);
  for (const record of records.values()) record.facts.sort((a, b) => factOrder(a[0]) - factOrder(b[0]) || (a[0]?.date ?? '').localeCompare(b[0]?.date ?? ''));
  return { countries: [...records.values()] };
}

const factOrder = (fact: Fact | undefined) => (fact ? ['tip-protocol', 'tip-tier', 'victims-identified', 'oci-trafficking'].indexOf(fact.kind) : 0);

function parse<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function assessmentOf(row: MonitoringAssessmentTable): Assessment {
  return {
    version: row.version,
    state: isState(row.state) ? row.state : 'not-assessed',
    evidence: { ...emptyEvidence(), ...parse<Partial<Evidence>>(row.evidence, {}) },
    sources: parse<Source[]>(row.sources, []),
    assessedOn: row.assessed_on ?? undefined,
    // A row whose flag this code does not know is kept from visitors.
    verification: isCheck(row.verification) ? row.verification : 'unverified',
    note: row.note ?? undefined,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}

function factOf(row: MonitoringFactTable): Fact | undefined {
  if (!isFactKind(row.kind)) return undefined;
  return {
    id: row.fact_id,
    version: row.version,
    kind: row.kind,
    value: row.value ?? undefined,
    date: row.date,
    until: row.until ?? undefined,
    source: parse<Source>(row.source, { title: '' }),
    verification: isCheck(row.verification) ? row.verification : 'unverified',
    note: row.note ?? undefined,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}

type Recorded = { country: string; version: number; at: string; by: string };

export function assessmentRow(input: Omit<AssessmentInput, 'indicator'> & { indicator: IndicatorId }, r: Recorded): MonitoringAssessmentTable {
  return {
    country_id: r.country,
    indicator: input.indicator,
    version: r.version,
    state: input.state,
    evidence: JSON.stringify({ ...emptyEvidence(), ...input.evidence }),
    sources: JSON.stringify(input.sources ?? []),
    assessed_on: input.assessedOn ?? null,
    verification: input.verification,
    note: input.note?.trim() ? input.note : null,
    recorded_at: r.at,
    recorded_by: r.by,
  };
}

export function factRow(input: FactInput, r: Recorded): MonitoringFactTable {
  return {
    country_id: r.country,
    fact_id: input.id,
    version: r.version,
    kind: input.kind,
    value: input.value ? input.value : null,
    date: input.date,
    until: input.until ?? null,
    source: JSON.stringify(input.source),
    verification: input.verification,
    note: input.note?.trim() ? input.note : null,
    recorded_at: r.at,
    recorded_by: r.by,
  };
}

/**
 * The versions a visitor may see, newest first. A version still to be checked ('unverified') waits:
 * the one before it decides. The newest decided version is either checked ('verified': shown, with
 * the checked ones before it) or withdraws the whole item ('obsolete', 'not-identified': nothing
 * is shown, until an editor records a checked version again).
 */
function visible<T extends { verification: Verification }>(versions: T[]): T[] {
  const decided = versions.findIndex((v) => v.verification !== 'unverified');
  if (decided < 0 || versions[decided]?.verification !== 'verified') return [];
  return versions.slice(decided).filter((v) => v.verification === 'verified');
}

/** What visitors see of an indicator: its latest checked assessment, and the checked ones before it. */
export function publicAssessments(versions: Assessment[]): { current: Assessment | undefined; earlier: Assessment[] } {
  const checked = visible(versions);
  return { current: checked[0], earlier: checked.slice(1) };
}

/**
 * What visitors see of the facts: each fact's latest checked version. A correction still to be
 * checked waits, as a new assessment does; a fact with no checked version, or whose newest
 * decided version is out of date or not identified (withdrawn), is not shown at all.
 */
export function publicFacts(facts: Fact[][]): Fact[] {
  return facts.map((versions) => visible(versions)[0]).filter((f): f is Fact => f !== undefined);
}

export const findCountry = (data: MonitoringData, code: string) => data.countries.find((c) => c.code === code.toUpperCase());
