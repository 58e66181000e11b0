import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readContentFiles } from '../content/content.loader.ts';
import { createSchemes } from './schemes.ts';

const schemes = createSchemes(readContentFiles('content').casework);
const HOUR = 3_600_000;

test('the gravest decision of a report classified per address is the first the scheme lists', () => {
  assert.equal(schemes.gravest('online', ['not-illegal', null, 'csam', 'duplicate']), 'csam');
  assert.equal(schemes.gravest('online', ['duplicate', 'not-reachable']), 'duplicate');
  assert.equal(schemes.gravest('online', [null, 'no-such-decision']), null);
});

test('a new report is due for its first assessment, one being assessed for a decision, a decided one for nothing', () => {
  const received = '2026-12-01T10:00Z';
  const at = Date.parse(received);
  const online = { channel_id: 'online', received_hour: received };
  const first = schemes.deadline({ ...online, workflow_status: 'new' }, at + HOUR);
  assert.deepEqual(first, { kind: 'first-assessment', due: new Date(at + 24 * HOUR).toISOString(), overdue: false });
  assert.equal(schemes.deadline({ ...online, workflow_status: 'new' }, at + 25 * HOUR)?.overdue, true);
  const resolution = schemes.deadline({ ...online, workflow_status: 'assessing' }, at + 25 * HOUR);
  assert.equal(resolution?.kind, 'resolution');
  assert.equal(resolution?.overdue, false);
  assert.equal(schemes.deadline({ ...online, workflow_status: 'closed' }, at + 1000 * HOUR), undefined);
});

test('only what the scheme marks needs a second analyst', () => {
  assert.equal(schemes.decision('online', 'csam')?.confirm, true);
  assert.notEqual(schemes.decision('online', 'not-illegal')?.confirm, true);
  assert.equal(schemes.statusNeedsConfirmation('online', 'no-action', 'assessing'), true);
  assert.equal(schemes.statusNeedsConfirmation('online', 'actioned', 'assessing'), false);
  assert.equal(schemes.statusNeedsConfirmation('online', 'closed', 'actioned'), false);
  assert.equal(schemes.statusNeedsConfirmation('online', 'closed', 'no-action'), false);
  // Closing what nobody decided would skip the confirmation "no action" needs.
  assert.equal(schemes.statusNeedsConfirmation('online', 'closed', 'assessing'), true);
  assert.equal(schemes.statusNeedsConfirmation('online', 'closed', 'new'), true);
});
