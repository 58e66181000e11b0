// The seed of a new installation: content/monitoring/<country>.yaml, read and checked at start-up
// (a broken file stops the server, naming the file and the field), then imported where the
// database has nothing yet: a country not followed, an indicator never assessed, a fact never
// recorded. Whatever is there already (an editor's work, an earlier import) is left as it is.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import countries from 'i18n-iso-countries';
import YAML from 'yaml';
import { type AuditKeys, audited } from '../audit/audit.ts';
import { markPublished } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import { checkAssessment, checkFact, describe, type Problem } from './monitoring.check.ts';
import { assessmentRow, factRow } from './monitoring.data.ts';
import { CountrySeed } from './monitoring.model.ts';
import { importAssessment, importFact, insertCountry, recordedKeys } from './monitoring.store.ts';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

/** The content files' importer, as the log names it in words. */
export const IMPORTER = 'content-import';

/** A file under content/monitoring/ that does not parse or does not fit its schema. */
export class MonitoringSeedError extends Error {
  override name = 'MonitoringSeedError';
}

export function readMonitoringSeeds(contentDir: string): CountrySeed[] {
  const dir = path.join(contentDir, 'monitoring');
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return files.map((file) => readSeed(path.join(dir, file), path.join('content', 'monitoring', file)));
}

function readSeed(file: string, where: string): CountrySeed {
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MonitoringSeedError(`${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  const wrong = Value.Errors(CountrySeed, data).First();
  if (wrong) throw new MonitoringSeedError(`${where}: ${fieldOf(wrong.path)}: ${wrong.message}`);
  const seed = data as CountrySeed;
  const fail = (field: string, text: string) => {
    throw new MonitoringSeedError(`${where}: ${field}: ${text}`);
  };
  if (path.basename(file, '.yaml') !== seed.country.toLowerCase()) fail('country', `"${seed.country}" differs from the file's name (${path.basename(file)})`);
  if (!countries.isValid(seed.country)) fail('country', `"${seed.country}" is no ISO 3166-1 alpha-2 country code`);
  const first = (problems: Problem[], at: string) => {
    const problem = problems[0];
    if (problem) fail(`${at}.${problem.field}`, describe(problem));
  };
  const indicators = new Set<string>();
  seed.assessments.forEach((assessment, i) => {
    if (indicators.has(assessment.indicator)) fail(`assessments[${i}].indicator`, `"${assessment.indicator}" is given twice`);
    indicators.add(assessment.indicator);
    first(checkAssessment(assessment), `assessments[${i}]`);
  });
  const ids = new Set<string>();
  (seed.facts ?? []).forEach((fact, i) => {
    if (ids.has(fact.id)) fail(`facts[${i}].id`, `"${fact.id}" is given twice`);
    ids.add(fact.id);
    first(checkFact(fact), `facts[${i}]`);
  });
  return seed;
}

const fieldOf = (pointer: string) =>
  pointer
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/^\//, '')
    .replace(/\//g, '.') || '(top)';

/** Imports what the database does not have yet; publishes (every instance reloads) when it added anything. */
export async function importMonitoringSeeds(store: Store, keys: AuditKeys, seeds: CountrySeed[]): Promise<number> {
  if (seeds.length === 0) return 0;
  const at = new Date().toISOString();
  type Added = { countries: number; assessments: number; facts: number };
  const entries = (added: Added) =>
    added.countries + added.assessments + added.facts > 0
      ? [{ actor: IMPORTER, action: 'monitoring.imported' as const, subject: 'content', detail: JSON.stringify(added), at }]
      : [];
  const added = await audited(store, keys, entries, async (trx) => {
    const known = await recordedKeys(trx);
    const count: Added = { countries: 0, assessments: 0, facts: 0 };
    for (const [index, seed] of seeds.entries()) {
      const country = seed.country;
      // Each insert does nothing where the row is there already: another instance starting at the
      // same moment may have written it since `known` was read (PostgreSQL; SQLite has one writer).
      if (!known.countries.has(country) && (await insertCountry(trx, { id: country, position: seed.position ?? index, added_at: at, added_by: IMPORTER })))
        count.countries++;
      const recorded = { country, version: 1, at, by: IMPORTER };
      for (const assessment of seed.assessments) {
        if (known.assessments.has(`${country}/${assessment.indicator}`)) continue;
        if (await importAssessment(trx, assessmentRow(assessment, recorded))) count.assessments++;
      }
      for (const fact of seed.facts ?? []) {
        if (known.facts.has(`${country}/${fact.id}`)) continue;
        if (await importFact(trx, factRow(fact, recorded))) count.facts++;
      }
    }
    if (count.countries + count.assessments + count.facts > 0) await markPublished(trx);
    return count;
  });
  return added.countries + added.assessments + added.facts;
}
