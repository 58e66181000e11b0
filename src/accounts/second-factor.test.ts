// TOTP codes: accepted within one step of drift, never twice, never stale or wrong; the secret
// is sealed at rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytes, SealBroken } from '../crypto/box.ts';
import { acceptCode, currentCode, newSecondFactorSecret, openSecondFactor, otpauthUri, sealSecondFactor } from './second-factor.ts';

const STEP = 30_000;
// Mid-step, so that "one step earlier" cannot fall on a boundary by accident.
const NOW = 1_750_000_015_000;
const stepAt = (now: number) => Math.floor(now / STEP);

test('a new secret is 160 bits of base32', () => {
  const secret = newSecondFactorSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(newSecondFactorSecret(), secret);
});

test('the code of RFC 6238’s first SHA-1 test vector', () => {
  // Secret "12345678901234567890" (GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in base32) at T = 59 s gives
  // 94287082; six digits keep the last six.
  assert.equal(currentCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000), '287082');
});

test('a code is accepted once, and refused the second time', () => {
  const secret = newSecondFactorSecret();
  const code = currentCode(secret, NOW);
  const step = acceptCode(secret, code, null, NOW);
  assert.equal(step, stepAt(NOW));
  assert.equal(acceptCode(secret, code, step ?? null, NOW), undefined);
  assert.equal(acceptCode(secret, code, step ?? null, NOW + 5_000), undefined, 'nor a few seconds later');
  // The next step's code is a new code.
  assert.equal(acceptCode(secret, currentCode(secret, NOW + STEP), step ?? null, NOW + STEP), stepAt(NOW) + 1);
});

test('one step of drift either way is accepted; two steps are not', () => {
  const secret = newSecondFactorSecret();
  assert.equal(acceptCode(secret, currentCode(secret, NOW - STEP), null, NOW), stepAt(NOW) - 1);
  assert.equal(acceptCode(secret, currentCode(secret, NOW + STEP), null, NOW), stepAt(NOW) + 1);
  assert.equal(acceptCode(secret, currentCode(secret, NOW - 2 * STEP), null, NOW), undefined);
  assert.equal(acceptCode(secret, currentCode(secret, NOW + 2 * STEP), null, NOW), undefined);
});

test('after a code from the next step, the current step’s code is refused', () => {
  const secret = newSecondFactorSecret();
  const ahead = acceptCode(secret, currentCode(secret, NOW + STEP), null, NOW);
  assert.equal(ahead, stepAt(NOW) + 1);
  assert.equal(acceptCode(secret, currentCode(secret, NOW), ahead ?? null, NOW), undefined);
  // And a last step beyond the window (the clock went back) refuses everything without throwing.
  assert.equal(acceptCode(secret, currentCode(secret, NOW), stepAt(NOW) + 5, NOW), undefined);
});

test('a wrong, malformed or other secret’s code is refused; spaces are ignored', () => {
  const secret = newSecondFactorSecret();
  const code = currentCode(secret, NOW);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  assert.equal(acceptCode(secret, wrong, null, NOW), undefined);
  assert.equal(acceptCode(newSecondFactorSecret(), code, null, NOW), undefined);
  for (const malformed of ['', '12345', '1234567', 'abcdef', `${code}0`, code.slice(0, 5)]) {
    assert.equal(acceptCode(secret, malformed, null, NOW), undefined, malformed);
  }
  assert.equal(acceptCode(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, null, NOW), stepAt(NOW));
});

test('the otpauth URI names the issuer and account', () => {
  const secret = newSecondFactorSecret();
  assert.equal(
    otpauthUri(secret, 'police-analyst', 'Haven Lëtzebuerg'),
    `otpauth://totp/Haven%20L%C3%ABtzebuerg:police-analyst?secret=${secret}&issuer=Haven%20L%C3%ABtzebuerg`,
  );
  assert.throws(() => otpauthUri(secret, 'a:b', 'Haven'), RangeError);
});

test('a sealed secret does not contain the secret and opens back with its key only', () => {
  const secret = newSecondFactorSecret();
  const key = randomBytes(32);
  const sealed = sealSecondFactor(secret, key);
  assert.ok(!sealed.includes(Buffer.from(secret)));
  assert.ok(!sealed.includes(Buffer.from(secret.slice(0, 8))));
  assert.equal(openSecondFactor(sealed, key), secret);
  assert.throws(() => openSecondFactor(sealed, randomBytes(32)), SealBroken);
  const changed = Buffer.from(sealed);
  changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
  assert.throws(() => openSecondFactor(changed, key), SealBroken);
});
