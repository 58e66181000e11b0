// Receipts: unguessable (80 random bits, and the generator really uses them), easy to read aloud,
// and forgiving of the mistakes people make when they type one back.
import assert from 'node:assert/strict';
import { hkdfSync } from 'node:crypto';
import { test } from 'node:test';
import { keyPairFromSeed } from './box.ts';
import { formatReceipt, newReceipt, parseReceipt, receiptLookupHash, reporterKeyPair } from './receipt.ts';

// Crockford's base32: no I, L, O or U.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;
// reporterKeyPair('0A1B2C3D4E5F6G7H') as computed by hkdfSync and crypto_box_seed_keypair.
const KNOWN_PUBLIC_KEY = '9501dd9083056f640b1aa4e31fe80f46983f0d1ad315c4d344dd95233e6cf020';
// HMAC-SHA256 of '0A1B2C3D4E5F6G7H' under 32 bytes of 0x01, as computed by `openssl dgst -mac HMAC`.
const KNOWN_LOOKUP_HASH = 'a1c208d5be30a2a78264cfe392ba4b5fcc773128991f6ee477a3b7ad63791490';

/** Pearson's chi-square of observed counts against a uniform expectation. */
function chiSquare(counts: ArrayLike<number>, expected: number): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += ((counts[i] ?? 0) - expected) ** 2 / expected;
  return sum;
}

test('a receipt carries 80 random bits: 16 characters of 32, each uniform, every two of them independent', () => {
  const n = 20_000;
  const seen = new Set<string>();
  const symbols = ALPHABET.length;
  const single = Array.from({ length: LENGTH }, () => new Uint32Array(symbols));
  // Counts of each pair of characters at each pair of positions (120 pairs, 1,024 cells each).
  const pairs: { a: number; b: number; counts: Uint32Array }[] = [];
  for (let a = 0; a < LENGTH; a++) for (let b = a + 1; b < LENGTH; b++) pairs.push({ a, b, counts: new Uint32Array(symbols * symbols) });
  const index = new Array<number>(LENGTH);
  for (let i = 0; i < n; i++) {
    const r = newReceipt();
    assert.match(r, /^[0-9A-HJKMNP-TV-Z]{16}$/);
    seen.add(r);
    for (let p = 0; p < LENGTH; p++) {
      index[p] = ALPHABET.indexOf(r[p] as string);
      single[p]![index[p]!]! += 1;
    }
    for (const pair of pairs) pair.counts[index[pair.a]! * symbols + index[pair.b]!]! += 1;
  }
  assert.equal(seen.size, n, 'no receipt came out twice');
  // Each position (31 degrees of freedom, mean 31, sd ≈ 7.9): a limit of 110 is exceeded by a
  // fair generator about once in 10^10 runs, but catches a stuck or biased position (a constant
  // character alone scores about 620,000; a lost bit about 20,000).
  single.forEach((counts, p) => {
    const chi2 = chiSquare(counts, n / symbols);
    assert.ok(chi2 < 110, `position ${p + 1}: chi-square ${chi2.toFixed(1)}`);
  });
  // Each pair of positions (1,023 degrees of freedom, mean 1,023, sd ≈ 45): 1,430 is about eight
  // standard deviations, exceeded by a fair generator far less than once in 10^12 runs over the
  // 120 pairs. A character that repeats or follows from another (bits used twice, so fewer than
  // 80 in all) scores about 620,000; one shared bit about 20,000.
  for (const { a, b, counts } of pairs) {
    const chi2 = chiSquare(counts, n / (symbols * symbols));
    assert.ok(chi2 < 1430, `positions ${a + 1} and ${b + 1} together: chi-square ${chi2.toFixed(1)}`);
  }
});

test('a receipt is shown in four groups of four, and what is shown reads back as the receipt', () => {
  assert.equal(formatReceipt('0A1B2C3D4E5F6G7H'), '0A1B-2C3D-4E5F-6G7H');
  for (let i = 0; i < 100; i++) {
    const r = newReceipt();
    const shown = formatReceipt(r);
    assert.match(shown, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(parseReceipt(shown), r);
  }
});

test('typing mistakes people make still give the same receipt', () => {
  const r = '0A1B2C3D4E5F6G7H';
  for (const typed of [
    '0A1B-2C3D-4E5F-6G7H',
    '0a1b-2c3d-4e5f-6g7h',
    '0A1B 2C3D 4E5F 6G7H',
    ' 0A1B2C3D4E5F6G7H ',
    'OA1B-2C3D-4E5F-6G7H', // O for zero
    '0AIB-2C3D-4E5F-6G7H', // I for one
    '0AlB-2C3D-4E5F-6G7H', // l for one
    '0A1B–2C3D—4E5F_6G7H', // dashes a word processor or a hand made
    '0A1B.2C3D.4E5F.6G7H',
  ]) {
    assert.equal(parseReceipt(typed), r, typed);
  }
});

test('what cannot be a receipt is recognised as such', () => {
  for (const typed of ['', 'hello', '0A1B-2C3D-4E5F-6G7', '0A1B-2C3D-4E5F-6G7H-J', 'UUUU-UUUU-UUUU-UUUU', '0A1B-2C3D-4E5F-6G7!', '０A1B-2C3D-4E5F-6G7H']) {
    assert.equal(parseReceipt(typed), undefined, typed);
  }
});

test('the look-up hash is HMAC-SHA256 under the server key: stored hashes stay findable', () => {
  const r = newReceipt();
  const k1 = Buffer.alloc(32, 1);
  const k2 = Buffer.alloc(32, 2);
  assert.deepEqual(receiptLookupHash(k1, r), receiptLookupHash(k1, r));
  assert.notDeepEqual(receiptLookupHash(k1, r), receiptLookupHash(k2, r));
  assert.notDeepEqual(receiptLookupHash(k1, r), receiptLookupHash(k1, newReceipt()));
  assert.equal(receiptLookupHash(k1, '0A1B2C3D4E5F6G7H').toString('hex'), KNOWN_LOOKUP_HASH);
});

test('the reporter key is the one stored keys were made with: HKDF-SHA256, salt haven/reporter-key/v1, no info', () => {
  for (let i = 0; i < 20; i++) {
    const r = newReceipt();
    const seed = Buffer.from(hkdfSync('sha256', r, 'haven/reporter-key/v1', '', 32));
    assert.deepEqual(reporterKeyPair(r).publicKey, keyPairFromSeed(seed).publicKey);
  }
  assert.notDeepEqual(reporterKeyPair('0A1B2C3D4E5F6G7H').publicKey, reporterKeyPair('0A1B2C3D4E5F6G7J').publicKey);
  // A known answer, so that no change of library or parameters can move it unnoticed.
  assert.equal(reporterKeyPair('0A1B2C3D4E5F6G7H').publicKey.toString('hex'), KNOWN_PUBLIC_KEY);
});
