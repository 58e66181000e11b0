// Country monitoring's queries. Reads take any handle; writes take the audited one, so a change
// without its audit entry does not compile. Rows are only ever inserted: a new assessment or a
// corrected fact is the next version, and the history is every version there is.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Engine } from '../db/database.ts';
import type { Database, MonitoringAssessmentTable, MonitoringCountryTable, MonitoringFactTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function listCountries(db: Db): Promise<MonitoringCountryTable[]> {
  return db.selectFrom('monitoring_countries').selectAll().orderBy('position').orderBy('id').execute();
}

/** Every version of every assessment, newest version first within an indicator. */
export async function listAssessments(db: Db): Promise<MonitoringAssessmentTable[]> {
  return db.selectFrom('monitoring_assessments').selectAll().orderBy('country_id').orderBy('indicator').orderBy('version', 'desc').execute();
}

/** Every version of every fact, newest version first within a fact. */
export async function listFacts(db: Db): Promise<MonitoringFactTable[]> {
  return db.selectFrom('monitoring_facts').selectAll().orderBy('country_id').orderBy('fact_id').orderBy('version', 'desc').execute();
}

/**
 * Holds the country's row until commit on PostgreSQL, so two editors recording for one country
 * take turns and never pick the same next version. (SQLite has one writer at a time already.)
 */
export async function lockCountry(trx: Audited, engine: Engine, code: string): Promise<boolean> {
  const query = trx.selectFrom('monitoring_countries').select('id').where('id', '=', code);
  const row = await (engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  return row !== undefined;
}

/** False when the country is followed already (another editor added it a moment before). */
export async function insertCountry(trx: Audited, row: MonitoringCountryTable): Promise<boolean> {
  const inserted = await trx
    .insertInto('monitoring_countries')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The next position: a country added later comes after the ones followed before. */
export async function nextPosition(db: Db): Promise<number> {
  const row = await db.selectFrom('monitoring_countries').select(sql<number | null>`max(position)`.as('last')).executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function nextAssessmentVersion(trx: Audited, country: string, indicator: string): Promise<number> {
  const row = await trx
    .selectFrom('monitoring_assessments')
    .select(sql<number | null>`max(version)`.as('last'))
    .where('country_id', '=', country)
    .where('indicator', '=', indicator)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertAssessment(trx: Audited, row: MonitoringAssessmentTable): Promise<void> {
  await trx.insertInto('monitoring_assessments').values(row).execute();
}

export async function nextFactVersion(trx: Audited, country: string, factId: string): Promise<number> {
  const row = await trx
    .selectFrom('monitoring_facts')
    .select(sql<number | null>`max(version)`.as('last'))
    .where('country_id', '=', country)
    .where('fact_id', '=', factId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertFact(trx: Audited, row: MonitoringFactTable): Promise<void> {
  await trx.insertInto('monitoring_facts').values(row).execute();
}

/** The latest version of each of a country's facts (to refuse a second fact for the same kind and date). */
export async function currentFacts(trx: Audited, country: string): Promise<MonitoringFactTable[]> {
  const rows = await trx.selectFrom('monitoring_facts').selectAll().where('country_id', '=', country).orderBy('version', 'desc').execute();
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.fact_id) && seen.add(r.fact_id));
}

/**
 * The seed's version 1 of an assessment, unless that version is there already (another instance
 * importing at the same moment, or an editor): then nothing is written, and the answer is false.
 */
export async function importAssessment(trx: Audited, row: MonitoringAssessmentTable): Promise<boolean> {
  const inserted = await trx
    .insertInto('monitoring_assessments')
    .values(row)
    .onConflict((oc) => oc.columns(['country_id', 'indicator', 'version']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** As importAssessment, for a fact. */
export async function importFact(trx: Audited, row: MonitoringFactTable): Promise<boolean> {
  const inserted = await trx
    .insertInto('monitoring_facts')
    .values(row)
    .onConflict((oc) => oc.columns(['country_id', 'fact_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** What is recorded already, for the seed import: which countries, which (country, indicator), which (country, fact). */
export async function recordedKeys(trx: Audited): Promise<{ countries: Set<string>; assessments: Set<string>; facts: Set<string> }> {
  const countries = await trx.selectFrom('monitoring_countries').select('id').execute();
  const assessments = await trx.selectFrom('monitoring_assessments').select(['country_id', 'indicator']).distinct().execute();
  const facts = await trx.selectFrom('monitoring_facts').select(['country_id', 'fact_id']).distinct().execute();
  return {
    countries: new Set(countries.map((c) => c.id)),
    assessments: new Set(assessments.map((a) => `${a.country_id}/${a.indicator}`)),
    facts: new Set(facts.map((f) => `${f.country_id}/${f.fact_id}`)),
  };
}
