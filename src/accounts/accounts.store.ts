// Queries for organisations, members and grants. The handle comes first so callers compose them
// inside one transaction.
import type { Kysely } from 'kysely';
import type { Database, GrantTable, MemberTable, OrganisationTable } from '../db/schema.ts';

type Handle = Kysely<Database>;

export function insertOrganisation(db: Handle, row: OrganisationTable) {
  return db.insertInto('organisations').values(row).execute();
}

export function insertMember(db: Handle, row: MemberTable) {
  return db.insertInto('members').values(row).execute();
}

export function insertGrant(db: Handle, row: GrantTable) {
  return db.insertInto('grants').values(row).execute();
}

export function findOrganisation(db: Handle, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisationIds(db: Handle): Promise<string[]> {
  return (await db.selectFrom('organisations').select('id').execute()).map((r) => r.id);
}

export function findMemberWithGrant(db: Handle, login: string) {
  return db
    .selectFrom('members')
    .innerJoin('grants', 'grants.member_id', 'members.id')
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
