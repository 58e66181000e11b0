import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlreadyReceived, createSubmissions, newSubmissionToken, submissionToken } from './submissions.ts';

test('tokens are what forms carry, and nothing else counts as one', () => {
  const token = newSubmissionToken();
  assert.equal(submissionToken(token), token);
  assert.equal(submissionToken([token, 'x']), token);
  for (const other of [undefined, '', 'x', `${token}x`, token.replace(/./, '+'), 42, { token }]) assert.equal(submissionToken(other), undefined);
});

test('memory is bounded: past the limit or after keepMs a token is forgotten, and its report taken again', async () => {
  let clock = 0;
  const submissions = createSubmissions({ limit: 2, keepMs: 1000, now: () => clock });
  let stored = 0;
  const store = async () => ++stored;
  const [a, b, c] = [newSubmissionToken(), newSubmissionToken(), newSubmissionToken()];
  for (const token of [a, b, c]) await submissions.once(token, 'report', store);
  await assert.rejects(submissions.once(c, 'report', store), AlreadyReceived);
  await assert.rejects(submissions.once(b, 'report', store), AlreadyReceived);
  assert.equal(await submissions.once(a, 'report', store), 4, 'the oldest was forgotten');
  clock = 1000;
  assert.equal(await submissions.once(c, 'report', store), 5, 'a day later, it is a new report');
});

test('going back and forth between two versions of a form files each version once', async () => {
  const submissions = createSubmissions();
  const token = newSubmissionToken();
  let stored = 0;
  const store = async () => ++stored;
  assert.equal(await submissions.once(token, 'version A', store), 1);
  assert.equal(await submissions.once(token, 'version B', store), 2);
  await assert.rejects(submissions.once(token, 'version A', store), AlreadyReceived);
});
