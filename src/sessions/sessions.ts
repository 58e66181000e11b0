// Back-office sessions, shared by every instance (rows in the database). The cookie carries a
// random token; the row is found by a keyed digest of it and holds the organisation key under a
// key derived from the token alone. The row, or a whole copy of the database, opens nothing: only
// the browser that signed in can. A new token is issued at sign-in and at every change of
// privilege (second factor passed, password changed), so a token known before never works after.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Audited } from '../audit/audit.ts';
import { type KeyPair, openSecretBox, randomBytes, SealBroken, secretBox } from '../crypto/box.ts';
import { keyedHash } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import type { AccountTable, SessionTable } from '../db/schema.ts';
import { deleteEndedSessions, deleteSession, findSessionWithAccount, insertSession, touchSession } from './sessions.store.ts';

export type SessionStage = SessionTable['stage'];

/** Who a back-office request is from, and what their session holds. */
export type Session = {
  token: string;
  idHash: Buffer;
  stage: SessionStage;
  account: AccountTable;
  /** The organisation key pair, for a signed-in member with an active grant. */
  organisationKey?: KeyPair;
  /** The value every state-changing form of this session must send back. */
  csrf: string;
  createdAt: number;
};

export type SessionOptions = { store: Store; tokenKey: Buffer; idleMs: number; lifetimeMs: number; now?: () => number };

// A row's last-seen time is written at most this often: a page view is not a write.
const TOUCH_EVERY_MS = 60_000;

export function createSessions(options: SessionOptions) {
  const { store, tokenKey, idleMs, lifetimeMs } = options;
  const now = options.now ?? Date.now;
  const idHashOf = (token: string) => keyedHash(tokenKey, `session:${token}`);
  const keyOf = (token: string) => createHmac('sha256', Buffer.from(token, 'base64url')).update('haven/session-key/v1').digest();
  const csrfOf = (token: string) => createHmac('sha256', Buffer.from(token, 'base64url')).update('haven/csrf/v1').digest('base64url');

  return {
    idleMs,
    lifetimeMs,
    /** Opens a session inside the caller's audited transaction; the token goes in the cookie. */
    async open(trx: Audited, accountId: string, stage: SessionStage, organisationKey?: KeyPair, createdAt = now()): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      await insertSession(trx, {
        id_hash: idHashOf(token),
        account_id: accountId,
        stage,
        sealed_key: organisationKey ? secretBox(organisationKey.privateKey, keyOf(token)) : null,
        created_at: createdAt,
        seen_at: at,
        expires_at: createdAt + lifetimeMs,
      });
      return token;
    },

    /** The session the token opens, or undefined (unknown, expired, idle too long, account gone). */
    async read(token: string | undefined): Promise<Session | undefined> {
      if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const idHash = idHashOf(token);
      const row = await findSessionWithAccount(store.db, idHash);
      if (!row) return undefined;
      const at = now();
      if (Number(row.expires_at) <= at || Number(row.seen_at) + idleMs <= at) {
        await deleteSession(store.db, idHash);
        return undefined;
      }
      const { stage, sealed_key, session_created_at, seen_at, expires_at, organisation_public_key, ...account } = row;
      if (account.status !== 'active') return undefined;
      let organisationKey: KeyPair | undefined;
      if (sealed_key && account.organisation_id) {
        // The grant must still be there (an active one, for the account's own organisation): a
        // member whose grant was withdrawn keeps no key.
        if (!organisation_public_key) return undefined;
        try {
          organisationKey = { publicKey: Buffer.from(organisation_public_key), privateKey: openSecretBox(Buffer.from(sealed_key), keyOf(token)) };
        } catch (error) {
          if (error instanceof SealBroken) return undefined;
          throw error;
        }
      }
      if (at - Number(seen_at) >= TOUCH_EVERY_MS) await touchSession(store.db, idHash, at);
      return {
        token,
        idHash,
        stage,
        account,
        ...(organisationKey ? { organisationKey } : {}),
        csrf: csrfOf(token),
        createdAt: Number(session_created_at),
      };
    },

    /** Ends one session (sign out, or the old one when a new token replaces it). */
    end(trx: Audited, session: { idHash: Buffer }) {
      return deleteSession(trx, session.idHash);
    },

    /** Whether a form's token belongs to this session (compared in constant time). */
    checkCsrf(session: Session, given: unknown): boolean {
      if (typeof given !== 'string') return false;
      const a = Buffer.from(given);
      const b = Buffer.from(session.csrf);
      return a.length === b.length && timingSafeEqual(a, b);
    },

    /** Deletes the rows nobody can use any more (run from a timer). */
    sweep() {
      return deleteEndedSessions(store.db, now(), idleMs);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
