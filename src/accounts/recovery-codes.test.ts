// Recovery codes: readable, 60 bits each, stored as digests, each usable once however it is typed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { randomBytes } from '../crypto/box.ts';
import { newRecoveryCodes, RECOVERY_CODE_COUNT, useRecoveryCode } from './recovery-codes.ts';

const KEY = randomBytes(32);

test('ten distinct codes of twelve unambiguous characters, with their keyed digests', () => {
  const { codes, digests } = newRecoveryCodes(KEY);
  assert.equal(codes.length, RECOVERY_CODE_COUNT);
  assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
  for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  assert.deepEqual(
    digests,
    codes.map((code) =>
      createHmac('sha256', KEY)
        .update(`recovery-code:${code.replaceAll('-', '')}`)
        .digest('hex'),
    ),
  );
  assert.ok(!digests.some((digest) => codes.some((code) => digest.includes(code.replaceAll('-', '')))));
  assert.notDeepEqual(newRecoveryCodes(KEY).codes, codes);
});

test('the characters are spread evenly (no bias towards part of the alphabet)', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 100; i++) {
    for (const char of newRecoveryCodes(KEY).codes.join('').replaceAll('-', '')) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  // 12,000 characters over 32: about 375 each.
  assert.equal(counts.size, 32);
  for (const [char, count] of counts) assert.ok(count > 250 && count < 500, `${char}: ${count}`);
});

test('a code is used once; the others stay', () => {
  const { codes, digests } = newRecoveryCodes(KEY);
  const [first, second] = codes as [string, string];
  const left = useRecoveryCode(second, digests, KEY);
  assert.deepEqual(
    left,
    digests.filter((_, i) => i !== 1),
  );
  assert.equal(useRecoveryCode(second, left ?? [], KEY), undefined, 'not twice');
  assert.deepEqual(useRecoveryCode(first, left ?? [], KEY), digests.slice(2));
});

test('case, spaces, dashes and misread letters do not matter', () => {
  const { codes, digests } = newRecoveryCodes(KEY);
  const code = codes[0] ?? assert.fail();
  const bare = code.replaceAll('-', '');
  for (const typed of [
    code.toUpperCase(),
    bare,
    ` ${bare.slice(0, 6)} ${bare.slice(6)} `,
    code.replaceAll('-', '\u2011'),
    code.replaceAll('0', 'O').replaceAll('1', 'l'),
  ]) {
    assert.equal(useRecoveryCode(typed, digests, KEY)?.length, RECOVERY_CODE_COUNT - 1, typed);
  }
});

test('a wrong, malformed or empty code is refused', () => {
  const { codes, digests } = newRecoveryCodes(KEY);
  const code = codes[0] ?? assert.fail();
  const changed = `${code.slice(0, -1)}${code.endsWith('a') ? 'b' : 'a'}`;
  for (const typed of [changed, code.slice(0, -1), `${code}a`, '', 'xxxx-xxxx-xxx!', digests[0] ?? '']) {
    assert.equal(useRecoveryCode(typed, digests, KEY), undefined, typed);
  }
  assert.equal(useRecoveryCode(code, [], KEY), undefined);
  assert.equal(useRecoveryCode(code, ['not hex', ''], KEY), undefined);
});

test('a code works only with the server key it was made under: a database copy alone checks nothing', () => {
  const { codes, digests } = newRecoveryCodes(KEY);
  assert.equal(useRecoveryCode(codes[0] as string, digests, randomBytes(32)), undefined);
  assert.equal(useRecoveryCode(codes[0] as string, digests, KEY)?.length, RECOVERY_CODE_COUNT - 1);
});
