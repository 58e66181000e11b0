// The training tables' queries. The database handle goes first; a change an editor makes takes
// only the audited handle, so that it cannot happen without its audit entry.
import type { Kysely, Transaction } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Database, TrainingRequestTable, TrainingSessionTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type SessionRow = TrainingSessionTable;
export type SessionFields = Pick<SessionRow, 'starts_on' | 'place' | 'language' | 'seats'>;

/** Sessions on `day` (YYYY-MM-DD) or later, soonest first: what the public page may show. */
export function sessionsFrom(db: Db, day: string): Promise<SessionRow[]> {
  return db.selectFrom('training_sessions').selectAll().where('starts_on', '>=', day).orderBy('starts_on').orderBy('id').execute();
}

/** Every session, latest first (the editors' list, past ones too). */
export function allSessions(db: Db): Promise<SessionRow[]> {
  return db.selectFrom('training_sessions').selectAll().orderBy('starts_on', 'desc').orderBy('id').execute();
}

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('training_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(trx: Audited, row: SessionRow): Promise<void> {
  await trx.insertInto('training_sessions').values(row).execute();
}

/** Changes a session; false when there is none with this id. */
export async function updateSession(trx: Audited, id: string, fields: SessionFields, at: string): Promise<boolean> {
  const updated = await trx
    .updateTable('training_sessions')
    .set({ ...fields, updated_at: at })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function deleteSession(trx: Audited, id: string): Promise<boolean> {
  const deleted = await trx.deleteFrom('training_sessions').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** The details editors filled, by name (JSON wording). */
export function allDetails(db: Db): Promise<{ name: string; wording: string }[]> {
  return db.selectFrom('training_details').select(['name', 'wording']).orderBy('name').execute();
}

export async function saveDetail(trx: Audited, name: string, wording: string, at: string): Promise<void> {
  await trx
    .insertInto('training_details')
    .values({ name, wording, updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ wording, updated_at: at }))
    .execute();
}

export async function clearDetail(trx: Audited, name: string): Promise<void> {
  await trx.deleteFrom('training_details').where('name', '=', name).execute();
}

/** A company's request, sealed: the public form's only write. */
export async function insertRequest(db: Db, row: TrainingRequestTable): Promise<void> {
  await db.insertInto('training_requests').values(row).execute();
}

/**
 * Every request received at `since` (ISO) or later, newest first, still sealed. An older one is
 * past its retention: it is not shown even before the sweeper has deleted it.
 */
export function allRequests(db: Db, since: string): Promise<TrainingRequestTable[]> {
  return db.selectFrom('training_requests').selectAll().where('received_at', '>=', since).orderBy('received_at', 'desc').orderBy('id').execute();
}

/** The request with this id, unless it was received before `since` (ISO): past its retention. */
export function findRequest(db: Db, id: string, since: string): Promise<TrainingRequestTable | undefined> {
  return db.selectFrom('training_requests').selectAll().where('id', '=', id).where('received_at', '>=', since).executeTakeFirst();
}

export async function deleteRequest(trx: Audited, id: string): Promise<number> {
  const deleted = await trx.deleteFrom('training_requests').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Deletes the requests received before `before` (ISO); answers how many. */
export async function deleteRequestsBefore(trx: Audited, before: string): Promise<number> {
  const deleted = await trx.deleteFrom('training_requests').where('received_at', '<', before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
