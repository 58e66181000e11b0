// Content in the database: import from files at start-up (never over an editor's change) and
// read everything back in one go for the in-memory cache.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Handle = Kysely<Database>;

export function readPages(db: Handle) {
  return db.selectFrom('pages').selectAll().orderBy('position').orderBy('slug').execute();
}

export function readPageTranslations(db: Handle) {
  return db.selectFrom('page_translations').selectAll().execute();
}

export function readRecords(db: Handle) {
  return db.selectFrom('content_records').selectAll().orderBy('collection').orderBy('position').execute();
}

export function readChannels(db: Handle) {
  return db.selectFrom('channels').selectAll().orderBy('position').execute();
}
