// Proof of work against floods of reports (issue 15), with altcha-lib: no tracking, no cookie,
// nothing from another host. A report form carries a challenge signed with a key derived from the
// server secret; with JavaScript the page solves it in the background (public/haven.js, Web
// Crypto) and sends the solution with the report; a platform asks GET /api/v1/challenge and
// solves it with altcha-lib. A solution counts once: its challenge's nonce is recorded in the
// database, which every instance shares, until the challenge has expired. A report without a
// valid solution is still taken, under a lower limit per client (intake.routes.tsx): the proof
// makes a flood dearer, never one person's report impossible.
import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Store } from '../db/database.ts';
import { createGroupCommit } from '../db/group-commit.ts';
import { createSweeper } from '../db/sweeper.ts';

export type { Challenge };

/**
 * PBKDF2 runs natively in browsers (Web Crypto), so a visitor's phone works nearly as fast as an
 * attacker's native code; one SHA-256 per try would cost a browser a promise per hash, a hundred
 * times what it costs native code.
 */
export const PROOF_ALGORITHM = 'PBKDF2/SHA-256';
/** Rounds of PBKDF2 per try: enough to make each Web Crypto call worth its overhead. */
export const ROUNDS_PER_TRY = 1000;
/** How long a challenge can be solved and used; a report sent later counts as sent without one. */
export const CHALLENGE_LIFETIME_SECONDS = 60 * 60;

const HOUR_MS = 3_600_000;
/** Expired nonces are deleted at most this often. */
const SWEEP_EVERY_MS = 60_000;
/** A payload is a few hundred bytes of base64; anything much longer is not one of ours. */
const MAX_PAYLOAD_LENGTH = 4096;

export type ProofOfWorkDeps = {
  store: Pick<Store, 'db' | 'engine'>;
  /** ServerKeys.proofOfWork: every instance signs and checks with the same key. */
  key: Buffer;
  /** The most work a challenge asks for, in tries of ROUNDS_PER_TRY rounds (INTAKE_PROOF_DIFFICULTY). */
  difficulty: number;
  /** This instance's clock, in milliseconds (tests move it). */
  now?: () => number;
};

export type ProofOfWork = {
  /** A new challenge, in altcha-lib's form, valid for CHALLENGE_LIFETIME_SECONDS. */
  challenge(): Promise<Challenge>;
  /**
   * True when `payload` (altcha's base64 payload: the challenge and its solution) solves one of
   * Haven's challenges that has not expired and was never used before; it is now used. Anything
   * else (missing, malformed, another key's, expired, used, or the database out of reach) is
   * false: a report then counts as one without a proof, and is never lost for it.
   */
  redeem(payload: unknown): Promise<boolean>;
  /** Settles the nonces being recorded and stops the sweeper. */
  close(): Promise<void>;
};

type Use = { nonce: Buffer; forgetAt: number };

export function createProofOfWork({ store, key, difficulty, now = Date.now }: ProofOfWorkDeps): ProofOfWork {
  // Two HMAC keys from one: altcha-lib signs the challenge with one and the expected derived key
  // with the other, so checking a solution is one HMAC, not the work again.
  const sub = (purpose: string) => createHmac('sha256', key).update(purpose).digest('base64url');
  const hmacSignatureSecret = sub('challenge');
  const hmacKeySignatureSecret = sub('derived-key');
  const least = Math.ceil(difficulty / 2);

  // Nonces recorded in one transaction per event-loop turn, without waiting for the disk: a
  // nonce lost in a power cut lets one solution count twice, which harms nobody. The first use of
  // a nonce in a batch wins; a nonce already there (a replay, on any instance) is refused.
  const uses = createGroupCommit<Use, boolean>(
    store,
    async (trx, batch) => {
      const inserted = await trx
        .insertInto('used_proofs')
        .values([...new Map(batch.map((u) => [u.nonce.toString('hex'), { nonce: u.nonce, forget_at: u.forgetAt }])).values()])
        .onConflict((oc) => oc.column('nonce').doNothing())
        .returning('nonce')
        .execute();
      const fresh = new Set(inserted.map((row) => Buffer.from(row.nonce).toString('hex')));
      return batch.map((u) => fresh.delete(u.nonce.toString('hex')));
    },
    { durable: false },
  );

  const sweeper = createSweeper((at) => store.db.deleteFrom('used_proofs').where('forget_at', '<=', at).execute(), { everyMs: SWEEP_EVERY_MS, now });

  return {
    challenge() {
      return createChallenge({
        algorithm: PROOF_ALGORITHM,
        cost: ROUNDS_PER_TRY,
        // Deterministic mode: the key for a counter drawn here is the target, so the work is
        // bounded (a phone never draws a long unlucky run) and a solution is checked by HMAC.
        counter: randomInt(difficulty, least),
        deriveKey,
        expiresAt: Math.floor(now() / 1000) + CHALLENGE_LIFETIME_SECONDS,
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      });
    },

    async redeem(payload) {
      sweeper.due();
      const at = now();
      try {
        const parsed = parsePayload(payload);
        if (!parsed) return false;
        const { challenge, solution } = parsed;
        if (challenge.parameters.algorithm !== PROOF_ALGORITHM || !challenge.parameters.keySignature) return false;
        const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret, hmacKeySignatureSecret });
        // altcha-lib checks expiry against the system clock; this instance's clock decides too.
        const expiresAt = (challenge.parameters.expiresAt ?? 0) * 1000;
        if (!result.verified || expiresAt <= at) return false;
        // Kept until the hour after the challenge expires: the row then tells only which hour.
        return await uses.write({ nonce: Buffer.from(challenge.parameters.nonce, 'hex'), forgetAt: Math.ceil(expiresAt / HOUR_MS) * HOUR_MS });
      } catch {
        return false;
      }
    },

    async close() {
      await uses.close();
      await sweeper.stop();
    },
  };
}

type Parsed = { challenge: Challenge; solution: { counter: number; derivedKey: string } };

/** The payload's two parts, when it has their shape; altcha-lib checks the rest. */
function parsePayload(payload: unknown): Parsed | undefined {
  const text = Array.isArray(payload) ? payload[0] : payload;
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_PAYLOAD_LENGTH) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const { challenge, solution } = (value ?? {}) as Partial<Parsed>;
  const parameters = challenge?.parameters;
  if (!parameters || typeof parameters !== 'object' || typeof challenge?.signature !== 'string') return undefined;
  if (typeof parameters.nonce !== 'string' || !/^(?:[0-9a-f]{2}){8,64}$/.test(parameters.nonce)) return undefined;
  if (!solution || typeof solution !== 'object' || typeof solution.counter !== 'number' || typeof solution.derivedKey !== 'string') return undefined;
  return { challenge, solution };
}
