// A supervisor's side of recovery sheets. Issuing: from the organisation key in their session,
// a new set of k-of-n sheets replaces the old set (whose sheets then open nothing); the sheets'
// texts are returned once, for printing, and never stored. Recovering: a supervisor without the
// key (every member lost access; a fresh supervisor was invited) types k sheets back; the rebuilt
// key is sealed to their own public key as an active grant, and their session is replaced by one
// that holds it. Every issue, recovery and failed attempt is audited for the organisation.
import { AccountRefused } from '../accounts/accounts.errors.ts';
import { deleteGrants, findAccount, findOrganisation, findRecoverySet, insertGrant, replaceRecoverySet } from '../accounts/accounts.store.ts';
import type { Letters } from '../accounts/invitations.ts';
import { type AuditKeys, audited } from '../audit/audit.ts';
import { randomBytes, seal, secretBox } from '../crypto/box.ts';
import type { Store } from '../db/database.ts';
import { isLocale } from '../i18n/locales.ts';
import { organisationOf } from '../office/authorize.ts';
import type { Session, Sessions } from '../sessions/sessions.ts';
import { issueSheets, rebuildKey, SheetRefused } from './sheets.ts';

/** Recovery needs a set of sheets, and this organisation has never had one issued. */
export class NoRecoverySet extends Error {
  override name = 'NoRecoverySet';
  readonly kind = 'invalid';
  readonly code = 'no-recovery-set';
}

export type RecoveryDeps = {
  store: Store;
  keys: AuditKeys;
  sessions: Sessions;
  /** k and n of the sets issued from now on (config RECOVERY_THRESHOLD, RECOVERY_SHEETS). */
  threshold: number;
  shares: number;
  /** To ask the supervisors who hold the key for their approval, when a rebuilt key must wait for it. */
  letters?: Letters;
  now?: () => number;
};

export type RecoveryStatus = {
  holdsKey: boolean;
  /** The current set, if one was issued: when, and its k of n (which the rebuild form follows). */
  current?: { issuedAt: string; threshold: number; shares: number } | undefined;
  /** What a new set would be. */
  next: { threshold: number; shares: number };
};

export function createRecovery(deps: RecoveryDeps) {
  const { store, keys, sessions } = deps;
  const now = deps.now ?? Date.now;
  const who = (session: Session) => `account:${session.account.id}`;

  return {
    async status(session: Session): Promise<RecoveryStatus> {
      const organisationId = organisationOf(session, 'recovery.recover');
      const set = await findRecoverySet(store.db, organisationId);
      return {
        holdsKey: session.organisationKey !== undefined,
        current: set ? { issuedAt: set.created_at, threshold: Number(set.threshold), shares: Number(set.shares) } : undefined,
        next: { threshold: deps.threshold, shares: deps.shares },
      };
    },

    /**
     * Whether to remind this reader to issue sheets: only who could (a supervisor, as for
     * recovery.issue, whose session holds the key), and only while the organisation has none.
     */
    async needsSheets(session: Session): Promise<boolean> {
      const organisationId = session.account.organisation_id;
      if (session.stage !== 'signed-in' || session.account.role !== 'supervisor' || !organisationId || !session.organisationKey) return false;
      return (await findRecoverySet(store.db, organisationId)) === undefined;
    },

    /** A new set of sheets: their texts, shown once. The set before it stops working. */
    async issue(session: Session) {
      const organisationId = organisationOf(session, 'recovery.issue');
      const key = session.organisationKey;
      if (!key) throw new AccountRefused('needs-key');
      const organisation = await findOrganisation(store.db, organisationId);
      const issued = await issueSheets(key.privateKey, { threshold: deps.threshold, shares: deps.shares });
      const issuedAt = new Date(now()).toISOString();
      await audited(
        store,
        keys,
        {
          actor: who(session),
          action: 'recovery-sheets.issued',
          subject: `organisation:${organisationId}`,
          detail: `${issued.set.threshold} of ${issued.set.shares}`,
          organisation: organisationId,
        },
        (trx) =>
          replaceRecoverySet(trx, {
            organisation_id: organisationId,
            set_id: issued.set.setId,
            threshold: issued.set.threshold,
            shares: issued.set.shares,
            sealed_key: issued.set.sealedKey,
            created_at: issuedAt,
          }),
      );
      return { sheets: issued.sheets, threshold: issued.set.threshold, issuedAt, organisationName: organisation?.name ?? organisationId };
    },

    /** Rebuilds the organisation key from sheet texts; the new session's token (and its cookie's life) on success. */
    async rebuild(session: Session, texts: string[]): Promise<{ pending: true } | { pending: false; token: string; maxAgeSeconds: number }> {
      const organisationId = organisationOf(session, 'recovery.recover');
      if (session.organisationKey) throw new AccountRefused('has-key');
      const { account } = session;
      if (!account.public_key) throw new AccountRefused('no-key-yet');
      // Recovery is for when nobody can read any more, by a supervisor the operator invited for it
      // (the admin's page, or the command line). A supervisor invited by another supervisor may
      // not: otherwise one rogue supervisor could issue sheets, invite a second account of their
      // own and give it the key, with no second supervisor's approval.
      const inviter = account.invited_by?.startsWith('account:') ? await findAccount(store.db, account.invited_by.slice('account:'.length)) : undefined;
      if (account.invited_by !== 'cli' && inviter?.role !== 'admin') throw new AccountRefused('recovery-needs-operator');
      const set = await findRecoverySet(store.db, organisationId);
      const organisation = await findOrganisation(store.db, organisationId);
      if (!set || !organisation) throw new NoRecoverySet();
      const publicKey = Buffer.from(organisation.public_key);
      let privateKey: Buffer;
      try {
        privateKey = await rebuildKey(
          texts,
          { setId: set.set_id, threshold: Number(set.threshold), shares: Number(set.shares), sealedKey: Buffer.from(set.sealed_key) },
          publicKey,
        );
      } catch (error) {
        if (error instanceof SheetRefused) {
          // Which check failed, never what was typed.
          await audited(
            store,
            keys,
            { actor: who(session), action: 'recovery.failed', subject: `organisation:${organisationId}`, detail: error.code, organisation: organisationId },
            async () => undefined,
          );
        }
        throw error;
      }
      try {
        const at = new Date(now()).toISOString();
        // Recovery is for when nobody can read any more. While a supervisor still holds the key,
        // the rebuilt key's grant waits for their approval, as any grant does (members.service.ts).
        const holders = await store.db
          .selectFrom('key_grants')
          .innerJoin('accounts', 'accounts.id', 'key_grants.account_id')
          .select(['accounts.id', 'accounts.email', 'accounts.locale'])
          .where('key_grants.organisation_id', '=', organisationId)
          .where('key_grants.status', '=', 'active')
          .where('accounts.status', '=', 'active')
          .where('accounts.role', '=', 'supervisor')
          .where('accounts.id', '<>', account.id)
          .execute();
        const sealed = seal(privateKey, Buffer.from(account.public_key as Uint8Array));
        if (holders.length > 0) {
          const release = randomBytes(32);
          await audited(
            store,
            keys,
            [
              {
                actor: who(session),
                action: 'organisation.recovered',
                subject: `organisation:${organisationId}`,
                detail: 'pending',
                organisation: organisationId,
              },
              { actor: who(session), action: 'grant.requested', subject: who(session), organisation: organisationId },
            ],
            async (trx) => {
              await deleteGrants(trx, account.id);
              await insertGrant(trx, {
                organisation_id: organisationId,
                account_id: account.id,
                status: 'pending',
                sealed_organisation_key: null,
                pending_box: secretBox(sealed, release),
                pending_key: seal(release, publicKey),
                granted_by: 'recovery-sheets',
                created_at: at,
                approved_by: null,
                approved_at: null,
              });
              const { letters } = deps;
              for (const supervisor of letters ? holders : []) {
                if (!letters || !supervisor.email) continue;
                const t = letters.t(isLocale(supervisor.locale) ? supervisor.locale : 'en');
                await letters.queue(trx, 'grant-request', {
                  to: supervisor.email,
                  subject: t('office.mail.grantRequest.subject'),
                  text: t('office.mail.grantRequest.text', { member: account.login, link: `${letters.officeUrl}/office/members` }),
                });
              }
            },
          );
          return { pending: true };
        }
        const token = await audited(
          store,
          keys,
          { actor: who(session), action: 'organisation.recovered', subject: `organisation:${organisationId}`, organisation: organisationId },
          async (trx) => {
            // A grant waiting for approval would stand in the way of the active one.
            await deleteGrants(trx, account.id);
            await insertGrant(trx, {
              organisation_id: organisationId,
              account_id: account.id,
              status: 'active',
              sealed_organisation_key: sealed,
              pending_box: null,
              pending_key: null,
              granted_by: 'recovery-sheets',
              created_at: at,
              approved_by: null,
              approved_at: null,
            });
            await sessions.end(trx, session);
            return sessions.open(trx, account.id, 'signed-in', { publicKey, privateKey }, session.createdAt);
          },
        );
        // The new session keeps the old one's start: recovering never extends a session's life.
        return { pending: false, token, maxAgeSeconds: Math.max(1, Math.floor((session.createdAt + sessions.lifetimeMs - now()) / 1000)) };
      } finally {
        privateKey.fill(0);
      }
    },
  };
}

export type Recovery = ReturnType<typeof createRecovery>;
