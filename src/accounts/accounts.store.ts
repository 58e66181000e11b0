// Queries for organisations, members and grants. The handle comes first so callers compose them
// inside one transaction; those that change anything take only an `Audited` handle, so they run
// inside `audited` and never without their audit entry.
import type { Kysely } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Database, GrantTable, MemberTable, OrganisationTable } from '../db/schema.ts';

type Handle = Kysely<Database>;

export function insertOrganisation(trx: Audited, row: OrganisationTable) {
  return trx.insertInto('organisations').values(row).execute();
}

export function insertMember(trx: Audited, row: MemberTable) {
  return trx.insertInto('members').values(row).execute();
}

export function insertGrant(trx: Audited, row: GrantTable) {
  return trx.insertInto('grants').values(row).execute();
}

export function findOrganisation(db: Handle, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganisationPublicKey(db: Handle, id: string) {
  return db.selectFrom('organisations').select('public_key').where('id', '=', id).executeTakeFirst();
}

/** Every recipient organisation's name and public key, for the report forms and sealing. */
export function listOrganisations(db: Handle) {
  return db.selectFrom('organisations').select(['id', 'name', 'public_key']).execute();
}

export async function listOrganisationIds(db: Handle): Promise<string[]> {
  return (await db.selectFrom('organisations').select('id').execute()).map((r) => r.id);
}

/** A member and their grant for their own organisation (never a grant row for another one). */
export function findMemberWithGrant(db: Handle, login: string) {
  return db
    .selectFrom('members')
    .innerJoin('grants', (join) => join.onRef('grants.member_id', '=', 'members.id').onRef('grants.organisation_id', '=', 'members.organisation_id'))
    .select([
      'members.id',
      'members.organisation_id',
      'members.public_key',
      'members.wrapped_private_key',
      'members.password_hash',
      'grants.sealed_organisation_key',
    ])
    .where('members.login', '=', login)
    .executeTakeFirst();
}
