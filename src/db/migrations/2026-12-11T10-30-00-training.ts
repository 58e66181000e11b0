// Training for the travel and tourism sector (training/): the sessions editors announce, the
// details they fill for visitors (price, length, contact), and companies' requests. A request is
// personal data: kept only sealed (its key derives from the server secret, never in the database),
// in a table of its own, never beside reports, and deleted after a configured number of days.
// Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // A calendar day (YYYY-MM-DD) in Luxembourg: a session is upcoming until its day is over.
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_sessions_day').on('training_sessions').columns(['starts_on', 'id']).execute();

  // One row per detail an editor has filled (JSON { en, fr, de }); no row: still to fill, not shown.
  await db.schema
    .createTable('training_details')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Every field the company typed, as one sealed box.
    .addColumn('sealed', bytes, (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_requests_age').on('training_requests').columns(['received_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_requests').execute();
  await db.schema.dropTable('training_details').execute();
  await db.schema.dropTable('training_sessions').execute();
}
