import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInFlight, newSubmissionToken, submissionDigest, submissionToken } from './submissions.ts';

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
