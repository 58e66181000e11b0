// Editors change the site: every change to a page, a content record or a channel is a version
// (never changed once written, except a draft's publication time), and what is published lives
// in the tables the public cache reads (pages, page_translations, content_records, channels).
// Frozen: imports no app code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_versions')
    // "page/<slug>", "record/<collection>/<id>" or "channel/<id>".
    .addColumn('subject', 'text', (c) => c.notNull())
    // 1, 2, 3… per subject; the first is what was published before anyone edited it.
    .addColumn('number', 'integer', (c) => c.notNull())
    // The whole item as JSON, as the editor saved it.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // An account id, or "content-files" for the version the files had given.
    .addColumn('created_by', 'text', (c) => c.notNull())
    // Null while a draft; set when the version was published.
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    // A version made by reverting names the one it restored.
    .addColumn('reverted_from', 'integer')
    .addPrimaryKeyConstraint('content_versions_pk', ['subject', 'number'])
    .execute();
  // A page's locales an editor let fall back to English (a JSON array), and who last changed
  // the page's place: the import never overwrites an editor's change.
  await db.schema
    .alterTable('pages')
    .addColumn('fallback_locales', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('pages').addColumn('updated_by', 'text').execute();
  await db.schema.alterTable('channels').addColumn('updated_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('channels').dropColumn('updated_by').execute();
  await db.schema.alterTable('pages').dropColumn('updated_by').execute();
  await db.schema.alterTable('pages').dropColumn('fallback_locales').execute();
  await db.schema.dropTable('content_versions').execute();
}
