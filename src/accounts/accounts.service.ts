// Organisations and the operator's accounts. An organisation's private key exists in clear only
// while it is created: it goes sealed into its first supervisor's invitation (or, in demo mode, to
// its demo members) and nowhere else, so the server alone never holds it in an openable form.
import { randomUUID } from 'node:crypto';
import { type AuditEntry, type AuditKeys, audited } from '../audit/audit.ts';
import { generateKeyPair, type KeyPair, openSealed, seal, unwrapWithPasswordAsync, wrapWithPasswordAsync } from '../crypto/box.ts';
import { organisationSigningKeys } from '../crypto/signing.ts';
import { orIfTaken, type Store } from '../db/database.ts';
import type { OrganisationTable, Role } from '../db/schema.ts';
import type { Locale } from '../i18n/locales.ts';
import { NotFound } from '../office/office.errors.ts';
import { AccountRefused, WrongCredentials } from './accounts.errors.ts';
import {
  findAccountByLogin,
  findGrant,
  findOrganisation,
  findOrganisationPublicKey,
  insertAccount,
  insertGrant,
  insertOrganisation,
} from './accounts.store.ts';
import { HOUR_MS, invitationMail, invite, type Letters } from './invitations.ts';

export type NewOrganisation = { id: string; name: string; kind: OrganisationTable['kind'] };
export type Keys = AuditKeys & { token: Buffer };

export const INVITATION_HOURS = 72;
export const ADMIN_LINK_HOURS = 24;

// One bare address: no display name, list, comment or quoting (what the outbox accepts too).
const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

export function checkEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw new AccountRefused('email-invalid', 'email');
  return trimmed;
}

async function assertLoginFree(store: Store, login: string) {
  if (await findAccountByLogin(store.db, login)) throw new AccountRefused('login-taken', 'email');
}

/**
 * A recipient organisation, and the invitation of its first supervisor, whose link (mailed, valid
 * INVITATION_HOURS) carries the organisation key. Recovery sheets are issued by that supervisor.
 */
export async function createOrganisation(
  store: Store,
  keys: Keys,
  letters: Letters,
  org: NewOrganisation,
  supervisor: { email: string; locale: Locale },
  actor: string,
): Promise<{ token: string; accountId: string; publicKey: Buffer }> {
  const email = checkEmail(supervisor.email);
  await assertLoginFree(store, email);
  const orgKeys = generateKeyPair();
  const now = new Date().toISOString();
  return audited(
    store,
    keys,
    (r) => [
      { actor, action: 'organisation.created', subject: `organisation:${org.id}`, organisation: org.id, at: now },
      { actor, action: 'account.invited', subject: `account:${r.accountId}`, detail: 'supervisor', organisation: org.id, at: now },
    ],
    async (trx) => {
      await insertOrganisation(trx, {
        ...org,
        public_key: orgKeys.publicKey,
        signing_public_key: organisationSigningKeys(orgKeys.privateKey).publicKey,
        created_at: now,
      });
      const invited = await invite(trx, keys.token, {
        login: email,
        email,
        role: 'supervisor',
        organisationId: org.id,
        locale: supervisor.locale,
        invitedBy: actor,
        validForMs: INVITATION_HOURS * HOUR_MS,
        organisationKey: orgKeys,
      });
      await letters.queue(trx, 'invitation', invitationMail(letters, email, supervisor.locale, invited.token, org.name, INVITATION_HOURS));
      return { ...invited, publicKey: orgKeys.publicKey };
    },
  );
}

/**
 * A supervisor for an existing organisation, invited by an operator admin when every member has
 * lost access. The link carries no key (the admin never holds one): the new supervisor opens the
 * organisation key with its recovery sheets, or is granted it by a member who still has it.
 */
export async function inviteSupervisor(
  store: Store,
  keys: Keys,
  letters: Letters,
  organisationId: string,
  supervisor: { email: string; locale: Locale },
  actor: string,
): Promise<{ token: string; accountId: string }> {
  const organisation = await findOrganisation(store.db, organisationId);
  if (!organisation) throw new NotFound('organisation');
  const email = checkEmail(supervisor.email);
  await assertLoginFree(store, email);
  return orIfTaken(
    audited(
      store,
      keys,
      (r) => ({ actor, action: 'account.invited', subject: `account:${r.accountId}`, detail: 'supervisor', organisation: organisationId }),
      async (trx) => {
        const invited = await invite(trx, keys.token, {
          login: email,
          email,
          role: 'supervisor',
          organisationId,
          locale: supervisor.locale,
          invitedBy: actor,
          validForMs: INVITATION_HOURS * HOUR_MS,
        });
        await letters.queue(trx, 'invitation', invitationMail(letters, email, supervisor.locale, invited.token, organisation.name, INVITATION_HOURS));
        return invited;
      },
    ),
    () => new AccountRefused('login-taken', 'email'),
  );
}

/**
 * An operator account (admin, or editor: the NGO's roles, which never hold an organisation key),
 * and the one-time link (valid ADMIN_LINK_HOURS) to enrol it.
 */
export async function createAdmin(
  store: Store,
  keys: Keys,
  login: string,
  locale: Locale,
  actor: string,
  role: 'admin' | 'editor' = 'admin',
): Promise<{ token: string; accountId: string }> {
  const trimmed = login.trim();
  if (!/^[\p{L}\p{N}._@+-]{3,120}$/u.test(trimmed)) throw new AccountRefused('email-invalid', 'login');
  await assertLoginFree(store, trimmed);
  return orIfTaken(
    audited(
      store,
      keys,
      (r) => ({ actor, action: 'account.invited', subject: `account:${r.accountId}`, detail: role }),
      (trx) =>
        invite(trx, keys.token, {
          login: trimmed,
          email: null,
          role,
          organisationId: null,
          locale,
          invitedBy: actor,
          validForMs: ADMIN_LINK_HOURS * HOUR_MS,
        }),
    ),
    () => new AccountRefused('login-taken', 'login'),
  );
}

export type ReadyMember = { login: string; password: string; role: Role };

/**
 * Demo mode only: an organisation whose members can sign in at once (each still enrols a second
 * factor at first sign-in), all granted the organisation key.
 */
export async function createDemoOrganisation(store: Store, keys: Keys, org: NewOrganisation, members: ReadyMember[], actor: string): Promise<void> {
  const orgKeys = generateKeyPair();
  const now = new Date().toISOString();
  const rows = await Promise.all(
    members.map(async (m) => {
      const pair = generateKeyPair();
      return { ...m, id: randomUUID(), pair, wrapped: await wrapWithPasswordAsync(pair.privateKey, m.password) };
    }),
  );
  const entries: [AuditEntry, ...AuditEntry[]] = [
    { actor, action: 'organisation.created', subject: `organisation:${org.id}`, organisation: org.id, at: now },
    ...rows.flatMap((r): AuditEntry[] => [
      { actor, action: 'member.created', subject: `account:${r.id}`, detail: r.role, organisation: org.id, at: now },
      { actor, action: 'grant.created', subject: `account:${r.id}`, organisation: org.id, at: now },
    ]),
  ];
  await audited(store, keys, entries, async (trx) => {
    await insertOrganisation(trx, {
      ...org,
      public_key: orgKeys.publicKey,
      signing_public_key: organisationSigningKeys(orgKeys.privateKey).publicKey,
      created_at: now,
    });
    for (const r of rows) {
      await insertAccount(trx, {
        id: r.id,
        login: r.login,
        role: r.role,
        organisation_id: org.id,
        email: null,
        locale: 'en',
        status: 'active',
        public_key: r.pair.publicKey,
        wrapped_private_key: r.wrapped,
        second_factor: null,
        second_factor_step: null,
        recovery_codes: null,
        invited_by: actor,
        created_at: now,
      });
      await insertGrant(trx, {
        organisation_id: org.id,
        account_id: r.id,
        status: 'active',
        sealed_organisation_key: seal(orgKeys.privateKey, r.pair.publicKey),
        pending_box: null,
        pending_key: null,
        granted_by: null,
        created_at: now,
        approved_by: null,
        approved_at: null,
      });
    }
  });
}

/** Demo mode only: an operator admin who can sign in at once. */
export async function createDemoAdmin(store: Store, keys: Keys, login: string, password: string, actor: string): Promise<void> {
  const pair = generateKeyPair();
  const id = randomUUID();
  const wrapped = await wrapWithPasswordAsync(pair.privateKey, password);
  await audited(store, keys, { actor, action: 'member.created', subject: `account:${id}`, detail: 'admin' }, (trx) =>
    insertAccount(trx, {
      id,
      login,
      role: 'admin',
      organisation_id: null,
      email: null,
      locale: 'en',
      status: 'active',
      public_key: pair.publicKey,
      wrapped_private_key: wrapped,
      second_factor: null,
      second_factor_step: null,
      recovery_codes: null,
      invited_by: actor,
      created_at: new Date().toISOString(),
    }),
  );
}

/**
 * The organisation key pair, unwrapped with a member's password: password → own private key →
 * organisation private key, through an active grant for the member's own organisation only.
 * (The back office keeps the result only in a session; tests and the command line use this.)
 */
export async function unlockOrganisationKey(store: Store, login: string, password: string): Promise<{ organisationId: string; keys: KeyPair }> {
  const account = await findAccountByLogin(store.db, login);
  if (!account?.wrapped_private_key || !account.public_key || !account.organisation_id || account.status !== 'active') throw new WrongCredentials();
  let privateKey: Buffer;
  try {
    privateKey = await unwrapWithPasswordAsync(Buffer.from(account.wrapped_private_key), password);
  } catch {
    throw new WrongCredentials();
  }
  const grant = await findGrant(store.db, account);
  const organisation = await findOrganisationPublicKey(store.db, account.organisation_id);
  if (!grant?.sealed_organisation_key || grant.status !== 'active' || !organisation) throw new WrongCredentials();
  const own = { publicKey: Buffer.from(account.public_key), privateKey };
  return {
    organisationId: account.organisation_id,
    keys: { publicKey: Buffer.from(organisation.public_key), privateKey: openSealed(Buffer.from(grant.sealed_organisation_key), own) },
  };
}
