// The queries of editing: the versions of a subject, and the published item in the tables the
// public cache reads (pages and their translations, content records, channels).
import type { Kysely } from 'kysely';
import { sha } from '../content/content.loader.ts';
import type { ContentVersionTable, Database } from '../db/schema.ts';
import { LOCALES } from '../i18n/locales.ts';
import { type PageData, SINGLE_ID, type Subject, subjectKey } from './subjects.ts';

type Handle = Kysely<Database>;

/** One saved version of an item, as its table holds it. */
export type Version = ContentVersionTable;

export function versionsOf(db: Handle, subject: Subject): Promise<Version[]> {
  return db.selectFrom('content_versions').selectAll().where('subject', '=', subjectKey(subject)).orderBy('number', 'desc').execute();
}

export function versionOf(db: Handle, subject: Subject, number: number): Promise<Version | undefined> {
  return db.selectFrom('content_versions').selectAll().where('subject', '=', subjectKey(subject)).where('number', '=', number).executeTakeFirst();
}

export async function latestNumber(db: Handle, subject: Subject): Promise<number> {
  const row = await db
    .selectFrom('content_versions')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('subject', '=', subjectKey(subject))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

export async function insertVersion(db: Handle, version: Version): Promise<void> {
  await db.insertInto('content_versions').values(version).execute();
}

/** Subjects with a saved draft newer than what was published: the editors' list marks them. */
export async function subjectsWithDrafts(db: Handle): Promise<Set<string>> {
  const rows = await db.selectFrom('content_versions').select(['subject', 'number', 'published_at']).orderBy('subject').orderBy('number', 'desc').execute();
  const drafts = new Set<string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.subject)) continue;
    seen.add(row.subject);
    if (row.published_at === null) drafts.add(row.subject);
  }
  return drafts;
}

/** The item as published now, as an editor edits it; undefined when there is none yet. */
export async function readLive(db: Handle, subject: Subject): Promise<unknown> {
  if (subject.kind === 'page') {
    const page = await db.selectFrom('pages').selectAll().where('slug', '=', subject.slug).executeTakeFirst();
    if (!page) return undefined;
    const rows = await db.selectFrom('page_translations').selectAll().where('slug', '=', subject.slug).execute();
    const translations: PageData['translations'] = {};
    for (const row of rows) {
      if ((LOCALES as readonly string[]).includes(row.locale)) {
        translations[row.locale as keyof PageData['translations']] = { title: row.title, summary: row.summary, body: row.body };
      }
    }
    return {
      section: page.section as PageData['section'],
      order: page.position,
      translations,
      fallback: JSON.parse(page.fallback_locales ?? '[]'),
    } satisfies PageData;
  }
  if (subject.kind === 'channel') {
    const row = await db.selectFrom('channels').select('definition').where('id', '=', subject.id).executeTakeFirst();
    return row ? JSON.parse(row.definition) : undefined;
  }
  const row = await db
    .selectFrom('content_records')
    .select('data')
    .where('collection', '=', subject.collection)
    .where('id', '=', subject.id)
    .executeTakeFirst();
  if (!row) return undefined;
  const data = JSON.parse(row.data) as Record<string, unknown>;
  // The operator's logo is the operator's file, and the single records' id is the store's.
  if (subject.collection === 'operator' || subject.collection === 'triage') {
    delete data.id;
    delete data.logo;
    delete data.logoSvg;
  }
  return data;
}

/** Puts an editor's version in place of the published item (in the caller's transaction). */
export async function writeLive(db: Handle, subject: Subject, data: unknown, by: string, at: string): Promise<void> {
  if (subject.kind === 'page') {
    const page = data as PageData;
    const row = { section: page.section, position: page.order, fallback_locales: JSON.stringify(page.fallback), updated_by: by };
    const updated = await db.updateTable('pages').set(row).where('slug', '=', subject.slug).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await db
        .insertInto('pages')
        .values({ slug: subject.slug, ...row })
        .execute();
    await db.deleteFrom('page_translations').where('slug', '=', subject.slug).execute();
    for (const locale of LOCALES) {
      const text = page.translations[locale];
      if (!text) continue;
      await db
        .insertInto('page_translations')
        .values({ slug: subject.slug, locale, ...text, source_hash: sha(text.body), updated_at: at, updated_by: by })
        .execute();
    }
    return;
  }
  if (subject.kind === 'channel') {
    const channel = data as { kind: 'hosted' | 'external'; recipient?: string };
    await db
      .updateTable('channels')
      .set({ definition: JSON.stringify(data), kind: channel.kind, organisation_id: channel.recipient ?? null, updated_by: by })
      .where('id', '=', subject.id)
      .execute();
    return;
  }
  const id = subject.collection === 'operator' || subject.collection === 'triage' ? SINGLE_ID : subject.id;
  let record = data as Record<string, unknown>;
  if (subject.collection === 'operator') {
    // The logo stays the one installed from content/operator.yaml.
    const old = await db.selectFrom('content_records').select('data').where('collection', '=', 'operator').where('id', '=', SINGLE_ID).executeTakeFirst();
    const previous = old ? (JSON.parse(old.data) as Record<string, unknown>) : {};
    record = { ...record, ...(previous.logo ? { logo: previous.logo, logoSvg: previous.logoSvg } : {}) };
  }
  const json = JSON.stringify(id === SINGLE_ID ? { id, ...record } : record);
  const updated = await db
    .updateTable('content_records')
    .set({ data: json, updated_at: at, updated_by: by })
    .where('collection', '=', subject.collection)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    const position = await db
      .selectFrom('content_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection', '=', subject.collection)
      .executeTakeFirst();
    await db
      .insertInto('content_records')
      .values({ collection: subject.collection, id, position: Number(position?.n ?? 0), data: json, source_hash: '', updated_at: at, updated_by: by })
      .execute();
  }
}

/** The logins of the accounts that saved versions ("account:<id>"), for the history. */
export async function loginsOf(db: Handle, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith('account:')).map((a) => a.slice('account:'.length)))];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('accounts').select(['id', 'login']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [`account:${r.id}`, r.login]));
}
