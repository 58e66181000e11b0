// Enrolling from a one-time link: the invitee chooses a password (checked for strength, in their
// language), Haven makes their key pair and wraps its private key with the password; a new
// organisation's first supervisor also receives the organisation key the link carried. The link
// is used up at once; the second factor is enrolled next, before anything else opens.
import { type AuditEntry, type AuditKeys, audited } from '../audit/audit.ts';
import { generateKeyPair, openSecretBox, seal, wrapWithPasswordAsync } from '../crypto/box.ts';
import type { Store } from '../db/database.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Sessions } from '../sessions/sessions.ts';
import { AccountRefused } from './accounts.errors.ts';
import { deleteInvitations, findAccount, findInvitation, findOrganisation, insertGrant, updateAccount } from './accounts.store.ts';
import { invitationHash, invitationKey } from './invitations.ts';
import { checkPassword } from './password-policy.ts';

export type EnrolmentDeps = { store: Store; keys: AuditKeys & { token: Buffer }; sessions: Sessions; now?: () => number };

/** Refuses a password the policy refuses, saying why in the member's language. */
export function assertStrongPassword(password: string, again: string, context: { login: string; email: string | null; locale: Locale }) {
  if (password !== again) throw new AccountRefused('passwords-differ', 'passwordAgain');
  const verdict = checkPassword(password, context);
  if (!verdict.ok) {
    const code = verdict.code === 'too-short' ? 'password-too-short' : verdict.code === 'too-long' ? 'password-too-long' : 'password-weak';
    throw new AccountRefused(code, 'password', [...(verdict.warning ? [verdict.warning] : []), ...verdict.suggestions]);
  }
}

export function createEnrolment(deps: EnrolmentDeps) {
  const { store, keys, sessions } = deps;
  const now = deps.now ?? Date.now;

  async function open(token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new AccountRefused('invitation-invalid');
    const invitation = await findInvitation(store.db, invitationHash(keys.token, token));
    if (!invitation || Number(invitation.expires_at) <= now()) throw new AccountRefused('invitation-invalid');
    const account = await findAccount(store.db, invitation.account_id);
    if (account?.status !== 'invited') throw new AccountRefused('invitation-invalid');
    const organisation = account.organisation_id ? await findOrganisation(store.db, account.organisation_id) : undefined;
    return { invitation, account, organisation };
  }

  return {
    /** Who the link is for, to greet them; refuses a used, expired or unknown link. */
    async read(token: string) {
      const { account, organisation } = await open(token);
      return { login: account.login, role: account.role, locale: account.locale, organisationName: organisation?.name };
    },

    async enrol(token: string, password: string, again: string, locale: Locale): Promise<{ token: string }> {
      const { invitation, account, organisation } = await open(token);
      assertStrongPassword(password, again, { login: account.login, email: account.email, locale });
      const pair = generateKeyPair();
      const wrapped = await wrapWithPasswordAsync(pair.privateKey, password);
      const organisationKey =
        invitation.sealed_organisation_key && organisation
          ? {
              publicKey: Buffer.from(organisation.public_key),
              privateKey: openSecretBox(Buffer.from(invitation.sealed_organisation_key), invitationKey(token)),
            }
          : undefined;
      const who = `account:${account.id}`;
      const org = account.organisation_id ? { organisation: account.organisation_id } : {};
      const entries: [AuditEntry, ...AuditEntry[]] = [
        { actor: who, action: 'account.enrolled', subject: who, detail: account.role, ...org },
        ...(organisationKey ? [{ actor: who, action: 'grant.created' as const, subject: who, detail: 'first supervisor', ...org }] : []),
      ];
      const session = await audited(store, keys, entries, async (trx) => {
        // Used once: a second use (two tabs, two instances) finds no invitation and changes nothing.
        const taken = await trx.deleteFrom('invitations').where('token_hash', '=', invitation.token_hash).executeTakeFirst();
        if (Number(taken.numDeletedRows) !== 1) throw new AccountRefused('invitation-invalid');
        await deleteInvitations(trx, account.id);
        await updateAccount(trx, account.id, { status: 'active', locale, public_key: pair.publicKey, wrapped_private_key: wrapped });
        if (organisationKey && account.organisation_id) {
          const at = new Date(now()).toISOString();
          await insertGrant(trx, {
            organisation_id: account.organisation_id,
            account_id: account.id,
            status: 'active',
            sealed_organisation_key: seal(organisationKey.privateKey, pair.publicKey),
            pending_box: null,
            pending_key: null,
            granted_by: invitation.invited_by,
            created_at: at,
            approved_by: null,
            approved_at: null,
          });
        }
        return sessions.open(trx, account.id, 'enrol-second-factor', organisationKey);
      });
      return { token: session };
    },
  };
}

export type Enrolment = ReturnType<typeof createEnrolment>;
