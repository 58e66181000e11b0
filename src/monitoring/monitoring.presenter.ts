// What the public pages show, worked out from the kept data for one locale: the countries with
// their names, each indicator's checked assessment and the checked ones before it, the checked
// facts. Only 'verified' versions reach a visitor (monitoring.data.ts decides which).
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { localePath } from '../web/page-context.ts';
import { findCountry, publicAssessments, publicFacts } from './monitoring.data.ts';
import {
  type Assessment,
  type AssessmentState,
  type CountryRecord,
  countrySlug,
  type Fact,
  INDICATORS,
  type IndicatorId,
  type MonitoringData,
} from './monitoring.model.ts';

const require = createRequire(import.meta.url);
for (const locale of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));

/** A publication about a country, as the publications section gives it (wired by haven.ts). */
export type RelatedPublication = { href: string; title: string; year: number };
export type RelatedPublications = (country: string, locale: Locale) => RelatedPublication[];

export const countryName = (code: string, locale: Locale): string => countries.getName(code, locale) ?? code;

/** Every country code ISO 3166-1 knows, with its name in the locale, in that locale's alphabetical order. */
export function allCountries(locale: Locale): { code: string; name: string }[] {
  return Object.entries(countries.getNames(locale, { select: 'official' }))
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export const isCountryCode = (code: string): boolean => /^[A-Z]{2}$/.test(code) && countries.isValid(code);

export type CountrySummary = { code: string; name: string; href: string; states: Record<IndicatorId, AssessmentState> };

export type IndicatorView = { id: IndicatorId; current: Assessment | undefined; earlier: Assessment[] };

export type CountryView = {
  code: string;
  name: string;
  indicators: IndicatorView[];
  facts: Fact[];
  publications: RelatedPublication[];
};

const publicState = (record: CountryRecord, indicator: IndicatorId): AssessmentState =>
  publicAssessments(record.assessments[indicator]).current?.state ?? 'not-assessed';

export function presentCountries(data: MonitoringData, locale: Locale): CountrySummary[] {
  return data.countries.map((record) => ({
    code: record.code,
    name: countryName(record.code, locale),
    href: localePath(locale, `/monitoring/${countrySlug(record.code)}`),
    states: Object.fromEntries(INDICATORS.map((i) => [i, publicState(record, i)])) as Record<IndicatorId, AssessmentState>,
  }));
}

export function presentCountry(data: MonitoringData, slug: string, locale: Locale, related?: RelatedPublications): CountryView | undefined {
  // One address per country: "/en/monitoring/lu", never "/en/monitoring/LU".
  const record = slug === slug.toLowerCase() ? findCountry(data, slug) : undefined;
  if (!record) return undefined;
  return {
    code: record.code,
    name: countryName(record.code, locale),
    indicators: INDICATORS.map((id) => ({ id, ...publicAssessments(record.assessments[id]) })),
    facts: publicFacts(record.facts),
    publications: related?.(countrySlug(record.code), locale) ?? [],
  };
}
