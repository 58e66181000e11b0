import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInFlight, newSubmissionToken, openReceipt, sealReceipt, submissionDigest, submissionFor, submissionToken } from './submissions.ts';

test('tokens are what forms carry, and nothing else counts as one', () => {
  const token = newSubmissionToken();
  assert.equal(submissionToken(token), token);
  assert.equal(submissionToken([token, 'x']), token);
  for (const other of [undefined, '', 'x', `${token}x`, token.replace(/./, '+'), 42, { token }]) assert.equal(submissionToken(other), undefined);
});

test('a digest depends on the token and on the report', () => {
  const [a, b] = [newSubmissionToken(), newSubmissionToken()];
  assert.deepEqual(submissionDigest(a, 'report'), submissionDigest(a, 'report'));
  assert.notDeepEqual(submissionDigest(a, 'report'), submissionDigest(b, 'report'));
  assert.notDeepEqual(submissionDigest(a, 'version A'), submissionDigest(a, 'version B'));
});

test('a receipt sealed under a form’s key opens with that form’s key only, and holds nothing in clear', () => {
  const token = newSubmissionToken();
  const mine = submissionFor(token, 'report');
  assert.deepEqual(mine.digest, submissionDigest(token, 'report'), 'the digest is the one stored');
  assert.equal(mine.receiptKey.length, 32);
  assert.notDeepEqual(mine.receiptKey, mine.digest, 'the key is not what is stored');
  assert.deepEqual(submissionFor(token, 'report').receiptKey, mine.receiptKey, 'the same form gives the same key');

  const sealed = sealReceipt('ABCDEFGHJKMNPQRS', mine.receiptKey);
  assert.ok(!sealed.includes(Buffer.from('ABCDEFGHJKMNPQRS')), 'not in clear');
  assert.notDeepEqual(sealReceipt('ABCDEFGHJKMNPQRS', mine.receiptKey), sealed, 'a new nonce each time');
  assert.equal(openReceipt(sealed, mine.receiptKey), 'ABCDEFGHJKMNPQRS');
  for (const other of [submissionFor(newSubmissionToken(), 'report'), submissionFor(token, 'another report')]) {
    assert.equal(openReceipt(sealed, other.receiptKey), undefined, 'another form’s key does not open it');
  }
  const changed = Buffer.from(sealed);
  changed[changed.length - 1] = (changed.at(-1) ?? 0) ^ 1;
  assert.equal(openReceipt(changed, mine.receiptKey), undefined, 'a changed box does not open');
  assert.equal(openReceipt(Buffer.alloc(10), mine.receiptKey), undefined, 'nor a short one');
});

test('overlapping sends share one attempt; a later send makes a new one', async () => {
  const once = createInFlight();
  const digest = submissionDigest(newSubmissionToken(), 'report');
  let attempts = 0;
  const store = async () => {
    attempts++;
    await new Promise((resolve) => setImmediate(resolve));
    return attempts;
  };
  assert.deepEqual(await Promise.all([once(digest, store), once(digest, store)]), [1, 1]);
  assert.equal(await once(digest, store), 2);
});
