// The libsodium operations reports and keys rely on: a sealed box opens only with its recipient's
// key and refuses any change; a wrapped key opens only with its password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generateKeyPair,
  hashPassword,
  keyPairFromSeed,
  openSealed,
  SEAL_OVERHEAD,
  SealBroken,
  seal,
  unwrapWithPassword,
  verifyPassword,
  wrapWithPassword,
} from './box.ts';

test('a sealed box opens with the recipient’s key and no other', () => {
  const recipient = generateKeyPair();
  const stranger = generateKeyPair();
  const message = Buffer.from('what the reporter typed — ünïcödé 😀');
  const box = seal(message, recipient.publicKey);
  assert.equal(box.length, message.length + SEAL_OVERHEAD);
  assert.ok(!box.includes(message.subarray(0, 8)), 'the box does not contain the message');
  assert.deepEqual(openSealed(box, recipient), message);
  assert.throws(() => openSealed(box, stranger), SealBroken);
  // Sealing is randomised: the same report sealed twice cannot be recognised as the same.
  assert.notDeepEqual(seal(message, recipient.publicKey), box);
});

test('a sealed box that was changed, cut or emptied does not open', () => {
  const recipient = generateKeyPair();
  const box = seal(Buffer.from('report'), recipient.publicKey);
  for (let i = 0; i < box.length; i += 7) {
    const changed = Buffer.from(box);
    changed[i] = (changed[i] ?? 0) ^ 1;
    assert.throws(() => openSealed(changed, recipient), SealBroken, `byte ${i} flipped`);
  }
  assert.throws(() => openSealed(box.subarray(0, box.length - 1), recipient), SealBroken);
  assert.throws(() => openSealed(Buffer.alloc(0), recipient), SealBroken);
  assert.throws(() => openSealed(Buffer.alloc(SEAL_OVERHEAD - 1), recipient), SealBroken);
});

test('a key wrapped with a password opens with that password only', () => {
  const secret = generateKeyPair().privateKey;
  const wrapped = wrapWithPassword(secret, 'correct horse battery staple');
  assert.ok(!wrapped.includes(secret), 'the wrap does not contain the key');
  assert.deepEqual(Buffer.from(unwrapWithPassword(wrapped, 'correct horse battery staple')), Buffer.from(secret));
  assert.throws(() => unwrapWithPassword(wrapped, 'correct horse battery stapl'), SealBroken);
  const changed = Buffer.from(wrapped);
  changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
  assert.throws(() => unwrapWithPassword(changed, 'correct horse battery staple'), SealBroken);
  assert.throws(() => unwrapWithPassword(wrapped.subarray(0, 20), 'correct horse battery staple'), SealBroken);
  // A fresh salt and nonce each time: two wraps of one key look unrelated.
  assert.notDeepEqual(wrapWithPassword(secret, 'correct horse battery staple').subarray(0, 16), wrapped.subarray(0, 16));
});

test('a password verifier accepts the password and nothing else', () => {
  const hash = hashPassword('pässwörd');
  assert.match(hash, /^\$argon2id\$/);
  assert.ok(!hash.includes('pässwörd'));
  assert.equal(verifyPassword(hash, 'pässwörd'), true);
  assert.equal(verifyPassword(hash, 'passwörd'), false);
  assert.equal(verifyPassword(hash, ''), false);
});

test('a key pair from a seed is the same every time, and different for another seed', () => {
  const a = keyPairFromSeed(Buffer.alloc(32, 1));
  assert.deepEqual(keyPairFromSeed(Buffer.alloc(32, 1)).publicKey, a.publicKey);
  assert.notDeepEqual(keyPairFromSeed(Buffer.alloc(32, 2)).publicKey, a.publicKey);
  assert.deepEqual(openSealed(seal(Buffer.from('reply'), a.publicKey), a), Buffer.from('reply'));
  assert.notDeepEqual(generateKeyPair().publicKey, generateKeyPair().publicKey);
});
