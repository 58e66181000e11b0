// Queries for organisations, accounts, key grants, invitations and recovery sets. The handle
// comes first so callers compose them inside one transaction; those that change anything take
// only an `Audited` handle, so they run inside `audited` and never without their audit entry.
import type { Insertable, Kysely } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { AccountTable, Database, InvitationTable, KeyGrantTable, OrganisationTable, RecoverySetTable } from '../db/schema.ts';

type Handle = Kysely<Database>;

export type Account = AccountTable;

export function insertOrganisation(trx: Audited, row: Insertable<OrganisationTable>) {
  return trx.insertInto('organisations').values(row).execute();
}

export function insertAccount(trx: Audited, row: AccountTable) {
  return trx.insertInto('accounts').values(row).execute();
}

export function updateAccount(trx: Audited, id: string, patch: Partial<Omit<AccountTable, 'id' | 'created_at'>>) {
  return trx.updateTable('accounts').set(patch).where('id', '=', id).execute();
}

export function findAccount(db: Handle, id: string) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAccountByLogin(db: Handle, login: string) {
  return db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();
}

export function findOrganisation(db: Handle, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganisationPublicKey(db: Handle, id: string) {
  return db.selectFrom('organisations').select('public_key').where('id', '=', id).executeTakeFirst();
}

/** Every recipient organisation's name and public key, for the report forms and sealing. */
export function listOrganisations(db: Handle) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind', 'public_key', 'created_at']).orderBy('name').execute();
}

export async function listOrganisationIds(db: Handle): Promise<string[]> {
  return (await db.selectFrom('organisations').select('id').execute()).map((r) => r.id);
}

/** The accounts of an organisation (removed ones too, marked so), with their grant's status. */
export function listMembers(db: Handle, organisationId: string) {
  return db
    .selectFrom('accounts')
    .leftJoin('key_grants', (join) =>
      join.onRef('key_grants.account_id', '=', 'accounts.id').onRef('key_grants.organisation_id', '=', 'accounts.organisation_id'),
    )
    .select([
      'accounts.id',
      'accounts.login',
      'accounts.email',
      'accounts.role',
      'accounts.status',
      'accounts.public_key',
      'accounts.second_factor',
      'accounts.created_at',
      'key_grants.status as grant_status',
      'key_grants.granted_by',
    ])
    .where('accounts.organisation_id', '=', organisationId)
    .orderBy('accounts.created_at')
    .execute();
}

/** The operator's own accounts (admins and editors). */
export function listOperatorAccounts(db: Handle) {
  return db.selectFrom('accounts').select(['id', 'login', 'role', 'status', 'created_at']).where('organisation_id', 'is', null).orderBy('login').execute();
}

/** An account's grant for its own organisation (never a grant row for another one). */
export function findGrant(db: Handle, account: { id: string; organisation_id: string | null }) {
  if (!account.organisation_id) return Promise.resolve(undefined);
  return db.selectFrom('key_grants').selectAll().where('account_id', '=', account.id).where('organisation_id', '=', account.organisation_id).executeTakeFirst();
}

export function insertGrant(trx: Audited, row: KeyGrantTable) {
  return trx.insertInto('key_grants').values(row).execute();
}

export function activateGrant(trx: Audited, organisationId: string, accountId: string, sealedKey: Buffer, approvedBy: string, at: string) {
  return trx
    .updateTable('key_grants')
    .set({ status: 'active', sealed_organisation_key: sealedKey, pending_box: null, pending_key: null, approved_by: approvedBy, approved_at: at })
    .where('organisation_id', '=', organisationId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export function deleteGrants(trx: Audited, accountId: string) {
  return trx.deleteFrom('key_grants').where('account_id', '=', accountId).execute();
}

/** Supervisors of an organisation who can still sign in. */
export function listActiveSupervisors(db: Handle, organisationId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'login', 'email', 'locale'])
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'supervisor')
    .where('status', '=', 'active')
    .execute();
}

export function insertInvitation(trx: Audited, row: InvitationTable) {
  return trx.insertInto('invitations').values(row).execute();
}

export function findInvitation(db: Handle, tokenHash: Buffer) {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function deleteInvitations(trx: Audited, accountId: string) {
  return trx.deleteFrom('invitations').where('account_id', '=', accountId).execute();
}

export function findRecoverySet(db: Handle, organisationId: string) {
  return db.selectFrom('recovery_sets').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

/** Replaces the organisation's recovery set: the sheets of the one before open nothing any more. */
export async function replaceRecoverySet(trx: Audited, row: RecoverySetTable) {
  await trx.deleteFrom('recovery_sets').where('organisation_id', '=', row.organisation_id).execute();
  await trx.insertInto('recovery_sets').values(row).execute();
}
