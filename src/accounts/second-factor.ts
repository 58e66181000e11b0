// The TOTP second factor (RFC 6238 with the settings every authenticator app assumes: SHA-1,
// 6 digits, 30-second steps). The secret is kept sealed at rest; the time step of each accepted
// code is kept too, so that no code is ever accepted twice.
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { openSecretBox, secretBox } from '../crypto/box.ts';

const PERIOD_SECONDS = 30;
const CODE = /^\d{6}$/;
// One step either side: a phone clock somewhat off, or a code typed just as it turned over, still
// works; a wider window gives a code seen over someone's shoulder longer to be replayed.
const DRIFT_STEPS = 1;

/** A new shared secret: 20 random bytes (160 bits, RFC 4226's recommendation), in base32. */
export function newSecondFactorSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans (as a QR code) to take the secret. */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  // The label is "issuer:account" and otplib leaves colons in it as they are: one more would make
  // the app show a different issuer or account than the one the analyst enrolled.
  if (issuer.includes(':') || account.includes(':')) throw new RangeError('an otpauth issuer or account name cannot contain ":"');
  return generateURI({ issuer, label: account, secret });
}

/**
 * The time step of `code` when it is right for the current step or one step either side, and
 * later than `lastStep` (the step of the last code accepted, stored by the caller); undefined
 * otherwise. Storing the returned step as the new `lastStep`, in the same transaction as the
 * sign-in, is what makes a code single-use (a compare-and-set, so two racing requests cannot
 * both succeed). Spaces in the code (as some apps display it: "123 456") are ignored.
 */
export function acceptCode(secret: string, code: string, lastStep: number | null, now = Date.now()): number | undefined {
  const token = code.replace(/\s+/g, '');
  // otplib throws on anything but six digits; a mistyped code is an ordinary refusal here.
  if (!CODE.test(token)) return undefined;
  const epoch = Math.floor(now / 1000);
  // otplib also throws when `afterTimeStep` lies beyond the window (the server clock went back
  // since the last sign-in): no code could be accepted then anyway.
  if (lastStep !== null && lastStep >= Math.floor(epoch / PERIOD_SECONDS) + DRIFT_STEPS) return undefined;
  // otplib compares each step's code with the token in constant time (core constantTimeEqual).
  const result = verifySync({
    secret,
    token,
    epoch,
    period: PERIOD_SECONDS,
    epochTolerance: DRIFT_STEPS * PERIOD_SECONDS,
    afterTimeStep: lastStep !== null && lastStep >= 0 ? lastStep : undefined,
  });
  // The functional API's result type also covers HOTP, whose results carry no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The code an authenticator app shows at `now` (for tests, and the browser tests' analyst). */
export function currentCode(secret: string, now = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor(now / 1000), period: PERIOD_SECONDS });
}

// Sealed with a server key (ServerKeys.secondFactor) so that a copy of the database alone does not
// give the codes: with the password hashes, that would be both factors.
export function sealSecondFactor(secret: string, key: Buffer): Buffer {
  return secretBox(Buffer.from(secret, 'utf8'), key);
}

/** Throws SealBroken when the sealed secret was changed or the key is not the one it was sealed with. */
export function openSecondFactor(sealed: Buffer, key: Buffer): string {
  return openSecretBox(sealed, key).toString('utf8');
}
