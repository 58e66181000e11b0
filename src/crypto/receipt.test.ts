// Receipts: unguessable (≥ 80 bits, and the generator really uses them), easy to read aloud, and
// forgiving of the mistakes people make when they type one back.
import assert from 'node:assert/strict';
import { hkdfSync } from 'node:crypto';
import { test } from 'node:test';
import { keyPairFromSeed } from './box.ts';
import { formatReceipt, newReceipt, parseReceipt, RECEIPT_ENTROPY_BITS, RECEIPT_LENGTH, receiptLookupHash, reporterKeyPair } from './receipt.ts';

// Crockford's base32: no I, L, O or U.
// reporterKeyPair('0A1B2C3D4E5F6G7H') as computed by hkdfSync and crypto_box_seed_keypair.
const KNOWN_PUBLIC_KEY = '9501dd9083056f640b1aa4e31fe80f46983f0d1ad315c4d344dd95233e6cf020';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

test('a receipt carries at least 80 bits of entropy', () => {
  assert.ok(RECEIPT_ENTROPY_BITS >= 80, `${RECEIPT_ENTROPY_BITS} bits`);
  assert.ok(RECEIPT_LENGTH * Math.log2(ALPHABET.length) >= 80);
});

test('receipts are distinct, use only the alphabet, and every character is uniformly random', () => {
  const n = 20_000;
  const seen = new Set<string>();
  const counts = Array.from({ length: RECEIPT_LENGTH }, () => new Array<number>(ALPHABET.length).fill(0));
  for (let i = 0; i < n; i++) {
    const r = newReceipt();
    assert.match(r, /^[0-9A-HJKMNP-TV-Z]{16}$/);
    seen.add(r);
    for (let p = 0; p < RECEIPT_LENGTH; p++) {
      const c = counts[p];
      if (c) c[ALPHABET.indexOf(r[p] as string)]! += 1;
    }
  }
  assert.equal(seen.size, n, 'no receipt came out twice');
  // Pearson's chi-square per position (31 degrees of freedom, mean 31, sd ≈ 7.9). A limit of 110
  // is exceeded by a fair generator about once in 10^10 runs, but catches a stuck or biased
  // position (a constant character alone scores about 620,000; a lost bit about 20,000).
  const expected = n / ALPHABET.length;
  counts.forEach((c, position) => {
    const chi2 = c.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 110, `position ${position + 1}: chi-square ${chi2.toFixed(1)}`);
  });
});

test('a receipt is shown in four groups of four', () => {
  for (let i = 0; i < 100; i++) {
    const r = newReceipt();
    const shown = formatReceipt(r);
    assert.match(shown, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(shown.replace(/-/g, ''), r);
  }
});

test('typing mistakes people make still give the same receipt', () => {
  const r = '0A1B-2C3D-4E5F-6G7H'.replace(/-/g, '');
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

test('the look-up hash depends on the server key, and the reporter key on the receipt', () => {
  const r = newReceipt();
  const k1 = Buffer.alloc(32, 1);
  const k2 = Buffer.alloc(32, 2);
  assert.deepEqual(receiptLookupHash(k1, r), receiptLookupHash(k1, r));
  assert.notDeepEqual(receiptLookupHash(k1, r), receiptLookupHash(k2, r));
  assert.notDeepEqual(receiptLookupHash(k1, r), receiptLookupHash(k1, newReceipt()));
  assert.deepEqual(reporterKeyPair(r).publicKey, reporterKeyPair(r).publicKey);
  assert.notDeepEqual(reporterKeyPair(r).publicKey, reporterKeyPair(newReceipt()).publicKey);
});

test('the reporter key is the one stored keys were made with: HKDF-SHA256, salt haven/reporter-key/v1, no info', () => {
  for (let i = 0; i < 20; i++) {
    const r = newReceipt();
    const seed = Buffer.from(hkdfSync('sha256', r, 'haven/reporter-key/v1', '', 32));
    assert.deepEqual(reporterKeyPair(r).publicKey, keyPairFromSeed(seed).publicKey);
  }
  // A known answer, so that no change of library or parameters can move it unnoticed.
  assert.equal(reporterKeyPair('0A1B2C3D4E5F6G7H').publicKey.toString('hex'), KNOWN_PUBLIC_KEY);
});
