// A valid report that cannot be stored (the database fails, or too many reports are already on
// their way to disk) gets no receipt, and comes back to the visitor with everything they typed and
// a translated "send it again in a minute": never a bare error page that loses their words.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { sql } from 'kysely';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities, fieldValue, isChecked, textById } from '../support/html.ts';
import { countReports, fieldsFor, newMarker, postForm, postJson, receiptOnPage } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const TYPED = ['description', 'when', 'where', 'child', 'suspect', 'name', 'email', 'phone'];

/** The reports table out of the way: every insert fails until it is put back. */
async function breakStorage(haven: TestHaven) {
  await sql`ALTER TABLE reports RENAME TO reports_away`.execute(haven.store.db);
  return () => sql`ALTER TABLE reports_away RENAME TO reports`.execute(haven.store.db);
}

function collectLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

test('a report the database refuses comes back whole, with a translated message and no receipt', async (t) => {
  const log = collectLog();
  // One report at a time: a failure that kept its place would refuse every report after it.
  const haven = await testHaven(t, { LOG_LEVEL: 'warn', INTAKE_MAX_PENDING: '1' }, { logStream: log.stream });
  const repair = await breakStorage(haven);
  const markers: string[] = [];
  let lastPage = '';

  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const marker = newMarker();
      markers.push(marker);
      const fields = fieldsFor('child-abuse', marker);
      const response = await postForm(haven.app, `/${locale}/report/child-abuse`, fields);
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['retry-after'], '60');
      assert.throws(() => receiptOnPage(response.body), /no receipt/);
      assert.doesNotMatch(response.body, /reports_away|no such table|relation "|SQLITE/i, 'the page names nothing internal');
      const t9n = translator(catalogue, locale);
      assert.equal(textById(response.body, 'error-summary-title'), t9n('report.unsentTitle'));
      assert.ok(decodeEntities(response.body).includes(t9n('report.unsentIntro')), 'asked to send it again');
      for (const name of TYPED) assert.equal(fieldValue(response.body, name), fields[name], `${name} as typed`);
      assert.ok(isChecked(response.body, 'acknowledgeFalseReports') && isChecked(response.body, 'acknowledgeFinal'), 'ticks kept');
      assert.ok(isChecked(response.body, 'category', 'grooming'), 'choice kept');
      lastPage = response.body;
    });
  }

  await t.test('the API says so in the language asked for, with nothing stored', async () => {
    const marker = newMarker();
    markers.push(marker);
    const response = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', marker) }, { 'accept-language': 'de' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '60');
    assert.deepEqual(response.json(), { errors: [{ field: '', code: 'unavailable', message: translator(catalogue, 'de')('error.unavailable') }] });
  });

  await t.test('the first failure is logged, without the words, and the next ones do not flood the log', () => {
    const failures = log.lines.filter((line) => line.includes('could not be sealed or stored'));
    assert.equal(failures.length, 1, `${LOCALES.length + 1} failures within a minute: one line now, their count a minute later`);
    assert.match(failures[0] ?? '', /no such table|does not exist/, 'the line says what failed');
    for (const marker of markers) assert.ok(!log.lines.some((line) => line.includes(marker)), 'no typed text in the log');
  });

  await t.test('once the database is back, the form as it came back is received', async () => {
    await repair();
    assert.equal(await countReports(haven.store), 0);
    const resent: Record<string, unknown> = Object.fromEntries(TYPED.map((name) => [name, fieldValue(lastPage, name)]));
    for (const name of ['acknowledgeFalseReports', 'acknowledgeFinal']) resent[name] = isChecked(lastPage, name) ? 'yes' : '';
    resent.category = isChecked(lastPage, 'category', 'grooming') ? 'grooming' : '';
    const response = await postForm(haven.app, `/${LOCALES.at(-1)}/report/child-abuse`, resent);
    assert.equal(response.statusCode, 200);
    assert.match(receiptOnPage(response.body), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    assert.equal(await countReports(haven.store), 1);
  });
});

test('past INTAKE_MAX_PENDING a report is answered at once with its form, and the rest are received', async (t) => {
  const haven = await testHaven(t, { INTAKE_MAX_PENDING: '1' });
  const markers = Array.from({ length: 12 }, () => newMarker());
  const responses = await Promise.all(markers.map((m) => postForm(haven.app, '/fr/report/online', fieldsFor('online', m))));

  const received = responses.filter((r) => r.statusCode === 200);
  const refused = responses.map((r, i) => ({ r, marker: markers[i] ?? '' })).filter(({ r }) => r.statusCode === 503);
  assert.equal(received.length + refused.length, markers.length, `statuses: ${responses.map((r) => r.statusCode).join(' ')}`);
  assert.ok(received.length >= 1, 'the first report is received');
  assert.ok(refused.length >= 1, 'reports past the bound are refused');
  for (const { r, marker } of refused) {
    assert.equal(textById(r.body, 'error-summary-title'), translator(catalogue, 'fr')('report.unsentTitle'));
    assert.match(fieldValue(r.body, 'description') ?? '', new RegExp(`MARKER-${marker}`), 'each visitor gets their own words back');
  }
  assert.equal(await countReports(haven.store), received.length, 'a refused report is not stored');

  // The bound counts reports in progress, not reports ever refused: a later one goes through.
  const later = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: fieldsFor('online', newMarker()) });
  assert.equal(later.statusCode, 201);
});
