// Queries for back-office sessions. Opening and ending a session are actions (signed in, signed
// out, revoked) and take an `Audited` handle; noting that a session was seen is not.
import type { Kysely } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Database, SessionTable } from '../db/schema.ts';

type Handle = Kysely<Database>;

export function insertSession(trx: Audited, row: SessionTable) {
  return trx.insertInto('sessions').values(row).execute();
}

/**
 * A session, its account, and the organisation's public key when the account's grant is active,
 * in one query: every office request reads this.
 */
export function findSessionWithAccount(db: Handle, idHash: Buffer) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('key_grants', (join) =>
      join
        .onRef('key_grants.account_id', '=', 'accounts.id')
        .onRef('key_grants.organisation_id', '=', 'accounts.organisation_id')
        .on('key_grants.status', '=', 'active'),
    )
    .leftJoin('organisations', 'organisations.id', 'key_grants.organisation_id')
    .selectAll('accounts')
    .select([
      'sessions.stage',
      'sessions.sealed_key',
      'sessions.created_at as session_created_at',
      'sessions.seen_at',
      'sessions.expires_at',
      'organisations.public_key as organisation_public_key',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export function deleteSession(trx: Audited | Handle, idHash: Buffer) {
  return trx.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
}

export function deleteSessionsOf(trx: Audited, accountId: string) {
  return trx.deleteFrom('sessions').where('account_id', '=', accountId).execute();
}

export function touchSession(db: Handle, idHash: Buffer, at: number) {
  return db.updateTable('sessions').set({ seen_at: at }).where('id_hash', '=', idHash).execute();
}

export function listSessionsOf(db: Handle, accountId: string) {
  return db
    .selectFrom('sessions')
    .select(['id_hash', 'stage', 'created_at', 'seen_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('stage', '=', 'signed-in')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Sessions past their lifetime or idle too long: nobody can use them any more. */
export function deleteEndedSessions(db: Handle, now: number, idleMs: number) {
  return db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('seen_at', '<=', now - idleMs)]))
    .execute();
}
