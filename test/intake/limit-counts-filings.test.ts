// The intake limit counts reports that are filed, nothing else: a form sent back to be corrected,
// or the same form sent again (a reloaded receipt page), costs a visitor none of their allowance.
// A person without JavaScript (no proof of work: the lower allowance) who makes a few mistakes,
// or reloads their receipt page, still gets their report filed and their number shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { countReports, fieldsFor, newMarker, postForm, receiptOnPage } from '../support/reports.ts';

test('mistakes and resends do not use up the allowance for reports without a proof', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '3', INTAKE_REPORTS_WITHOUT_PROOF: '1' });
  const url = '/en/report/online';
  const form = await haven.app.inject({ url });
  const submission = /name="submission" value="([^"]+)"/.exec(form.body)?.[1] ?? assert.fail('no token');
  const fields = { ...fieldsFor('online', newMarker()), submission };

  // Three mistakes first: each comes back to be corrected, none counted.
  for (let i = 0; i < 3; i++) assert.equal((await postForm(haven.app, url, { ...fields, category: '' })).statusCode, 400, `mistake ${i + 1}`);
  const sent = await postForm(haven.app, url, fields);
  assert.equal(sent.statusCode, 200, 'the corrected report is filed, after three mistakes');
  const receipt = receiptOnPage(sent.body);
  // The receipt page reloaded four times: the same number each time, never "too many".
  for (let i = 0; i < 4; i++) {
    const again = await postForm(haven.app, url, fields);
    assert.equal(again.statusCode, 200, `reload ${i + 1}`);
    assert.equal(receiptOnPage(again.body), receipt);
  }
  assert.equal(await countReports(haven.store), 1);
  // A second, different report without a proof is past the allowance of one: held back.
  assert.equal((await postForm(haven.app, url, fieldsFor('online', newMarker()))).statusCode, 429);
});
