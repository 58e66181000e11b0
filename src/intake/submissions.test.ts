import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlreadyReceived, createSubmissions, newSubmissionToken, submissionToken } from './submissions.ts';

test('tokens are what forms carry, and nothing else counts as one', () => {
  const token = newSubmissionToken();
  assert.equal(submissionToken(token), token);
  assert.equal(submissionToken([token, 'x']), token);
  for (const other of [undefined, '', 'x', `${token}x`, token.replace(/./, '+'), 42, { token }]) assert.equal(submissionToken(other), undefined);
});

test('memory is bounded: past the limit the oldest token is forgotten, and its report taken again', async () => {
  const submissions = createSubmissions(2);
  let stored = 0;
  const store = async () => ++stored;
  const [a, b, c] = [newSubmissionToken(), newSubmissionToken(), newSubmissionToken()];
  for (const token of [a, b, c]) await submissions.once(token, 'report', store);
  await assert.rejects(submissions.once(c, 'report', store), AlreadyReceived);
  await assert.rejects(submissions.once(b, 'report', store), AlreadyReceived);
  assert.equal(await submissions.once(a, 'report', store), 4, 'the oldest was forgotten');
});
