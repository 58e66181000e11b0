// Signing in: password, then the second factor (enrolled at the first sign-in). The password
// opens the account's own private key (Argon2id off the event loop; the box's MAC is the check),
// which opens the account's grant of the organisation key; the session keeps that key sealed
// under its cookie's secret. An unknown login costs the same work as a wrong password and gets
// the same answer. Failures are counted per login and per client in the shared counters.
import { setTimeout as delay } from 'node:timers/promises';
import { AccountRefused, SignInLocked, WrongCredentials } from '../accounts/accounts.errors.ts';
import { findAccountByLogin, findGrant, findOrganisationPublicKey } from '../accounts/accounts.store.ts';
import type { Letters } from '../accounts/invitations.ts';
import { newRecoveryCodes, useRecoveryCode } from '../accounts/recovery-codes.ts';
import { acceptCode, openSecondFactor, sealSecondFactor } from '../accounts/second-factor.ts';
import { type AuditEntry, type AuditKeys, audited } from '../audit/audit.ts';
import { generateKeyPair, type KeyPair, openSealed, randomBytes, SealBroken, unwrapWithPasswordAsync, wrapWithPasswordAsync } from '../crypto/box.ts';
import { keyedHash } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { isLocale } from '../i18n/locales.ts';
import type { Tally } from '../limits/limits.ts';
import { deleteSessionsOf } from '../sessions/sessions.store.ts';
import type { Session, Sessions } from '../sessions/sessions.ts';

export type SignInDeps = {
  store: Store;
  keys: AuditKeys & { token: Buffer; secondFactor: Buffer };
  sessions: Sessions;
  tally: Tally;
  letters: Letters;
  now?: () => number;
};

/** Failures counted in windows of this length. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Failures for one login within a window that lock it until the window ends. */
export const LOCK_AFTER_LOGIN_FAILURES = 10;
/** Attempts, right or wrong, for one login within a window: bounds a burst sent all at once. */
export const ATTEMPTS_PER_LOGIN = 30;
/** Failures from one client within a window that lock it out. */
export const LOCK_AFTER_CLIENT_FAILURES = 30;
/** The longest a failure's answer is held back. */
const MAX_DELAY_MS = 4000;

export const MAX_PASSWORD_LENGTH = 1024;

export type SignInStep = { token: string; stage: Session['stage'] };

export function createSignIn(deps: SignInDeps) {
  const { store, keys, sessions, tally } = deps;
  const now = deps.now ?? Date.now;
  // What an unknown login's password is tried against: the same Argon2id work as a real one.
  // Made at the first unknown login (not at start-up: an Argon2id run each start costs every
  // instance, and every test, for nothing); wrapped under a random password nobody knows.
  let decoyWrapped: Promise<Buffer> | undefined;
  const decoy = () => (decoyWrapped ??= wrapWithPasswordAsync(generateKeyPair().privateKey, randomBytes(32).toString('base64url')));
  const loginKey = (login: string) =>
    `sign-in:login:${keyedHash(keys.token, `login:${login.normalize('NFC').toLowerCase()}`)
      .toString('base64url')
      .slice(0, 22)}`;
  const clientKey = (client: string) => `sign-in:client:${client}`;
  // Bound to the account: a sealed secret copied onto another account's row does not open there.
  const secondFactorKey = (accountId: string) => keyedHash(keys.secondFactor, `account:${accountId}`);

  async function assertNotLocked(login: string, client: string) {
    const [byLogin, byClient] = await Promise.all([tally.peek(loginKey(login)), tally.peek(clientKey(client))]);
    if (byLogin >= LOCK_AFTER_LOGIN_FAILURES || byClient >= LOCK_AFTER_CLIENT_FAILURES) {
      const at = now();
      throw new SignInLocked(Math.ceil((Math.floor(at / FAILURE_WINDOW_MS + 1) * FAILURE_WINDOW_MS - at) / 1000));
    }
  }

  /** Counts a failure and holds the answer back longer the more there have been (none for the first three). */
  async function failed(login: string, client: string) {
    const [a, b] = await Promise.all([tally.hit(loginKey(login), FAILURE_WINDOW_MS), tally.hit(clientKey(client), FAILURE_WINDOW_MS)]);
    const failures = Math.max(a.current, b.current);
    if (failures > 3) await delay(Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - 4)));
  }

  async function organisationKeyOf(account: { id: string; organisation_id: string | null }, own: KeyPair): Promise<KeyPair | undefined> {
    const grant = await findGrant(store.db, account);
    if (grant?.status !== 'active' || !grant.sealed_organisation_key || !account.organisation_id) return undefined;
    const organisation = await findOrganisationPublicKey(store.db, account.organisation_id);
    if (!organisation) return undefined;
    return { publicKey: Buffer.from(organisation.public_key), privateKey: openSealed(Buffer.from(grant.sealed_organisation_key), own) };
  }

  return {
    /** Login and password: a session waiting for its second factor (or its enrolment). */
    async password(typed: string, password: string, client: string): Promise<SignInStep> {
      const login = typed.trim();
      await assertNotLocked(login, client);
      // Failures lock a login only once counted, after the check: a burst sent at once would all
      // pass the check first. Attempts (right ones too) are counted before it, and bound that.
      const attempts = await tally.hit(`${loginKey(login)}:attempts`, FAILURE_WINDOW_MS);
      if (attempts.current > ATTEMPTS_PER_LOGIN) throw new SignInLocked(Math.ceil(attempts.ttl / 1000));
      const account = login.length <= 254 ? await findAccountByLogin(store.db, login) : undefined;
      const usable = account?.status === 'active' && account.wrapped_private_key && account.public_key ? account : undefined;
      let own: KeyPair | undefined;
      try {
        const wrapped = usable?.wrapped_private_key ? Buffer.from(usable.wrapped_private_key) : await decoy();
        const privateKey = await unwrapWithPasswordAsync(wrapped, password.slice(0, MAX_PASSWORD_LENGTH));
        if (usable?.public_key) own = { publicKey: Buffer.from(usable.public_key), privateKey };
      } catch (error) {
        if (!(error instanceof SealBroken)) throw error;
      }
      if (!usable || !own) {
        await audited(
          store,
          keys,
          {
            actor: usable ? `account:${usable.id}` : 'unknown',
            action: 'sign-in.failed',
            subject: usable ? `account:${usable.id}` : 'login',
            ...(usable?.organisation_id ? { organisation: usable.organisation_id } : {}),
          },
          async () => undefined,
        );
        await failed(login, client);
        throw new WrongCredentials();
      }
      const organisationKey = await organisationKeyOf(usable, own);
      const stage = usable.second_factor ? 'second-factor' : 'enrol-second-factor';
      const token = await audited(
        store,
        keys,
        {
          actor: `account:${usable.id}`,
          action: 'sign-in.password-accepted',
          subject: `account:${usable.id}`,
          ...(usable.organisation_id ? { organisation: usable.organisation_id } : {}),
        },
        (trx) => sessions.open(trx, usable.id, stage, organisationKey),
      );
      return { token, stage };
    },

    /** The second factor: a TOTP code, or one of the recovery codes. A new session id on success. */
    async secondFactor(session: Session, code: string, client: string): Promise<SignInStep> {
      const { account } = session;
      // Every attempt counts before it is checked (right ones too: LOCK_AFTER_LOGIN_FAILURES
      // sign-ins per window at most), so a burst of guesses sent at once cannot slip under the lock.
      await assertNotLocked(account.login, client);
      const counted = await tally.hit(`second-factor:${account.id}`, FAILURE_WINDOW_MS);
      if (counted.current > LOCK_AFTER_LOGIN_FAILURES) throw new SignInLocked(Math.ceil(counted.ttl / 1000));
      const org = account.organisation_id ? { organisation: account.organisation_id } : {};
      const who = `account:${account.id}`;
      const secret = account.second_factor ? openedSecondFactor(Buffer.from(account.second_factor), secondFactorKey(account.id)) : undefined;
      const step = secret ? acceptCode(secret, code, account.second_factor_step === null ? null : Number(account.second_factor_step), now()) : undefined;
      const remaining =
        step === undefined && account.recovery_codes ? useRecoveryCode(code, JSON.parse(account.recovery_codes) as string[], keys.token) : undefined;
      if (session.stage !== 'second-factor' || (step === undefined && remaining === undefined)) {
        await audited(store, keys, { actor: who, action: 'second-factor.failed', subject: who, ...org }, async () => undefined);
        const byClient = await tally.hit(clientKey(client), FAILURE_WINDOW_MS);
        if (Math.max(counted.current, byClient.current) > 3) await delay(Math.min(MAX_DELAY_MS, 250 * 2 ** (Math.max(counted.current, byClient.current) - 4)));
        throw new WrongCredentials('wrong-code');
      }
      const used: AuditEntry[] = remaining ? [{ actor: who, action: 'recovery-code.used', subject: who, detail: `${remaining.length} left`, ...org }] : [];
      const entries: [AuditEntry, ...AuditEntry[]] = [{ actor: who, action: 'sign-in.succeeded', subject: who, ...org }, ...used];
      const token = await audited(store, keys, entries, async (trx) => {
        // Compare-and-set: of two requests with one code (or one recovery code), one wins.
        const spent =
          step !== undefined
            ? await trx
                .updateTable('accounts')
                .set({ second_factor_step: step })
                .where('id', '=', account.id)
                .where((eb) => eb.or([eb('second_factor_step', 'is', null), eb('second_factor_step', '<', step)]))
                .executeTakeFirst()
            : await trx
                .updateTable('accounts')
                .set({ recovery_codes: JSON.stringify(remaining) })
                .where('id', '=', account.id)
                .where('recovery_codes', '=', account.recovery_codes)
                .executeTakeFirst();
        if (Number(spent.numUpdatedRows) !== 1) throw new WrongCredentials('wrong-code');
        const ended = await sessions.end(trx, session);
        if (Number(ended.numDeletedRows) !== 1) throw new WrongCredentials('wrong-code');
        const next = await sessions.open(trx, account.id, 'signed-in', session.organisationKey);
        if (account.email) await deps.letters.queue(trx, 'sign-in-notice', signInNotice(deps.letters, account.email, account.locale));
        return next;
      });
      return { token, stage: 'signed-in' };
    },

    /** First sign-in: the secret shown on the page and a code from it; returns the recovery codes (shown once). */
    async enrolSecondFactor(session: Session, secret: string, code: string): Promise<SignInStep & { recoveryCodes: string[] }> {
      const { account } = session;
      if (session.stage !== 'enrol-second-factor') throw new WrongCredentials('wrong-code');
      if (account.second_factor !== null) throw new AccountRefused('already-enrolled');
      const step = /^[A-Z2-7]{16,64}$/.test(secret) ? acceptCode(secret, code, null, now()) : undefined;
      if (step === undefined) throw new WrongCredentials('wrong-code');
      const { codes, digests } = newRecoveryCodes(keys.token);
      const who = `account:${account.id}`;
      const org = account.organisation_id ? { organisation: account.organisation_id } : {};
      const token = await audited(
        store,
        keys,
        [
          { actor: who, action: 'second-factor.enrolled', subject: who, ...org },
          { actor: who, action: 'sign-in.succeeded', subject: who, ...org },
        ],
        async (trx) => {
          const enrolled = await trx
            .updateTable('accounts')
            .set({ second_factor: sealSecondFactor(secret, secondFactorKey(account.id)), second_factor_step: step, recovery_codes: JSON.stringify(digests) })
            .where('id', '=', account.id)
            .where('second_factor', 'is', null)
            .executeTakeFirst();
          if (Number(enrolled.numUpdatedRows) !== 1) throw new AccountRefused('already-enrolled');
          // Any other half-way session of this account (a password typed elsewhere) ends here.
          await deleteSessionsOf(trx, account.id);
          return sessions.open(trx, account.id, 'signed-in', session.organisationKey);
        },
      );
      return { token, stage: 'signed-in', recoveryCodes: codes };
    },

    async signOut(session: Session): Promise<void> {
      const who = `account:${session.account.id}`;
      await audited(
        store,
        keys,
        { actor: who, action: 'session.ended', subject: who, ...(session.account.organisation_id ? { organisation: session.account.organisation_id } : {}) },
        (trx) => sessions.end(trx, session),
      );
    },
  };
}

function signInNotice(letters: Letters, to: string, locale: string) {
  const t = letters.t(isLocale(locale) ? locale : 'en');
  return { to, subject: t('office.mail.signInNotice.subject'), text: t('office.mail.signInNotice.text', { link: `${letters.officeUrl}/office/account` }) };
}

export type SignIn = ReturnType<typeof createSignIn>;

/** The TOTP secret, or undefined when it does not open (sealed for another account, or under another secret): no code then works. */
function openedSecondFactor(sealed: Buffer, key: Buffer): string | undefined {
  try {
    return openSecondFactor(sealed, key);
  } catch (error) {
    if (error instanceof SealBroken) return undefined;
    throw error;
  }
}
