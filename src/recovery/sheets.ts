// Recovery sheets: the organisation's private key, recoverable when every member has lost access,
// without one escrow holder. A random recovery key R seals the private key (kept in the database,
// recovery_sets.sealed_key); R is split k-of-n with shamir-secret-sharing, one share per printed
// sheet. Neither R nor the shares are ever stored: only k sheets brought together rebuild R.
import { combine, split } from 'shamir-secret-sharing';
import { openSecretBox, publicKeyOf, randomBytes, SealBroken, secretBox } from '../crypto/box.ts';
import { RecoverySetInvalid, SheetRefused } from './recovery.errors.ts';
import { isBlankSheet, readSheet, SET_ID_BYTES, type SheetContent, writeSheet } from './sheet-text.ts';

export { RecoverySetInvalid, type SheetRefusalCode, SheetRefused } from './recovery.errors.ts';

/** What recovery_sets keeps of a set of sheets (the row, less its organisation and date). */
export type RecoverySet = { setId: string; threshold: number; shares: number; sealedKey: Buffer };
/** The set to store, and the sheets' texts (sheet 1 to n) to print once and forget. */
export type IssuedSheets = { set: RecoverySet; sheets: string[] };

export const MIN_THRESHOLD = 2;
// shamir-secret-sharing allows 255 shares; more than ten sheets is more paper to keep than safety.
export const MAX_SHARES = 10;
const KEY_BYTES = 32;

function checkSetSize(threshold: number, shares: number): void {
  if (!Number.isInteger(shares) || shares < MIN_THRESHOLD || shares > MAX_SHARES) throw new RecoverySetInvalid('shares');
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold > shares) throw new RecoverySetInvalid('threshold');
}

/** A Buffer's bytes as a plain Uint8Array (shamir-secret-sharing refuses subclasses), not a copy. */
const plain = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/**
 * A new set of sheets for the organisation's private key. Storing the returned set replaces the
 * previous one: its sheets then rebuild a recovery key that opens nothing.
 */
export async function issueSheets(organisationPrivateKey: Buffer, options: { threshold: number; shares: number }): Promise<IssuedSheets> {
  const { threshold, shares } = options;
  checkSetSize(threshold, shares);
  if (organisationPrivateKey.length !== KEY_BYTES) throw new RangeError(`an organisation private key is ${KEY_BYTES} bytes`);
  const recoveryKey = randomBytes(KEY_BYTES);
  try {
    const parts = await split(plain(recoveryKey), shares, threshold);
    const setId = randomBytes(SET_ID_BYTES).toString('hex');
    const sealedKey = secretBox(organisationPrivateKey, recoveryKey);
    const sheets = parts.map((share) => writeSheet(setId, share));
    for (const share of parts) share.fill(0);
    return { set: { setId, threshold, shares, sealedKey }, sheets };
  } finally {
    // Wiped as soon as it is split: from here on R exists only as the printed shares.
    recoveryKey.fill(0);
  }
}

/** The sheets' contents, each checked on its own and against the others, or the first reason to refuse. */
function readSheets(texts: string[], set: RecoverySet): SheetContent[] {
  // A form's empty fields are not sheets; the others keep their position in what was typed.
  const given = texts.map((text, i) => ({ text, sheet: i + 1 })).filter(({ text }) => !isBlankSheet(text));
  // A typo first: it is the one problem the person can mend at once.
  const read = given.map(({ text, sheet }) => {
    const content = readSheet(text);
    if (!content) throw new SheetRefused('sheet-unreadable', { sheet });
    return { ...content, sheet };
  });
  for (const { setId, sheet } of read) {
    if (setId !== set.setId) throw new SheetRefused('sheet-from-other-set', { sheet });
  }
  const byX = new Map<number, Uint8Array>();
  for (const { share, sheet } of read) {
    const x = share[share.length - 1] ?? 0;
    const before = byX.get(x);
    if (before) {
      // Two different shares at one x are no set's sheets: forged, or the texts of a bug.
      if (Buffer.compare(before, share) === 0) throw new SheetRefused('same-sheet-twice', { sheet });
      throw new SheetRefused('sheets-do-not-match');
    }
    byX.set(x, share);
  }
  // Fewer than k shares interpolate to a wrong R without any error: never combine them.
  if (read.length < set.threshold) throw new SheetRefused('too-few-sheets', { threshold: set.threshold });
  if (read.length > set.shares) throw new SheetRefused('sheets-do-not-match');
  return read;
}

/** Rebuilds the organisation private key from at least `threshold` sheet texts and checks it against the organisation's public key. */
export async function rebuildKey(texts: string[], set: RecoverySet, organisationPublicKey: Buffer): Promise<Buffer> {
  const read = readSheets(texts, set);
  let recoveryKey: Buffer | undefined;
  try {
    const rebuilt = await combine(read.map((r) => r.share));
    recoveryKey = Buffer.from(rebuilt.buffer, rebuilt.byteOffset, rebuilt.length);
    let key: Buffer;
    try {
      key = openSecretBox(set.sealedKey, recoveryKey);
    } catch (error) {
      if (error instanceof SealBroken) throw new SheetRefused('sheets-do-not-match');
      throw error;
    }
    // The sealed key of this set, but is it this organisation's? The record says which key it must be.
    if (key.length !== KEY_BYTES || !publicKeyOf(key).equals(organisationPublicKey)) {
      key.fill(0);
      throw new SheetRefused('sheets-do-not-match');
    }
    return key;
  } finally {
    // R and the shares were only ever in this request's memory: wiped before it ends.
    recoveryKey?.fill(0);
    for (const { share } of read) share.fill(0);
  }
}
