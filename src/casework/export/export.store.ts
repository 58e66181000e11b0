// Queries for exports: the organisation as an export names it, its members' logins (removed ones
// too: the history still names them), its signing key, and whose signing key a key is.
import type { Kysely } from 'kysely';
import type { Audited } from '../../audit/audit.ts';
import type { Database } from '../../db/schema.ts';

type Handle = Kysely<Database>;

export function findOrganisationForExport(db: Handle, organisationId: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'signing_public_key']).where('id', '=', organisationId).executeTakeFirst();
}

/** Every account of the organisation, whatever its status, by `account:<id>`. */
export async function memberLogins(db: Handle, organisationId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('accounts').select(['id', 'login']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [`account:${r.id}`, r.login]));
}

/** Organisations made before exports had no signing key on record: the first export records it. */
export function recordSigningKey(trx: Audited, organisationId: string, publicKey: Buffer) {
  return trx
    .updateTable('organisations')
    .set({ signing_public_key: publicKey })
    .where('id', '=', organisationId)
    .where('signing_public_key', 'is', null)
    .execute();
}

/** The organisation whose signing key this is, if any. */
export function findOrganisationBySigningKey(db: Handle, publicKey: Buffer) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind']).where('signing_public_key', '=', publicKey).executeTakeFirst();
}

export function findAuditEntry(db: Handle, seq: number) {
  return db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
}

/** Each organisation's signing key (null until its first export, for one made before exports). */
export async function signingKeys(db: Handle): Promise<Map<string, Buffer | null>> {
  const rows = await db.selectFrom('organisations').select(['id', 'signing_public_key']).execute();
  return new Map(rows.map((r) => [r.id, r.signing_public_key ? Buffer.from(r.signing_public_key) : null]));
}
