// The receipt of a report received under a form's submission token, kept beside its digest for a
// short while and only sealed (secretbox under a key derived from the token, which lives only in
// the visitor's page), so that the same form sent again shows the same number. Cleared after the
// hour that follows the report's own. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema.alterTable('report_submissions').addColumn('sealed_receipt', bytes).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').dropColumn('sealed_receipt').execute();
}
