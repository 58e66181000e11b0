// Casework: who holds a report, its classification (per report, or per address on the hotline),
// decisions that wait for a second analyst, the events' clear detail and the reporter's copy of a
// message, the organisation's signing key for exports, counts that outlive purged reports, and the
// indexes the queue reads. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema.alterTable('reports').addColumn('assignee_id', 'text').execute();
  await db.schema.alterTable('reports').addColumn('classification', 'text').execute();
  await db.schema.alterTable('reports').addColumn('closed_at', 'text').execute();
  // How many of the report's decisions wait for confirmation (case_decisions).
  await db.schema
    .alterTable('reports')
    .addColumn('awaiting', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Bits for the members' next notice mail: 1 a new report, 2 a reporter's answer.
  await db.schema
    .alterTable('reports')
    .addColumn('notice_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('report_urls').addColumn('classification', 'text').execute();
  await db.schema.alterTable('report_urls').addColumn('fields', 'text').execute();

  // detail: what an event says in clear (a status, a decision, an assignee's id), never what was
  // typed. reporter_payload: a message sealed to the reporter's key as well as the organisation's.
  await db.schema.alterTable('report_events').addColumn('detail', 'text').execute();
  await db.schema.alterTable('report_events').addColumn('reporter_payload', bytes).execute();

  await db.schema.alterTable('organisations').addColumn('signing_public_key', bytes).execute();

  await db.schema
    .createTable('case_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    // '' for the report as a whole, else the hex of the address's keyed hash.
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('fields', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('case_decisions_report').on('case_decisions').columns(['report_id', 'state']).execute();

  await db.schema
    .createTable('report_statistics')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_statistics_pk', ['organisation_id', 'month', 'channel_id', 'category', 'classification'])
    .execute();

  // The queue: newest first within an organisation, optionally by status or assignee; keyset
  // pagination on (received_hour, id).
  await db.schema.dropIndex('reports_queue').execute();
  await db.schema.createIndex('reports_queue').on('reports').columns(['organisation_id', 'received_hour', 'id']).execute();
  await db.schema.createIndex('reports_queue_status').on('reports').columns(['organisation_id', 'workflow_status', 'received_hour', 'id']).execute();
  await db.schema
    .createIndex('reports_queue_assignee')
    .on('reports')
    .columns(['organisation_id', 'assignee_id', 'workflow_status', 'received_hour', 'id'])
    .execute();
  await db.schema.createIndex('reports_closed').on('reports').columns(['workflow_status', 'closed_at']).execute();
  await sql`CREATE INDEX reports_awaiting ON reports (organisation_id, received_hour, id) WHERE awaiting > 0`.execute(db);
  await sql`CREATE INDEX reports_notice ON reports (organisation_id) WHERE notice_pending <> 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_statistics').execute();
  await db.schema.dropTable('case_decisions').execute();
}
