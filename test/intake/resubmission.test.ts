// The same form sent twice files one report: a reloaded receipt page, a double click or a
// browser resending must not put a second copy in the recipient's queue or give a second number.
// A form changed and sent again is a new report, and nothing typed is ever turned away unsaved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities, fieldValue, startTags } from '../support/html.ts';
import { countReports, FORM, fieldsFor, newMarker, postForm, receiptOnPage, type ReportFields } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);

/** The hidden fields of a page's form, as a browser would send them. */
function hiddenFields(html: string): Map<string, string> {
  return new Map(
    startTags(html)
      .filter((tag) => tag.name === 'input' && tag.attrs.get('type') === 'hidden')
      .map((tag) => [tag.attrs.get('name') ?? '', decodeEntities(tag.attrs.get('value') ?? '')]),
  );
}

/** The form as served to a visitor: its one-time submission token. */
async function openForm(haven: TestHaven, url: string): Promise<string> {
  const response = await haven.app.inject({ url });
  assert.equal(response.statusCode, 200);
  const token = fieldValue(response.body, 'submission');
  assert.ok(token, 'the form carries a submission token');
  return token;
}

function send(haven: TestHaven, url: string, fields: ReportFields, submission: string) {
  return postForm(haven.app, url, { ...fields, submission });
}

test('the same form sent again is received once, and says so in the visitor’s language', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const url = `/${locale}/report/child-abuse`;
      const fields = fieldsFor('child-abuse', newMarker());
      const submission = await openForm(haven, url);
      const before = await countReports(haven.store);

      const first = await send(haven, url, fields, submission);
      assert.equal(first.statusCode, 200);
      receiptOnPage(first.body);

      // The receipt page reloaded: the browser sends the same form again.
      const again = await send(haven, url, fields, submission);
      assert.equal(again.statusCode, 409);
      assert.throws(() => receiptOnPage(again.body), /no receipt/, 'no second number');
      const t9n = translator(catalogue, locale);
      assert.equal(decodeEntities(/<h1>([^<]*)<\/h1>/.exec(again.body)?.[1] ?? ''), t9n('receipt.alreadyTitle'));
      assert.ok(decodeEntities(again.body).includes(t9n('receipt.alreadyKeep')), 'told why the number is not shown');
      assert.equal(await countReports(haven.store), before + 1, 'one report in the queue');

      // A visitor who never saw the number (the first answer was lost) can send it as a new report.
      const carried = hiddenFields(again.body);
      assert.notEqual(carried.get('submission'), submission, 'a new token');
      for (const [name, value] of Object.entries(fields)) assert.equal(carried.get(name), value === true ? 'yes' : value, `${name} carried as typed`);
      const resent = await haven.app.inject({ method: 'POST', url, payload: new URLSearchParams([...carried]).toString(), headers: FORM });
      assert.equal(resent.statusCode, 200);
      assert.notEqual(receiptOnPage(resent.body), receiptOnPage(first.body), 'a number of its own');
      assert.equal(await countReports(haven.store), before + 2);
    });
  }
});

test('two sends of one form at the same moment (a double click) file one report, and both answers show its number', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const fields = fieldsFor('online', newMarker());
  const submission = await openForm(haven, url);
  // The browser shows only the answer to the second send: it must carry the number too.
  const answers = await Promise.all([send(haven, url, fields, submission), send(haven, url, fields, submission)]);
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    [200, 200],
  );
  assert.equal(receiptOnPage(answers[1]?.body ?? ''), receiptOnPage(answers[0]?.body ?? ''));
  assert.equal(await countReports(haven.store), 1);
});

test('a form changed after going back and sent again is a new report', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const submission = await openForm(haven, url);
  const first = await send(haven, url, fieldsFor('online', newMarker()), submission);
  const changed = await send(haven, url, fieldsFor('online', newMarker()), submission);
  assert.equal(first.statusCode, 200);
  assert.equal(changed.statusCode, 200, 'what the visitor changed is not turned away');
  assert.notEqual(receiptOnPage(changed.body), receiptOnPage(first.body));
  assert.equal(await countReports(haven.store), 2);
});

test('a form sent back with errors, or because it could not be saved, keeps its token: the report it finally files is filed once', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const fields = fieldsFor('online', newMarker());
  const submission = await openForm(haven, url);

  const wrong = await send(haven, url, { ...fields, urls: ['not an address'] }, submission);
  assert.equal(wrong.statusCode, 400);
  assert.equal(fieldValue(wrong.body, 'submission'), submission);

  await sql`ALTER TABLE reports RENAME TO reports_away`.execute(haven.store.db);
  const unsaved = await send(haven, url, fields, submission);
  await sql`ALTER TABLE reports_away RENAME TO reports`.execute(haven.store.db);
  assert.equal(unsaved.statusCode, 503);
  assert.equal(fieldValue(unsaved.body, 'submission'), submission, 'sent again, it is the same submission');

  const received = await send(haven, url, fields, submission);
  assert.equal(received.statusCode, 200, 'a submission that was not saved is taken when sent again');
  assert.equal((await send(haven, url, fields, submission)).statusCode, 409);
  assert.equal(await countReports(haven.store), 1);
});

test('a form without a token (a page from before, a hand-made post) is received as before', async (t) => {
  const haven = await testHaven(t);
  const fields = fieldsFor('online', newMarker());
  for (const submission of [undefined, 'not-a-token']) {
    const response = await postForm(haven.app, '/en/report/online', submission ? { ...fields, submission } : fields);
    assert.equal(response.statusCode, 200);
  }
  assert.equal(await countReports(haven.store), 2);
});
