// What supervisors do for their organisation: invite members, grant them the organisation key
// (with a second supervisor's approval when there are two or more), remove them. The key only
// ever moves from a signed-in member's session: a supervisor's session seals it to the new
// member's public key. A pending grant holds that sealed key under a random key sealed to the
// organisation, so only another member's session (the approver's) can release it.

import { AccountRefused } from '../accounts/accounts.errors.ts';
import { checkEmail, INVITATION_HOURS } from '../accounts/accounts.service.ts';
import {
  activateGrant,
  deleteGrants,
  deleteInvitations,
  findAccount,
  findGrant,
  findOrganisation,
  insertGrant,
  listActiveSupervisors,
  listMembers,
  updateAccount,
} from '../accounts/accounts.store.ts';
import { HOUR_MS, invitationMail, invite, type Letters } from '../accounts/invitations.ts';
import { type Audited, type AuditKeys, audited } from '../audit/audit.ts';
import { openSealed, openSecretBox, randomBytes, seal, secretBox } from '../crypto/box.ts';
import { lockOrganisation, orIfTaken, type Store } from '../db/database.ts';
import type { Locale } from '../i18n/locales.ts';
import { authorize, organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { deleteSessionsOf } from '../sessions/sessions.store.ts';
import type { Session } from '../sessions/sessions.ts';

export type MembersDeps = { store: Store; keys: AuditKeys & { token: Buffer }; letters: Letters; now?: () => number };

export function createMembers(deps: MembersDeps) {
  const { store, keys, letters } = deps;
  const now = deps.now ?? Date.now;
  const who = (session: Session) => `account:${session.account.id}`;

  /** A member of the actor's own organisation; another's is "not found". */
  async function memberOf(session: Session, accountId: string) {
    const account = await findAccount(store.db, accountId);
    if (!account || account.status === 'removed') throw new NotFound('member');
    authorize(session, 'member.list', account);
    return account;
  }

  function keyOf(session: Session) {
    if (!session.organisationKey) throw new AccountRefused('needs-key');
    return session.organisationKey;
  }

  return {
    /** The organisation's members (presenter: what the page shows, nothing more). */
    async list(session: Session) {
      const organisationId = organisationOf(session, 'member.list');
      const rows = await listMembers(store.db, organisationId);
      const me = who(session);
      // Sealing or releasing the key needs it in the actor's session: without it, no such button.
      const holdsKey = session.organisationKey !== undefined;
      return rows
        .filter((r) => r.status !== 'removed')
        .map((r) => {
          const mine = r.id === session.account.id;
          const grant = r.grant_status ?? 'none';
          return {
            id: r.id,
            login: r.login,
            role: r.role,
            status: r.status,
            enrolled: r.public_key !== null,
            secondFactor: r.second_factor !== null,
            grant,
            grantedBy: r.granted_by,
            mine,
            /** What the actor may do for this member, as the page offers it. */
            actions: {
              grant: holdsKey && r.status === 'active' && r.public_key !== null && grant === 'none',
              approve: holdsKey && grant === 'pending' && r.granted_by !== me && !mine,
              remove: !mine,
            },
          };
        });
    },

    async invite(session: Session, input: { email: string; role: 'supervisor' | 'analyst'; locale: Locale }) {
      const organisationId = organisationOf(session, 'member.invite');
      const email = checkEmail(input.email);
      if (await store.db.selectFrom('accounts').select('id').where('login', '=', email).executeTakeFirst()) throw new AccountRefused('login-taken', 'email');
      const organisation = await findOrganisation(store.db, organisationId);
      return orIfTaken(
        audited(
          store,
          keys,
          (r: { accountId: string }) => ({
            actor: who(session),
            action: 'account.invited',
            subject: `account:${r.accountId}`,
            detail: input.role,
            organisation: organisationId,
          }),
          async (trx) => {
            const invited = await invite(trx, keys.token, {
              login: email,
              email,
              role: input.role,
              organisationId,
              locale: input.locale,
              invitedBy: who(session),
              validForMs: INVITATION_HOURS * HOUR_MS,
            });
            await letters.queue(trx, 'invitation', invitationMail(letters, email, input.locale, invited.token, organisation?.name ?? '', INVITATION_HOURS));
            return invited;
          },
        ),
        () => new AccountRefused('login-taken', 'email'),
      );
    },

    /** Seals the organisation key to an enrolled member; waits for a second supervisor when there are two or more. */
    async grant(session: Session, accountId: string): Promise<'active' | 'pending'> {
      const organisationId = organisationOf(session, 'member.grant');
      const member = await memberOf(session, accountId);
      const key = keyOf(session);
      if (member.status !== 'active' || !member.public_key) throw new AccountRefused('no-key-yet');
      if (await findGrant(store.db, member)) throw new AccountRefused('already-granted');
      const sealed = seal(key.privateKey, Buffer.from(member.public_key));
      // Only another supervisor who holds the key can approve: one still waiting for their own
      // access (or who lost it) would leave the grant pending for ever.
      const holders = new Set(
        (await listMembers(store.db, organisationId)).filter((r) => r.status === 'active' && r.grant_status === 'active').map((r) => r.id),
      );
      const supervisors = await listActiveSupervisors(store.db, organisationId);
      const others = supervisors.filter((s) => s.id !== session.account.id && s.id !== member.id && holders.has(s.id));
      const needsApproval = others.length > 0;
      const at = new Date(now()).toISOString();
      const release = randomBytes(32);
      await orIfTaken(
        audited(
          store,
          keys,
          { actor: who(session), action: needsApproval ? 'grant.requested' : 'grant.created', subject: `account:${member.id}`, organisation: organisationId },
          async (trx) => {
            await insertGrant(trx, {
              organisation_id: organisationId,
              account_id: member.id,
              status: needsApproval ? 'pending' : 'active',
              sealed_organisation_key: needsApproval ? null : sealed,
              pending_box: needsApproval ? secretBox(sealed, release) : null,
              pending_key: needsApproval ? seal(release, key.publicKey) : null,
              granted_by: who(session),
              created_at: at,
              approved_by: null,
              approved_at: null,
            });
            if (!needsApproval) return;
            for (const s of others) {
              if (!s.email) continue;
              const t = letters.t((s.locale as Locale) ?? 'en');
              await letters.queue(trx, 'grant-request', {
                to: s.email,
                subject: t('office.mail.grantRequest.subject'),
                text: t('office.mail.grantRequest.text', { member: member.login, link: `${letters.officeUrl}/office/members` }),
              });
            }
          },
        ),
        () => new AccountRefused('already-granted'),
      );
      return needsApproval ? 'pending' : 'active';
    },

    /** A second supervisor releases a pending grant; the one who asked for it cannot. */
    async approve(session: Session, accountId: string): Promise<void> {
      const organisationId = organisationOf(session, 'member.approve');
      const member = await memberOf(session, accountId);
      const key = keyOf(session);
      const grant = await findGrant(store.db, member);
      if (grant?.status !== 'pending' || !grant.pending_box || !grant.pending_key) throw new AccountRefused('not-pending');
      if (grant.granted_by === who(session) || member.id === session.account.id) throw new AccountRefused('own-grant');
      const release = openSealed(Buffer.from(grant.pending_key), key);
      const sealed = openSecretBox(Buffer.from(grant.pending_box), release);
      const at = new Date(now()).toISOString();
      await audited(
        store,
        keys,
        { actor: who(session), action: 'grant.approved', subject: `account:${member.id}`, organisation: organisationId },
        async (trx) => {
          const done = await activateGrant(trx, organisationId, member.id, Buffer.from(sealed), who(session), at);
          if (Number(done.numUpdatedRows) !== 1) throw new AccountRefused('not-pending');
          if (member.email) {
            const t = letters.t((member.locale as Locale) ?? 'en');
            await letters.queue(trx, 'grant-approved', {
              to: member.email,
              subject: t('office.mail.grantApproved.subject'),
              text: t('office.mail.grantApproved.text', { link: `${letters.officeUrl}/office/` }),
            });
          }
        },
      );
    },

    /** Ends the member's sessions and deletes their grant at once; the organisation keeps its key. */
    async remove(session: Session, accountId: string): Promise<void> {
      const organisationId = organisationOf(session, 'member.remove');
      const member = await memberOf(session, accountId);
      if (member.id === session.account.id) throw new AccountRefused('last-supervisor');
      // Approval needs two supervisors who hold the key. Removing one of them so that fewer than
      // two are left would let the remaining one grant alone (and a supervisor without the key,
      // invited by a rogue one, could do the removing): that removal is the operator's
      // (`npx haven member remove`). Removing a supervisor needs the key in one's session.
      if (member.role === 'supervisor') keyOf(session);
      await audited(
        store,
        keys,
        { actor: who(session), action: 'account.removed', subject: `account:${member.id}`, organisation: organisationId },
        async (trx) => {
          // Counted inside the transaction, after the organisation's row is locked: two removals
          // sent at once are counted one after the other, never both against the same three.
          await lockOrganisation(trx, store.engine, organisationId);
          const holders = (await listMembers(trx, organisationId)).filter(
            (r) => r.status === 'active' && r.grant_status === 'active' && r.role === 'supervisor',
          );
          const targetHoldsKey = holders.some((r) => r.id === member.id);
          if (member.role === 'supervisor' && targetHoldsKey && holders.length - 1 < 2) throw new AccountRefused('supervisor-removal-needs-operator');
          await deleteSessionsOf(trx, member.id);
          await deleteGrants(trx, member.id);
          await deleteInvitations(trx, member.id);
          await retireAccount(trx, member);
        },
      );
    },
  };
}

export type Members = ReturnType<typeof createMembers>;

/**
 * A removed account: no key, no second factor, no session or grant (the caller deletes those),
 * kept for the activity log under its id; its login is freed, so the address can be invited again.
 */
export function retireAccount(trx: Audited, member: { id: string; login: string }) {
  return updateAccount(trx, member.id, {
    status: 'removed',
    // A login no invitation can take (addresses and logins never hold ':').
    login: `removed:${member.id}`,
    wrapped_private_key: null,
    second_factor: null,
    second_factor_step: null,
    recovery_codes: null,
  });
}
