// Promise 4, "receipts", from the reporter's side: the number shown once leads back to the
// report's status in the reporter's language, survives typing mistakes, is kept only as a keyed
// hash, and guessing is answered neutrally and slowly.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { formatReceipt, newReceipt, parseReceipt, receiptLookupHash } from '../../src/crypto/receipt.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { RECEIPT_INPUT_MAX } from '../../src/tracking/tracking.routes.tsx';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities, fieldValue, htmlLang } from '../support/html.ts';
import { findInFiles, findInPostgres } from '../support/leaks.ts';
import { fieldsFor, fileByApi, fileByForm, newMarker, postForm, postJson } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const messages = Object.fromEntries(LOCALES.map((l) => [l, translator(catalogue, l)]));
const GROUPED = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

type History = { history: { status: string; at: string; label: string }[] };

const lookUpApi = (haven: TestHaven, receipt: string, headers: Record<string, string> = {}) =>
  postJson(haven.app, '/api/v1/reports/status', { receipt }, headers);
const lookUpPage = (haven: TestHaven, receipt: string, locale = 'en', headers: Record<string, string> = {}) =>
  postForm(haven.app, `/${locale}/report/status`, { receipt }, headers);

/** The status entries a page lists, as the visitor reads them. */
const statusLabels = (html: string) =>
  [...html.matchAll(/<ol class="status-list">([\s\S]*?)<\/ol>/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/<strong>([^<]*)<\/strong>/g)].map((s) => s[1]));

test('the receipt is shown grouped, and stored only as a keyed hash', async (t) => {
  const haven = await testHaven(t);
  const fromForm = await fileByForm(haven.app, 'online', fieldsFor('online', newMarker()));
  const fromApi = await fileByApi(haven.app, 'child-abuse', fieldsFor('child-abuse', newMarker()));
  for (const receipt of [fromForm, fromApi]) {
    assert.match(receipt, GROUPED);
    const canonical = parseReceipt(receipt);
    assert.ok(canonical);
    const row = await haven.store.db
      .selectFrom('reports')
      .select('id')
      .where('receipt_hash', '=', receiptLookupHash(haven.keys.receipt, canonical))
      .executeTakeFirst();
    assert.ok(row, 'found by its keyed hash');
  }
  const needles = [fromForm, fromApi, ...[fromForm, fromApi].map((r) => r.replace(/-/g, ''))];
  if (haven.engine === 'postgres') {
    assert.ok(haven.databaseUrl);
    assert.deepEqual(await findInPostgres(haven.databaseUrl, needles), []);
  } else {
    await haven.close();
  }
  assert.deepEqual(findInFiles(haven.dataDir, needles), []);
});

test('a receipt leads to the status history, in the visitor’s language', async (t) => {
  const haven = await testHaven(t);
  const receipt = await fileByApi(haven.app, 'travel', fieldsFor('travel', newMarker()));

  for (const locale of LOCALES) {
    const received = messages[locale]?.('status.value.received');
    const page = await lookUpPage(haven, receipt, locale);
    assert.equal(page.statusCode, 200);
    assert.equal(htmlLang(page.body), locale);
    assert.deepEqual(statusLabels(page.body), [received]);

    const api = await lookUpApi(haven, receipt, { 'accept-language': `${locale};q=1, en;q=0.1` });
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers['cache-control'], 'no-store');
    const { history } = api.json() as History;
    assert.equal(history.length, 1);
    assert.equal(history[0]?.status, 'received');
    assert.equal(history[0]?.label, received);
    if (locale !== 'en') assert.notEqual(history[0]?.label, messages.en?.('status.value.received'), `the ${locale} label is not English`);
    assert.match(history[0]?.at ?? '', /^\d{4}-\d\d-\d\dT\d\d:00Z$/, 'the time of the report is given to the hour only');
  }
});

test('typing mistakes still find the report', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  // A receipt with a 0 and a 1 in it, to type them as O, I and l. About one in six has both, so
  // 150 tries fail to find one about once in 10^11.
  let receipt = '';
  for (let i = 0; i < 150 && !(/0/.test(receipt) && /1/.test(receipt)); i++) {
    receipt = await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  }
  assert.ok(/0/.test(receipt) && /1/.test(receipt), `found a receipt with 0 and 1: ${receipt}`);

  const canonical = receipt.replace(/-/g, '');
  for (const typed of [
    receipt.toLowerCase(),
    canonical,
    canonical.replace(/(.{4})/g, '$1 ').trim(),
    `  ${receipt}  `,
    receipt.replace(/0/g, 'O'),
    receipt.replace(/0/g, 'o'),
    receipt.replace(/1/g, 'I'),
    receipt.replace(/1/g, 'l').toLowerCase(),
    receipt.replace(/-/g, '–'),
  ]) {
    const api = await lookUpApi(haven, typed);
    assert.equal(api.statusCode, 200, `API, typed ${JSON.stringify(typed)}`);
    const page = await lookUpPage(haven, typed);
    assert.equal(page.statusCode, 200, `page, typed ${JSON.stringify(typed)}`);
    assert.deepEqual(statusLabels(page.body), [messages.en?.('status.value.received')]);
  }
});

test('a wrong, a malformed and another server’s number all get the same answer', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const elsewhere = await testHaven(t);
  await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  const foreign = await fileByApi(elsewhere.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  assert.equal((await lookUpApi(elsewhere, foreign)).statusCode, 200, 'the foreign number is real where it was issued');

  const wrong = [
    formatReceipt(newReceipt()),
    foreign,
    'hello',
    '',
    'ABCD-EFGH-JKMN-PQR',
    'UUUU-UUUU-UUUU-UUUU',
    '7KQM-3XH9-P2DW-8RTV-0000',
    '<script>',
    // Longer than any number, however it is typed: wrong like any other, not "malformed".
    `${formatReceipt(newReceipt())} `.repeat(4),
    'X'.repeat(RECEIPT_INPUT_MAX),
  ];
  for (const headers of [{}, { 'accept-language': 'de' }] as Record<string, string>[]) {
    const api = await Promise.all(wrong.map((r) => lookUpApi(haven, r, headers)));
    for (const [i, answer] of api.entries()) {
      assert.equal(answer.statusCode, 404, `API status for ${JSON.stringify(wrong[i])}`);
      assert.equal(answer.body, api[0]?.body, `API body for ${JSON.stringify(wrong[i])}`);
    }
  }
  // Only a body nobody could have typed is refused as such; and a value that is not text at all
  // is not a number either.
  for (const receipt of ['X'.repeat(RECEIPT_INPUT_MAX + 1), { number: formatReceipt(newReceipt()) }]) {
    const answer = await postJson(haven.app, '/api/v1/reports/status', { receipt });
    assert.equal(answer.statusCode, 400, JSON.stringify(receipt).slice(0, 40));
    assert.equal((answer.json() as { errors: { field: string }[] }).errors[0]?.field, 'receipt');
  }
  for (const locale of LOCALES) {
    const pages = await Promise.all(wrong.map((r) => lookUpPage(haven, r, locale)));
    // The page gives back what the visitor typed, so they can correct it; apart from that echo of
    // their own input the answers must be byte for byte the same.
    const withoutEcho = (html: string) => html.replace(/(<input[^>]*name="receipt")\s+value(="[^"]*")?/, '$1 value=""');
    for (const [i, answer] of pages.entries()) {
      assert.equal(answer.statusCode, 404, `${locale} page status for ${JSON.stringify(wrong[i])}`);
      assert.equal(withoutEcho(answer.body), withoutEcho(pages[0]?.body ?? ''), `${locale} page for ${JSON.stringify(wrong[i])}`);
    }
  }
});

test('look-ups are rate limited per visitor', async (t) => {
  const limit = 3;
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: String(limit) });
  const receipt = await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  const from = (address: string) => ({ remoteAddress: address });
  const api = (address: string, headers: Record<string, string> = {}) =>
    haven.app.inject({ method: 'POST', url: '/api/v1/reports/status', payload: { receipt }, headers, ...from(address) });
  const page = (address: string, locale: string, typed = receipt) =>
    haven.app.inject({
      method: 'POST',
      url: `/${locale}/report/status`,
      payload: new URLSearchParams({ receipt: typed }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...from(address),
    });

  await t.test('the one look-up too many gets 429, even with a real number', async () => {
    for (let i = 0; i < limit; i++) assert.equal((await api('192.0.2.1')).statusCode, 200);
    const refused = await api('192.0.2.1');
    assert.equal(refused.statusCode, 429);
    assert.equal((refused.json() as { errors: { code: string }[] }).errors[0]?.code, 'rate-limited');
    assert.ok(!refused.body.includes('received'), 'no status is given away');
  });

  await t.test('a forged X-Forwarded-For does not reset the count', async () => {
    for (let i = 0; i < limit; i++) await api('192.0.2.2');
    assert.equal((await api('192.0.2.2', { 'x-forwarded-for': '198.51.100.9' })).statusCode, 429);
  });

  await t.test('another visitor is not held back', async () => {
    assert.equal((await api('192.0.2.3')).statusCode, 200);
  });

  await t.test('the page says so in the visitor’s language, and keeps what they typed', async () => {
    for (const [i, locale] of LOCALES.entries()) {
      const address = `192.0.2.4${i}`;
      const t = (key: string) => messages[locale]?.(key) ?? key;
      for (let n = 0; n < limit; n++) assert.equal((await page(address, locale)).statusCode, 200);
      const typed = ` ${receipt.toLowerCase()} `;
      const refused = await page(address, locale, typed);
      assert.equal(refused.statusCode, 429, locale);
      assert.equal(htmlLang(refused.body), locale);
      assert.equal(decodeEntities(/<h1[^>]*>([^<]*)<\/h1>/.exec(refused.body)?.[1] ?? ''), t('status.title'), `${locale}: the status page itself`);
      assert.ok(decodeEntities(refused.body).includes(t('status.tooMany')), `${locale}: the status page’s own message`);
      assert.equal(fieldValue(refused.body, 'receipt'), typed.trim(), `${locale}: the number typed is still in the field`);
      assert.deepEqual(statusLabels(refused.body), [], 'no status is given away');
    }
  });

  await t.test('the limit covers every language and the API together', async () => {
    const answers = [];
    for (const locale of [...LOCALES, 'api'] as const) answers.push(locale === 'api' ? await api('192.0.2.5') : await page('192.0.2.5', locale));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [200, 200, 200, 429],
      'switching language or going through the API must not give a visitor more guesses',
    );
  });
});

test('behind one proxy, a forged left-most X-Forwarded-For does not reset the count', async (t) => {
  const limit = 3;
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: String(limit), TRUST_PROXY: '1' });
  const receipt = await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  const proxy = '10.0.0.2';
  // The proxy appends the address it sees to whatever the client sent: the client controls
  // everything left of it.
  const through = (client: string, forged = `198.51.100.${randomInt(1, 255)}`) =>
    haven.app.inject({
      method: 'POST',
      url: '/api/v1/reports/status',
      payload: { receipt },
      headers: { 'x-forwarded-for': `${forged}, ${client}` },
      remoteAddress: proxy,
    });

  await t.test('a new forged address per request is still the same client', async () => {
    const answers = [];
    for (let i = 0; i <= limit; i++) answers.push((await through('203.0.113.7')).statusCode);
    assert.deepEqual(answers, [...Array(limit).fill(200), 429]);
    assert.equal((await through('203.0.113.7', '2001:db8::1')).statusCode, 429);
  });

  await t.test('another client behind the same proxy is counted on its own', async () => {
    assert.equal((await through('203.0.113.8')).statusCode, 200);
  });

  await t.test('an IPv6 client is counted by its /64', async () => {
    for (let i = 0; i < limit; i++) assert.equal((await through(`2001:db8:7:7::${(i + 1).toString(16)}`)).statusCode, 200);
    assert.equal((await through('2001:db8:7:7:dead:beef:0:1')).statusCode, 429, 'another address of the same /64');
    assert.equal((await through('2001:db8:7:8::1')).statusCode, 200, 'the next /64 is someone else');
  });
});
