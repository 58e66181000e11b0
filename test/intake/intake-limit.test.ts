// Intake is limited per client (INTAKE_REPORTS_PER_CLIENT per INTAKE_WINDOW_MINUTES), across the
// web forms and the API together: one address cannot fill a recipient's queue. A visitor held back
// gets their form back with everything in it, told why in their language; a platform gets 429
// with Retry-After. Nothing of a refused report is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { testHaven } from '../support/haven.ts';
import { decodeEntities, fieldValue } from '../support/html.ts';
import { countReports, fieldsFor, fileByApi, fileByForm, newMarker, postForm, postJson } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);

test('past the intake limit a form comes back intact and translated, the API answers 429, and nothing is stored', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '2', INTAKE_WINDOW_MINUTES: '10' });
  await fileByForm(haven.app, 'online', fieldsFor('online', newMarker()));
  await fileByApi(haven.app, 'online', fieldsFor('online', newMarker()));

  for (const locale of LOCALES) {
    const marker = newMarker();
    const held = await postForm(haven.app, `/${locale}/report/online`, fieldsFor('online', marker));
    assert.equal(held.statusCode, 429, locale);
    assert.ok(Number(held.headers['retry-after']) > 0, 'says when to try again');
    const page = decodeEntities(held.body);
    assert.ok(page.includes(translator(catalogue, locale)('report.tooManyTitle')), `${locale}: told why`);
    assert.ok(fieldValue(held.body, 'contact')?.includes(marker), `${locale}: what was typed is still in the form`);
    assert.ok(page.includes(`MARKER-${marker} description`), `${locale}: the description too`);
  }

  const api = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', newMarker()) }, { 'accept-language': 'de' });
  assert.equal(api.statusCode, 429);
  assert.ok(Number(api.headers['retry-after']) > 0);
  const [error] = (api.json() as { errors: { code: string; message: string }[] }).errors;
  assert.equal(error?.code, 'rate-limited');
  assert.equal(error?.message, translator(catalogue, 'de')('error.rate-limited'));
  assert.equal(await countReports(haven.store), 2);
});

test('another client still reports while one is held back', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '1', TRUST_PROXY: '1' });
  const from = (address: string) => ({ 'x-forwarded-for': address });
  assert.equal(
    (await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', newMarker()) }, from('192.0.2.1'))).statusCode,
    201,
  );
  assert.equal(
    (await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', newMarker()) }, from('192.0.2.1'))).statusCode,
    429,
  );
  assert.equal(
    (await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', newMarker()) }, from('192.0.2.2'))).statusCode,
    201,
  );
});
