// Country monitoring: the countries the operator follows, and for each one the assessments of the
// nine legal indicators and the dated facts, kept as versions. A new assessment or a corrected fact
// is a new row with the next version number: nothing recorded is ever updated or deleted, so the
// history is the table itself. Frozen: imports no app code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_countries')
    // ISO 3166-1 alpha-2, upper case ("LU").
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    // `account:<id>` of an editor, or `content-import` for content/monitoring/*.yaml.
    .addColumn('added_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('monitoring_assessments')
    .addColumn('country_id', 'text', (c) => c.notNull().references('monitoring_countries.id'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // JSON: the evidence per locale, and the sources ({ title, url?, published?, consulted? }[]).
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('assessed_on', 'text')
    // 'verified' is shown to visitors; anything else stays with the editors.
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_assessments_pk', ['country_id', 'indicator', 'version'])
    .execute();

  await db.schema
    .createTable('monitoring_facts')
    .addColumn('country_id', 'text', (c) => c.notNull().references('monitoring_countries.id'))
    .addColumn('fact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_facts_pk', ['country_id', 'fact_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_facts').execute();
  await db.schema.dropTable('monitoring_assessments').execute();
  await db.schema.dropTable('monitoring_countries').execute();
}
