// INTAKE_MAX_PENDING, step by step: a report in progress holds a place until it is committed or
// has failed; while the places are taken the next report is refused at once ('busy'), stored
// nowhere; a failure frees its place like a success does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPortalContent } from '../../src/content/content.cache.ts';
import { IntakeUnavailable } from '../../src/intake/intake.errors.ts';
import { createIntake } from '../../src/intake/intake.service.ts';
import { createReportPipeline, type ReportPipeline } from '../../src/intake/report-pipeline.ts';
import { testHaven } from '../support/haven.ts';
import { countReports, fieldsFor, newMarker } from '../support/reports.ts';

test('a report holds its place until it is stored or has failed, and the one after it is refused meanwhile', { timeout: 20_000 }, async (t) => {
  const haven = await testHaven(t);
  const content = await loadPortalContent(haven.store);
  const organisations = await haven.store.db.selectFrom('organisations').select(['id', 'public_key']).execute();

  // Storing waits for the test's word, or fails when told to.
  const inThread = createReportPipeline({ store: haven.store, keys: haven.keys, workers: 0 });
  let open: () => void = () => {};
  let next: 'wait' | 'fail' = 'wait';
  const pipeline: ReportPipeline = {
    async store(job) {
      if (next === 'fail') throw new Error('the pipeline broke');
      await new Promise<void>((resolve) => {
        open = resolve;
      });
      return inThread.store(job);
    },
    received: (submission) => inThread.received(submission),
    close: () => inThread.close(),
  };
  const intake = createIntake({
    pipeline,
    channel: content.channel,
    organisationKeys: new Map(organisations.map((o) => [o.id, Buffer.from(o.public_key)])),
    maxPending: 1,
  });
  t.after(() => intake.drain());
  const report = () => fieldsFor('online', newMarker());
  const refusedAs = (reason: string) => (error: unknown) => error instanceof IntakeUnavailable && error.reason === reason;

  const first = intake.submit('online', report());
  await assert.rejects(intake.submit('online', report()), refusedAs('busy'), 'the place is taken');
  await assert.rejects(intake.submit('online', { urls: 'not an address' }), /invalid fields/, 'an invalid report is told so, whatever the load');
  open();
  assert.match((await first).receipt, /^[0-9A-Z]{16}$/);
  assert.equal(await countReports(haven.store), 1, 'the refused report was stored nowhere');

  next = 'fail';
  await assert.rejects(intake.submit('online', report()), refusedAs('failed'));
  next = 'wait';
  const after = intake.submit('online', report());
  await new Promise((resolve) => setImmediate(resolve));
  open();
  assert.match((await after).receipt, /^[0-9A-Z]{16}$/, 'the failure gave its place back');
  assert.equal(await countReports(haven.store), 2);
});
