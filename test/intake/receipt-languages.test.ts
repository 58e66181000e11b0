// The receipt page's language switch keeps the number on the screen: its buttons post the number
// to the receipt page in the other language (a link would leave for an empty form). Nothing is
// looked up or stored, and a post from another site is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { startTags } from '../support/html.ts';
import { FORM, fieldsFor, newMarker, postForm, receiptOnPage } from '../support/reports.ts';

test('switching language on the receipt page shows the same number in that language', async (t) => {
  const haven = await testHaven(t);
  const sent = await postForm(haven.app, '/en/report/online', fieldsFor('online', newMarker()));
  const receipt = receiptOnPage(sent.body);
  const buttons = startTags(sent.body).filter((tag) => tag.name === 'button' && tag.attrs.get('name') === 'switch-language');
  assert.deepEqual(
    buttons.map((b) => b.attrs.get('formaction')),
    ['/en/report/online/receipt', '/fr/report/online/receipt', '/de/report/online/receipt'],
  );
  assert.ok(!startTags(sent.body).some((tag) => tag.name === 'a' && tag.attrs.get('hreflang') === 'fr'), 'no link that would leave the number behind');

  const post = (url: string, headers: Record<string, string> = {}) =>
    haven.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams({ receipt, 'switch-language': 'fr' }).toString() });
  const french = await post('/fr/report/online/receipt', { 'sec-fetch-site': 'same-origin' });
  assert.equal(french.statusCode, 200);
  assert.match(french.body, /<html lang="fr"/);
  assert.equal(receiptOnPage(french.body), receipt);
  assert.equal((await post('/fr/report/online/receipt', { 'sec-fetch-site': 'cross-site' })).statusCode, 400, 'not from another site');
  const wrong = await haven.app.inject({ method: 'POST', url: '/de/report/online/receipt', headers: FORM, payload: 'receipt=not-a-number' });
  assert.equal(wrong.statusCode, 400);
  assert.throws(() => receiptOnPage(wrong.body));
});

test('the already-received page switches language to the form with the words kept', async (t) => {
  const haven = await testHaven(t);
  const marker = newMarker();
  const form = await haven.app.inject({ url: '/en/report/online' });
  const submission = /name="submission" value="([^"]+)"/.exec(form.body)?.[1] ?? assert.fail('no token');
  await postForm(haven.app, '/en/report/online', { ...fieldsFor('online', marker), submission });
  // The number is no longer kept (aged by hand, as an hour or two would).
  await haven.store.db.updateTable('report_submissions').set({ sealed_receipt: null }).execute();
  const already = await postForm(haven.app, '/en/report/online', { ...fieldsFor('online', marker), submission });
  assert.equal(already.statusCode, 409);
  const german = startTags(already.body).find((tag) => tag.name === 'button' && tag.attrs.get('value') === 'de');
  assert.equal(german?.attrs.get('formaction'), '/de/report/online');
  assert.equal(german?.attrs.get('form'), 'send-again', 'a button of the form that carries the words');
});

test('a language switch posted from another site gets an empty form, not one filled with its words', async (t) => {
  const haven = await testHaven(t);
  const marker = newMarker();
  const post = (site: string) =>
    haven.app.inject({
      method: 'POST',
      url: '/fr/report/online',
      headers: { ...FORM, 'sec-fetch-site': site },
      payload: new URLSearchParams({ description: `MARKER-${marker}`, 'switch-language': 'fr' }).toString(),
    });
  assert.ok((await post('same-origin')).body.includes(`MARKER-${marker}`), 'this site’s own switch keeps the words');
  const foreign = await post('cross-site');
  assert.equal(foreign.statusCode, 200);
  assert.ok(!foreign.body.includes(`MARKER-${marker}`));
});
