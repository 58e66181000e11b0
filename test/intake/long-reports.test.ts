// Long reports: every field filled to its limit in a script that takes 9 bytes a character once
// form-encoded still arrives, and text past a field's limit comes back in the form with a message
// saying how much fits, never as a 413 page that loses what the visitor wrote.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { characterLimit, FORM_FIELDS, REPORT_BODY_LIMIT } from '../../src/intake/report-fields.ts';
import { testHaven } from '../support/haven.ts';
import { fieldValue, textById } from '../support/html.ts';
import { fieldsFor, formEncode, newMarker, postForm, postJson, receiptOnPage } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
// One character of a CJK script: 3 bytes of UTF-8, 9 once form-encoded (%E4%B8%AD).
const WIDE = '中';

/** A police report with every free-text field as long as it may be. */
function fullPoliceReport() {
  const fields = fieldsFor('child-abuse', newMarker());
  for (const spec of FORM_FIELDS.police) if (spec.kind === 'text' || spec.kind === 'longtext') fields[spec.name] = WIDE.repeat(spec.max);
  return fields;
}

test('a police report with every field at its limit is received, by form and by API', async (t) => {
  const haven = await testHaven(t);
  const fields = fullPoliceReport();
  assert.ok(formEncode(fields).length > 128 * 1024, 'the form body is over 128 KiB');
  assert.ok(formEncode(fields).length <= REPORT_BODY_LIMIT);

  const form = await postForm(haven.app, '/en/report/child-abuse', fields);
  assert.equal(form.statusCode, 200, form.body.slice(0, 200));
  assert.match(receiptOnPage(form.body), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  const api = await postJson(haven.app, '/api/v1/reports', { channel: 'child-abuse', fields });
  assert.equal(api.statusCode, 201, api.body.slice(0, 200));
});

test('a description past its limit comes back as typed, with how much fits, in each language', async (t) => {
  const haven = await testHaven(t);
  const max = FORM_FIELDS.police.find((f) => f.name === 'description')?.max ?? 0;
  const typed = `${WIDE.repeat(max)}\nand one more line the visitor pasted`;
  for (const locale of LOCALES) {
    const response = await postForm(haven.app, `/${locale}/report/child-abuse`, { ...fieldsFor('child-abuse', newMarker()), description: typed });
    assert.equal(response.statusCode, 400, locale);
    assert.equal(fieldValue(response.body, 'description'), typed, `${locale}: the description is given back whole`);
    const expected = translator(catalogue, locale)('error.description.too-long', { max });
    assert.equal(textById(response.body, 'description-error'), expected, `${locale}: the message at the field`);
    assert.match(expected, /10[,. \u00a0\u202f]?000/, `${locale}: the message says how many characters fit`);
  }

  const api = await postJson(haven.app, '/api/v1/reports', {
    channel: 'child-abuse',
    fields: { ...fieldsFor('child-abuse', newMarker()), description: typed },
  });
  assert.equal(api.statusCode, 400);
  const [error] = (api.json() as { errors: { field: string; code: string; max?: number }[] }).errors;
  assert.deepEqual({ field: error?.field, code: error?.code, max: error?.max }, { field: 'fields.description', code: 'too-long', max });
});

test('a field counts as a browser counts its maxlength: UTF-16 code units, a line end as one', async (t) => {
  const haven = await testHaven(t);
  const max = characterLimit(FORM_FIELDS.online.find((f) => f.name === 'description')!)!;
  // What <textarea maxlength=5000> lets in: 5,000 code units of its value, where a line end is one
  // ("\n") although the form sends it as "\r\n", and 😀 is two.
  const line = '😀 a line\n';
  const lines = line.repeat(Math.floor(max / line.length));
  const text = `${lines}${'x'.repeat(max - lines.length)}`;
  assert.equal(text.length, max);
  const taken = await postForm(haven.app, '/en/report/online', { ...fieldsFor('online', newMarker()), description: text });
  assert.equal(taken.statusCode, 200, 'all the browser lets in is taken');

  const over = await postForm(haven.app, '/en/report/online', { ...fieldsFor('online', newMarker()), description: `${text}x` });
  assert.equal(over.statusCode, 400, 'one more is refused');
  assert.equal(fieldValue(over.body, 'description'), `${text}x`, 'and given back whole');
  assert.equal(textById(over.body, 'description-error'), translator(catalogue, 'en')('error.descriptionOnline.too-long', { max }));
  assert.equal(textById(over.body, 'description-error'), 'The description must be 5,000 characters or fewer');
});
