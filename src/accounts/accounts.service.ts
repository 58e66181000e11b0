// Organisations and their members. An organisation's private key exists in clear only inside
// createOrganisation: it is sealed to its first member at once and never stored otherwise, so
// an organisation always has someone who can read its reports and the server alone never can.
import { randomUUID } from 'node:crypto';
import { type AuditEntry, type AuditKeys, audited } from '../audit/audit.ts';
import { generateKeyPair, hashPassword, type KeyPair, openSealed, seal, unwrapWithPassword, verifyPassword, wrapWithPassword } from '../crypto/box.ts';
import type { Store } from '../db/database.ts';
import type { OrganisationTable } from '../db/schema.ts';
import { findMemberWithGrant, findOrganisationPublicKey, insertGrant, insertMember, insertOrganisation } from './accounts.store.ts';

export type NewOrganisation = { id: string; name: string; kind: OrganisationTable['kind'] };
export type NewMember = { login: string; password: string; role?: 'analyst' | 'lead' };

export async function createOrganisation(store: Store, keys: AuditKeys, org: NewOrganisation, first: NewMember, actor = 'system'): Promise<void> {
  const orgKeys = generateKeyPair();
  const memberKeys = generateKeyPair();
  const now = new Date().toISOString();
  const memberId = randomUUID();
  const member = {
    id: memberId,
    organisation_id: org.id,
    role: first.role ?? 'lead',
    login: first.login,
    password_hash: hashPassword(first.password),
    public_key: memberKeys.publicKey,
    wrapped_private_key: wrapWithPassword(memberKeys.privateKey, first.password),
    created_at: now,
  };
  const entries: [AuditEntry, ...AuditEntry[]] = [
    { actor, action: 'organisation.created', subject: `organisation:${org.id}`, at: now },
    { actor, action: 'member.created', subject: `member:${memberId}`, detail: first.login, at: now },
    { actor, action: 'grant.created', subject: `organisation:${org.id}`, detail: `member:${memberId}`, at: now },
  ];
  await audited(store, keys, entries, async (trx) => {
    await insertOrganisation(trx, { ...org, public_key: orgKeys.publicKey, created_at: now });
    await insertMember(trx, member);
    await insertGrant(trx, {
      organisation_id: org.id,
      member_id: memberId,
      sealed_organisation_key: seal(orgKeys.privateKey, memberKeys.publicKey),
      granted_by: null,
      created_at: now,
    });
  });
}

export class WrongCredentials extends Error {
  override name = 'WrongCredentials';
}

/**
 * The organisation key pair, unwrapped with a member's password: password → member private key
 * → organisation private key. (The back office keeps the result only in a session.)
 */
export async function unlockOrganisationKey(store: Store, login: string, password: string): Promise<{ organisationId: string; keys: KeyPair }> {
  const member = await findMemberWithGrant(store.db, login);
  if (!member || !verifyPassword(member.password_hash, password)) throw new WrongCredentials();
  const memberKeys = { publicKey: Buffer.from(member.public_key), privateKey: unwrapWithPassword(Buffer.from(member.wrapped_private_key), password) };
  const privateKey = openSealed(Buffer.from(member.sealed_organisation_key), memberKeys);
  const organisation = await findOrganisationPublicKey(store.db, member.organisation_id);
  if (!organisation) throw new WrongCredentials();
  return { organisationId: member.organisation_id, keys: { publicKey: Buffer.from(organisation.public_key), privateKey } };
}
