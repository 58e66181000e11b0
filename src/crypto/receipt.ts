// Receipts: 80 random bits written in Crockford's base32 (no I, L, O or U, so nothing is misread
// aloud or copied wrong), grouped by four. Only a keyed hash is stored; the reporter's key pair
// for private replies is derived from the receipt, so the server can never recompute it.
import { hkdfSync } from 'node:crypto';
import { type KeyPair, keyPairFromSeed, randomBytes } from './box.ts';
import { keyedHash } from './secrets.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_BYTES = 10;
export const RECEIPT_LENGTH = 16; // characters, 5 bits each: 80 bits
export const RECEIPT_ENTROPY_BITS = RECEIPT_LENGTH * Math.log2(ALPHABET.length);

/** A new receipt as its canonical 16 characters (no separators). */
export function newReceipt(): string {
  return encode(randomBytes(RECEIPT_BYTES));
}

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** For display: ABCD-EFGH-JKMN-PQRS. */
export function formatReceipt(receipt: string): string {
  return receipt.match(/.{1,4}/g)?.join('-') ?? receipt;
}

/**
 * What a person typed, made canonical: case, spaces and dashes ignored, and the letters people
 * confuse with digits read as those digits. Returns undefined when it cannot be a receipt.
 */
export function parseReceipt(input: string): string | undefined {
  const canonical = input
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (canonical.length !== RECEIPT_LENGTH) return undefined;
  for (const ch of canonical) if (!ALPHABET.includes(ch)) return undefined;
  return canonical;
}

export function receiptLookupHash(key: Buffer, receipt: string): Buffer {
  return keyedHash(key, receipt);
}

export function reporterKeyPair(receipt: string): KeyPair {
  const seed = Buffer.from(hkdfSync('sha256', receipt, 'haven/reporter-key/v1', '', 32));
  return keyPairFromSeed(seed);
}
