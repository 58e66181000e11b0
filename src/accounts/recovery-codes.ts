// Recovery codes: ten one-time codes that stand in for the second factor when the phone is lost.
// They are shown once and stored only as digests; using one removes its digest.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../crypto/box.ts';

export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32 in lower case: no i, l, o or u, so that no two characters are confused on
// paper; what is typed is read the Crockford way (o as 0, i and l as 1). Twelve characters of
// five random bits each make 60 bits per code.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;
const NORMALISED = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

function newRecoveryCode(): string {
  // 256 is a multiple of 32: the low five bits of a random byte are uniform.
  const chars = Array.from(randomBytes(CODE_LENGTH), (byte) => ALPHABET[byte & 31]);
  return Array.from({ length: GROUPS }, (_, g) => chars.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join('')).join('-');
}

/** What was typed, as it was generated: lower case, no spaces or dashes, misread letters mapped back. */
function normalise(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}

// An HMAC under a server key (never in the database): a copy of the database alone gives nothing
// to guess 60-bit codes against. The digest is of the normalised code, so any way of typing a
// code finds it.
const digestOf = (key: Buffer, normalisedCode: string) => createHmac('sha256', key).update(`recovery-code:${normalisedCode}`, 'utf8').digest('hex');

/** Ten new codes (`xxxx-xxxx-xxxx`, to show once) and their digests (to store). */
export function newRecoveryCodes(key: Buffer): { codes: string[]; digests: string[] } {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return { codes: [...codes], digests: [...codes].map((code) => digestOf(key, normalise(code))) };
}

/**
 * The digests left once `code` is used, when it matches one of `digests`; undefined when it
 * matches none. The caller stores the remainder with a compare-and-set on the old list, in the
 * sign-in's transaction, so that one code cannot open two sessions.
 */
export function useRecoveryCode(code: string, digests: string[], key: Buffer): string[] | undefined {
  const normalised = normalise(code);
  if (!NORMALISED.test(normalised)) return undefined;
  const candidate = Buffer.from(digestOf(key, normalised), 'hex');
  // Every stored digest is compared, whichever matches, so the time taken says nothing of which.
  let matched = -1;
  digests.forEach((digest, i) => {
    const stored = Buffer.from(digest, 'hex');
    const equal = stored.length === candidate.length && timingSafeEqual(stored, candidate);
    if (equal && matched === -1) matched = i;
  });
  return matched === -1 ? undefined : digests.filter((_, i) => i !== matched);
}
