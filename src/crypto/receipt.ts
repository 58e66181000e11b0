// Receipts: 80 random bits written in Crockford's base32 (no I, L, O or U, so nothing is misread
// aloud or copied wrong), grouped by four. Only a keyed hash is stored; the reporter's key pair
// for private replies is derived from the receipt, so the server can never recompute it.
import { createHmac, randomFillSync } from 'node:crypto';
import { type KeyPair, keyPairFromSeed } from './box.ts';
import { keyedHash } from './secrets.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_BYTES = 10;
export const RECEIPT_LENGTH = 16; // characters, 5 bits each: 80 bits
export const RECEIPT_ENTROPY_BITS = RECEIPT_LENGTH * Math.log2(ALPHABET.length);

// Random bytes are drawn a pool at a time: one call to the generator per 32 receipts instead of
// libsodium's system call per receipt, which cost more than the rest of a receipt. Each receipt's
// bytes are wiped from the pool once used; the pool is small, so few future receipts sit in memory.
const pool = Buffer.alloc(RECEIPT_BYTES * 32);
let used = pool.length;

/** A new receipt as its canonical 16 characters (no separators). */
export function newReceipt(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, (used += RECEIPT_BYTES));
  const receipt = encode(bytes);
  bytes.fill(0);
  return receipt;
}

function encode(bytes: Uint8Array): string {
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

export function receiptLookupHash(key: Uint8Array, receipt: string): Buffer {
  return keyedHash(key, receipt);
}

const REPORTER_KEY_SALT = Buffer.from('haven/reporter-key/v1');
const FIRST_BLOCK = Buffer.from([1]);

/**
 * The reporter's key pair: its seed is HKDF-SHA256 (RFC 5869) of the receipt, with the salt
 * 'haven/reporter-key/v1', no info, 32 bytes: what `hkdfSync('sha256', receipt,
 * 'haven/reporter-key/v1', '', 32)` gives, as stored reporter keys were made. Written as its two
 * HMACs (extract, then the one block of expand) because hkdfSync builds a key object and looks
 * up the digest on every call and costs twice as much; receipt.test.ts checks the two agree.
 */
export function reporterKeyPair(receipt: string): KeyPair {
  const prk = createHmac('sha256', REPORTER_KEY_SALT).update(receipt).digest();
  const seed = createHmac('sha256', prk).update(FIRST_BLOCK).digest();
  prk.fill(0);
  try {
    return keyPairFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}
