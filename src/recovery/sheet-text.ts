// The text printed on a recovery sheet, and reading it back as a person typed it from paper.
// 45 bytes, version ‖ set id ‖ share ‖ checksum, in Crockford's base32 (as receipts are: no I, L,
// O or U), 72 characters in groups of four. 45 bytes are exactly 72 characters, so every character
// carries data and any typo changes what the checksum covers.
import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VERSION = 1;
/** The set id: random, not secret; it only tells an old set's sheets from the current one's. */
export const SET_ID_BYTES = 6;
/** A share of the 32-byte recovery key: 32 bytes and its x coordinate (shamir-secret-sharing's layout). */
export const SHARE_BYTES = 33;
// A typo check, not a signature: 40 bits miss one typo in a trillion. Forged sheets are caught
// later, as the recovery key they rebuild does not open the sealed organisation key.
const CHECKSUM_BYTES = 5;
const PAYLOAD_BYTES = 1 + SET_ID_BYTES + SHARE_BYTES;
const SHEET_BYTES = PAYLOAD_BYTES + CHECKSUM_BYTES;
export const SHEET_LENGTH = (SHEET_BYTES * 8) / 5; // characters
const GROUP = 4;
// Far more than a sheet with any spacing; longer input is not worth canonicalising.
const MAX_INPUT = 400;

export type SheetContent = { setId: string; share: Uint8Array };

function checksum(payload: Uint8Array): Buffer {
  return createHash('sha256').update(payload).digest().subarray(0, CHECKSUM_BYTES);
}

function encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function decode(text: string): Uint8Array | undefined {
  const out = new Uint8Array((text.length * 5) >> 3);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    const digit = ALPHABET.indexOf(ch);
    if (digit === -1) return undefined;
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** A sheet's text, grouped by four with spaces: `7KQM 3XH9 …`. */
export function writeSheet(setId: string, share: Uint8Array): string {
  const id = Buffer.from(setId, 'hex');
  if (id.length !== SET_ID_BYTES || id.toString('hex') !== setId) throw new RangeError(`a set id is ${SET_ID_BYTES} bytes in hex`);
  if (share.length !== SHARE_BYTES) throw new RangeError(`a share is ${SHARE_BYTES} bytes`);
  const payload = Buffer.concat([Buffer.from([VERSION]), id, share]);
  const sheet = Buffer.concat([payload, checksum(payload)]);
  const text = encode(sheet);
  sheet.fill(0);
  payload.fill(0);
  return text.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join(' ') ?? text;
}

/**
 * What a person typed, made canonical: case, spaces and dashes ignored, and the letters people
 * confuse with digits read as those digits (O as 0, I and L as 1).
 */
function canonical(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Nothing but spaces and dashes: a form field left empty. */
export function isBlankSheet(input: string): boolean {
  return input.length <= MAX_INPUT && canonical(input) === '';
}

/** A sheet's set id and share, or undefined when the text has a typo (or is no sheet at all). */
export function readSheet(input: string): SheetContent | undefined {
  if (input.length > MAX_INPUT) return undefined;
  const text = canonical(input);
  if (text.length !== SHEET_LENGTH) return undefined;
  const bytes = decode(text);
  if (!bytes) return undefined;
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const ok = checksum(payload).equals(bytes.subarray(PAYLOAD_BYTES)) && payload[0] === VERSION;
  if (!ok) {
    bytes.fill(0);
    return undefined;
  }
  const setId = Buffer.from(payload.subarray(1, 1 + SET_ID_BYTES)).toString('hex');
  // A plain Uint8Array: shamir-secret-sharing refuses subclasses such as Buffer.
  const share = new Uint8Array(payload.subarray(1 + SET_ID_BYTES));
  bytes.fill(0);
  return { setId, share };
}
