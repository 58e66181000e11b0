// News items and publications (newsroom/): an item per kind and id, its words per locale, and a
// publication's PDF, whose bytes live in the database so that every instance serves the same
// file. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('newsroom_items')
    // 'news' or 'publication'; the id is a slug, unique within its kind.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // 'YYYY-MM-DD', or 'YYYY' for a publication known by its year only: sorts as text.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    // Locales (space-separated) the editor let show the English text.
    .addColumn('fallback', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('newsroom_items_pk', ['kind', 'id'])
    .execute();
  // Public lists and the instances' reload read the published items, newest first.
  await db.schema.createIndex('newsroom_items_listing').on('newsroom_items').columns(['kind', 'status', 'date']).execute();

  await db.schema
    .createTable('newsroom_texts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsroom_texts_pk', ['kind', 'item_id', 'locale'])
    .addForeignKeyConstraint('newsroom_texts_item', ['kind', 'item_id'], 'newsroom_items', ['kind', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('newsroom_documents')
    // Only publications carry a document; the item's kind is implied.
    .addColumn('publication_id', 'text', (c) => c.primaryKey())
    .addColumn('bytes', bytes, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // SHA-256 of the bytes, hex: the download's ETag.
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsroom_documents').execute();
  await db.schema.dropTable('newsroom_texts').execute();
  await db.schema.dropTable('newsroom_items').execute();
}
