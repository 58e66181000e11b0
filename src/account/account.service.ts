// A signed-in person's own account. Changing the password re-wraps their own private key with the
// new one (the grant of the organisation key is sealed to the key pair, not to the password, so
// no report is re-encrypted), ends every other session and gives this one a new token. Their
// sessions are listed coarsely (to the hour; none stores an address or a browser) and can be
// ended one by one or all at once. Every change is audited in its own transaction.

import { findAccount } from '../accounts/accounts.store.ts';
import { assertStrongPassword } from '../accounts/enrolment.service.ts';
import { type AuditEntry, type AuditKeys, audited } from '../audit/audit.ts';
import { SealBroken, unwrapWithPasswordAsync, wrapWithPasswordAsync } from '../crypto/box.ts';
import type { Store } from '../db/database.ts';
import { isLocale } from '../i18n/locales.ts';
import type { Tally } from '../limits/limits.ts';
import { authorize } from '../office/authorize.ts';
import { Forbidden, NotFound } from '../office/office.errors.ts';
import { deleteSession, deleteSessionsOf, listSessionsOf } from '../sessions/sessions.store.ts';
import type { Session, Sessions } from '../sessions/sessions.ts';
import { rewrapPrivateKey } from './account.store.ts';

/** The current password given is not the account's. */
export class CurrentPasswordWrong extends Error {
  override name = 'CurrentPasswordWrong';
  readonly kind = 'invalid';
  readonly code = 'current-password-wrong';
  readonly field = 'current';
}

/** A new password that changes nothing. */
export class PasswordUnchanged extends Error {
  override name = 'PasswordUnchanged';
  readonly kind = 'invalid';
  readonly code = 'password-unchanged';
  readonly field = 'password';
}

/** Too many wrong current passwords: a stolen session must not become a way to guess the password. */
export class PasswordChangeLocked extends Error {
  override name = 'PasswordChangeLocked';
  readonly kind = 'too-many';
  readonly code = 'password-change-locked';
  readonly field = 'current';
  constructor(readonly retryAfterSeconds: number) {
    super('password change temporarily locked');
  }
}

const FAILURE_WINDOW_MS = 15 * 60_000;
const LOCK_AFTER_FAILURES = 5;
const MAX_PASSWORD_LENGTH = 1024;
/** The opaque reference of a session on the page: the first 8 bytes of its id digest, in hex. */
const REF_BYTES = 8;

export type AccountDeps = { store: Store; keys: AuditKeys & { token: Buffer }; sessions: Sessions; tally: Tally; now?: () => number };

/** A session as the account page lists it: never its digest, an address or a browser. */
export type SessionLine = { ref: string; startedAt: number; seenAt: number; current: boolean };

export function createAccount(deps: AccountDeps) {
  const { store, keys, sessions, tally } = deps;
  const now = deps.now ?? Date.now;
  const who = (session: Session) => `account:${session.account.id}`;
  const org = (session: Session) => (session.account.organisation_id ? { organisation: session.account.organisation_id } : {});
  const entry = (session: Session, action: AuditEntry['action'], detail?: string): AuditEntry => ({
    actor: who(session),
    action,
    subject: who(session),
    ...(detail ? { detail } : {}),
    ...org(session),
  });
  const failures = (session: Session) => `password-change:${session.account.id}`;
  const refOf = (idHash: Buffer | Uint8Array) => Buffer.from(idHash).subarray(0, REF_BYTES).toString('hex');
  /** The seconds a session has left: its replacement keeps its start, so a new token never lives longer. */
  const secondsLeft = (session: Session) => Math.max(1, Math.floor((session.createdAt + sessions.lifetimeMs - now()) / 1000));

  async function ownSessions(session: Session) {
    const at = now();
    const rows = await listSessionsOf(store.db, session.account.id);
    // Rows the sweeper has not deleted yet open nothing any more: not listed.
    return rows.filter((r) => Number(r.expires_at) > at && Number(r.seen_at) + sessions.idleMs > at);
  }

  return {
    /** The service's clock, for the page's "today". */
    now,

    async sessionsOf(session: Session): Promise<SessionLine[]> {
      authorize(session, 'account.own');
      return (await ownSessions(session)).map((r) => ({
        ref: refOf(r.id_hash),
        startedAt: Number(r.created_at),
        seenAt: Number(r.seen_at),
        current: Buffer.from(r.id_hash).equals(session.idHash),
      }));
    },

    /** The new token for this browser, and how long its cookie may live. */
    async changePassword(session: Session, input: { current: string; password: string; again: string }): Promise<{ token: string; maxAgeSeconds: number }> {
      authorize(session, 'account.own');
      const account = await findAccount(store.db, session.account.id);
      if (!account?.wrapped_private_key || account.status !== 'active') throw new Forbidden('account.own');
      const locale = isLocale(account.locale) ? account.locale : 'en';
      assertStrongPassword(input.password, input.again, { login: account.login, email: account.email, locale });
      const locked = await tally.peek(failures(session));
      if (locked >= LOCK_AFTER_FAILURES) {
        const at = now();
        throw new PasswordChangeLocked(Math.ceil((Math.floor(at / FAILURE_WINDOW_MS + 1) * FAILURE_WINDOW_MS - at) / 1000));
      }
      const before = Buffer.from(account.wrapped_private_key);
      let privateKey: Buffer;
      try {
        privateKey = await unwrapWithPasswordAsync(before, input.current.slice(0, MAX_PASSWORD_LENGTH));
      } catch (error) {
        if (!(error instanceof SealBroken)) throw error;
        await tally.hit(failures(session), FAILURE_WINDOW_MS);
        throw new CurrentPasswordWrong();
      }
      try {
        if (input.password === input.current) throw new PasswordUnchanged();
        const after = await wrapWithPasswordAsync(privateKey, input.password);
        const token = await audited(store, keys, entry(session, 'password.changed'), async (trx) => {
          if (!(await rewrapPrivateKey(trx, account.id, before, after))) throw new CurrentPasswordWrong();
          // Every session of the account ends, this one too; this browser goes on with a new token.
          await deleteSessionsOf(trx, account.id);
          return sessions.open(trx, account.id, 'signed-in', session.organisationKey, session.createdAt);
        });
        return { token, maxAgeSeconds: secondsLeft(session) };
      } finally {
        privateKey.fill(0);
      }
    },

    /** Ends one of the account's own sessions; says whether it was this one. */
    async endSession(session: Session, ref: string): Promise<{ current: boolean }> {
      authorize(session, 'account.own');
      const found = (await ownSessions(session)).find((r) => refOf(r.id_hash) === ref);
      if (!found) throw new NotFound('session');
      const idHash = Buffer.from(found.id_hash);
      await audited(store, keys, entry(session, 'session.revoked', ref), (trx) => deleteSession(trx, idHash));
      return { current: idHash.equals(session.idHash) };
    },

    /** Ends every session of the account, this one included. */
    async endAll(session: Session): Promise<void> {
      authorize(session, 'account.own');
      await audited(store, keys, entry(session, 'sessions.revoked-all'), (trx) => deleteSessionsOf(trx, session.account.id));
    },
  };
}

export type Account = ReturnType<typeof createAccount>;
