// The newsroom's queries: items, their words per locale, a publication's PDF. The database handle
// goes first; the functions that change anything take only the audited handle, so a change
// without its audit entry does not compile.
import type { Kysely, Transaction } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Database, NewsroomItemTable } from '../db/schema.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type Draft, emptyText, fallbackColumn, fallbackOf, type Kind, type Status } from './newsroom.types.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type StoredItem = Draft & {
  kind: Kind;
  status: Status;
  updatedAt: string;
  publishedAt: string | null;
  /** The PDF's size and digest, when the publication has one (never its bytes). */
  document: { size: number; digest: string } | undefined;
};

type TextRow = { item_id: string; locale: string; title: string; summary: string; body: string };

function assemble(row: NewsroomItemTable, own: TextRow[], documents: Map<string, { size: number; digest: string }>): StoredItem {
  const textOf = (locale: Locale) => {
    const t = own.find((x) => x.locale === locale);
    return t ? { title: t.title, summary: t.summary, body: t.body } : emptyText();
  };
  return {
    kind: row.kind,
    id: row.id,
    date: row.date,
    country: row.country ?? '',
    status: row.status,
    fallback: fallbackOf(row.fallback),
    texts: Object.fromEntries(LOCALES.map((l) => [l, textOf(l)])) as Draft['texts'],
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    document: row.kind === 'publication' ? documents.get(row.id) : undefined,
  };
}

/** The PDFs' sizes and digests (one publication's, or every one's), never their bytes. */
async function documentsOf(db: Db, id?: string) {
  let query = db.selectFrom('newsroom_documents').select(['publication_id', 'size', 'digest']);
  if (id !== undefined) query = query.where('publication_id', '=', id);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.publication_id, { size: Number(r.size), digest: r.digest }]));
}

/** A kind's items (all, or only the published ones), newest first, with their words. */
export async function listItems(db: Db, kind: Kind, only?: Status): Promise<StoredItem[]> {
  let query = db.selectFrom('newsroom_items').selectAll().where('kind', '=', kind);
  if (only) query = query.where('status', '=', only);
  const rows = await query.orderBy('date', 'desc').orderBy('id').execute();
  if (rows.length === 0) return [];
  const [textRows, documents] = await Promise.all([
    db.selectFrom('newsroom_texts').select(['item_id', 'locale', 'title', 'summary', 'body']).where('kind', '=', kind).execute(),
    kind === 'publication' ? documentsOf(db) : new Map<string, { size: number; digest: string }>(),
  ]);
  const byItem = new Map<string, TextRow[]>();
  for (const text of textRows) byItem.set(text.item_id, [...(byItem.get(text.item_id) ?? []), text]);
  return rows.map((row) => assemble(row, byItem.get(row.id) ?? [], documents));
}

export async function findItem(db: Db, kind: Kind, id: string): Promise<StoredItem | undefined> {
  const row = await db.selectFrom('newsroom_items').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const texts = await db
    .selectFrom('newsroom_texts')
    .select(['item_id', 'locale', 'title', 'summary', 'body'])
    .where('kind', '=', kind)
    .where('item_id', '=', id)
    .execute();
  return assemble(row, texts, kind === 'publication' ? await documentsOf(db, id) : new Map());
}

/** Inserts a new item as a draft (or published, for an imported seed); false when the id is taken. */
export async function insertItem(trx: Audited, kind: Kind, draft: Draft, meta: { at: string; by: string | null; status?: Status }): Promise<boolean> {
  const status = meta.status ?? 'draft';
  const inserted = await trx
    .insertInto('newsroom_items')
    .values({
      kind,
      id: draft.id,
      date: draft.date,
      country: draft.country || null,
      status,
      fallback: fallbackColumn(draft.fallback),
      created_at: meta.at,
      updated_at: meta.at,
      updated_by: meta.by,
      published_at: status === 'published' ? meta.at : null,
    })
    .onConflict((oc) => oc.columns(['kind', 'id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await writeTexts(trx, kind, draft);
  return true;
}

/** Replaces an item's date, country, fallbacks and words; false when it is gone. */
export async function updateItem(trx: Audited, kind: Kind, draft: Draft, meta: { at: string; by: string }): Promise<boolean> {
  const updated = await trx
    .updateTable('newsroom_items')
    .set({ date: draft.date, country: draft.country || null, fallback: fallbackColumn(draft.fallback), updated_at: meta.at, updated_by: meta.by })
    .where('kind', '=', kind)
    .where('id', '=', draft.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await trx.deleteFrom('newsroom_texts').where('kind', '=', kind).where('item_id', '=', draft.id).execute();
  await writeTexts(trx, kind, draft);
  return true;
}

async function writeTexts(trx: Audited, kind: Kind, draft: Draft): Promise<void> {
  // Only locales with something written get a row: an empty locale is one without words.
  const rows = LOCALES.filter((l) => Object.values(draft.texts[l]).some((v) => v.trim())).map((locale) => ({
    kind,
    item_id: draft.id,
    locale,
    ...draft.texts[locale],
  }));
  if (rows.length) await trx.insertInto('newsroom_texts').values(rows).execute();
}

export async function setStatus(trx: Audited, kind: Kind, id: string, status: Status, meta: { at: string; by: string }): Promise<boolean> {
  const updated = await trx
    .updateTable('newsroom_items')
    .set({ status, updated_at: meta.at, updated_by: meta.by, ...(status === 'published' ? { published_at: meta.at } : {}) })
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function deleteItem(trx: Audited, kind: Kind, id: string): Promise<boolean> {
  if (kind === 'publication') await trx.deleteFrom('newsroom_documents').where('publication_id', '=', id).execute();
  await trx.deleteFrom('newsroom_texts').where('kind', '=', kind).where('item_id', '=', id).execute();
  const deleted = await trx.deleteFrom('newsroom_items').where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/**
 * Claims a seed of content/publications.yaml, once for good: true the first time. A seed an
 * editor has since deleted is not imported again at the next start.
 */
export async function claimSeed(trx: Audited, kind: Kind, id: string, at: string): Promise<boolean> {
  const inserted = await trx
    .insertInto('server_settings')
    .values({ name: `newsroom-seed:${kind}:${id}`, value: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Puts (or replaces) a publication's PDF. */
export async function putDocument(trx: Audited, id: string, bytes: Buffer, digest: string, at: string): Promise<void> {
  const row = { bytes, size: bytes.length, digest, uploaded_at: at };
  await trx
    .insertInto('newsroom_documents')
    .values({ publication_id: id, ...row })
    .onConflict((oc) => oc.column('publication_id').doUpdateSet(row))
    .execute();
}

export async function removeDocument(trx: Audited, id: string): Promise<boolean> {
  const deleted = await trx.deleteFrom('newsroom_documents').where('publication_id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** The driver's bytes as a Buffer without copying them (up to 10 MB): a view when they are not one already. */
const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** A publication's PDF, draft or published (the editors' check of the file). */
export async function readDocument(db: Db, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('newsroom_documents').select('bytes').where('publication_id', '=', id).executeTakeFirst();
  return row ? asBuffer(row.bytes) : undefined;
}

/** A published publication's PDF, bytes and all: the query of its first download (then kept, newsroom.public.ts). */
export async function readPublishedDocument(db: Db, id: string): Promise<{ bytes: Buffer; digest: string } | undefined> {
  const row = await db
    .selectFrom('newsroom_documents')
    .innerJoin('newsroom_items', (join) => join.onRef('newsroom_items.id', '=', 'newsroom_documents.publication_id'))
    .select(['newsroom_documents.bytes', 'newsroom_documents.digest'])
    .where('newsroom_items.kind', '=', 'publication')
    .where('newsroom_items.status', '=', 'published')
    .where('newsroom_documents.publication_id', '=', id)
    .executeTakeFirst();
  return row ? { bytes: asBuffer(row.bytes), digest: row.digest } : undefined;
}
