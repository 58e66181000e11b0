// Country monitoring's closed vocabulary: the nine legal indicators (ECPAT's country profile,
// seed 000), the states an assessment gives one, the kinds of dated fact on trafficking (seed 003),
// and the shapes of an assessment, a fact and a source as TypeBox schemas: the seed files
// (content/monitoring/*.yaml) are read with them, and the office's forms end in the same shapes.
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import { Verification } from '../content/content.schema.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';

export { Verification };

/** The indicators, in the order the pages list them; their names are messages (monitoring.indicator.<id>). */
export const INDICATORS = [
  'age-of-consent',
  'extraterritoriality',
  'csam-definition',
  'background-checks',
  'national-commitments',
  'advocacy-centres',
  'police-unit',
  'travel-tourism',
  'case-data',
] as const;
export type IndicatorId = (typeof INDICATORS)[number];

/** What an assessment says of an indicator: short on purpose; "not-assessed" says nothing of the law itself. */
export const STATES = ['in-place', 'partly', 'not-in-place', 'not-assessed'] as const;
export type AssessmentState = (typeof STATES)[number];

/**
 * The dated facts on trafficking in persons: a tier of the US Trafficking in Persons report (a
 * year; "1", "2", "2-watch", "3"), the ratification of the 2000 UN protocol (a day), victims
 * formally identified over years (a count, a year to a year), the Organised Crime Index's score
 * for human trafficking (a year, out of 10).
 */
export const FACT_KINDS = ['tip-tier', 'tip-protocol', 'victims-identified', 'oci-trafficking'] as const;
export type FactKind = (typeof FACT_KINDS)[number];
export const TIP_TIERS = ['1', '2', '2-watch', '3'] as const;

/** What visitors are shown: only checked assessments and facts ('verified'); the rest stays with the editors. */
export const CHECKS = ['verified', 'unverified', 'not-identified', 'obsolete'] as const satisfies readonly Verification[];

export const isIndicator = (value: unknown): value is IndicatorId => (INDICATORS as readonly unknown[]).includes(value);
export const isState = (value: unknown): value is AssessmentState => (STATES as readonly unknown[]).includes(value);
export const isFactKind = (value: unknown): value is FactKind => (FACT_KINDS as readonly unknown[]).includes(value);
export const isCheck = (value: unknown): value is Verification => (CHECKS as readonly unknown[]).includes(value);

export const TITLE_MAX = 300;
export const URL_MAX = 1000;
export const EVIDENCE_MAX = 4000;
export const NOTE_MAX = 2000;
export const MAX_SOURCES = 6;

/** A year, a month or a day: sources and facts are dated as precisely as they are known, no more. */
export const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const PartialDate = Type.String({ pattern: PARTIAL_DATE.source });
const Day = Type.String({ pattern: DAY.source });
const Url = Type.String({ pattern: '^https?://\\S+$', maxLength: URL_MAX });
const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>;

/**
 * A source: its title, and its date (`published`) or the day it was read (`consulted`) where that is
 * all that is known; a source known by neither is shown as undated, never given a date.
 */
export const Source = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
    url: Type.Optional(Url),
    published: Type.Optional(PartialDate),
    consulted: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type Source = Static<typeof Source>;

/** Evidence in every locale; empty only where the state is "not-assessed". */
export const Evidence = Type.Object(
  Object.fromEntries(LOCALES.map((l) => [l, Type.String({ maxLength: EVIDENCE_MAX })])) as Record<Locale, ReturnType<typeof Type.String>>,
  {
    additionalProperties: false,
  },
);
export type Evidence = Record<Locale, string>;

export const AssessmentInput = Type.Object(
  {
    indicator: literals(INDICATORS),
    state: literals(STATES),
    evidence: Type.Optional(Evidence),
    sources: Type.Optional(Type.Array(Source, { maxItems: MAX_SOURCES })),
    assessedOn: Type.Optional(Day),
    verification: Verification,
    /** For the editors only: why it is flagged, what is left to check. Never shown to visitors. */
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
  },
  { additionalProperties: false },
);
export type AssessmentInput = Static<typeof AssessmentInput>;

export const FactInput = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 }),
    kind: literals(FACT_KINDS),
    value: Type.Optional(Type.String({ maxLength: 20 })),
    date: PartialDate,
    until: Type.Optional(PartialDate),
    source: Source,
    verification: Verification,
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
  },
  { additionalProperties: false },
);
export type FactInput = Static<typeof FactInput>;

/** One file under content/monitoring/: a country (its ISO code, as the file is named), its assessments and facts. */
export const CountrySeed = Type.Object(
  {
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
    assessments: Type.Array(AssessmentInput),
    facts: Type.Optional(Type.Array(FactInput)),
  },
  { additionalProperties: false },
);
export type CountrySeed = Static<typeof CountrySeed>;

/** An assessment as it is kept: one version of one indicator's assessment; a new one never replaces it. */
export type Assessment = {
  version: number;
  state: AssessmentState;
  evidence: Evidence;
  sources: Source[];
  assessedOn: string | undefined;
  verification: Verification;
  note: string | undefined;
  recordedAt: string;
  recordedBy: string;
};

/** A dated fact as it is kept: a correction is a new version of the same fact id. */
export type Fact = {
  id: string;
  version: number;
  kind: FactKind;
  value: string | undefined;
  date: string;
  until: string | undefined;
  source: Source;
  verification: Verification;
  note: string | undefined;
  recordedAt: string;
  recordedBy: string;
};

/** A followed country: its ISO 3166-1 alpha-2 code, and every version of everything recorded for it (newest first). */
export type CountryRecord = {
  code: string;
  position: number;
  assessments: Record<IndicatorId, Assessment[]>;
  /** Each fact's versions, newest first; facts in date order. */
  facts: Fact[][];
};

export type MonitoringData = { countries: CountryRecord[] };

/** The country's code in an address: lower case ("/en/monitoring/lu"). */
export const countrySlug = (code: string) => code.toLowerCase();
