// "Nothing answers 5xx for bad input", and a refused request leaves nothing behind. Garbage of
// every shape goes to every route that takes input: random bytes, broken and hostile JSON, forms
// with absurd fields and addresses, wrong or missing content types, bodies over the limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BODY_LIMIT } from '../../src/app.tsx';
import { FORM_FIELDS, REPORT_BODY_LIMIT } from '../../src/intake/report-fields.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { countReports, FORM, fieldsFor, formEncode, newMarker, receiptOnPage } from '../support/reports.ts';

const SUBMIT_ROUTES = ['/en/report/online', '/en/report/child-abuse', '/en/report/travel', '/api/v1/reports'];
const ROUTES = [...SUBMIT_ROUTES, '/api/v1/reports/status', '/en/report/status'];
const NUM_RUNS = 150;

const ABSURD_URLS = [
  `https://example.org/${'a'.repeat(50_000)}`,
  `https://${'a'.repeat(300)}.example/`,
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'ftp://example.org/x',
  'https://пример.рф/путь?q=ü',
  'https://xn--e1afmkfd.xn--p1ai/',
  'http://[::1]/',
  'http://[::1',
  'http://[fe80::1%25eth0]/',
  'http://256.256.256.256/',
  'http://0x7f.1/',
  'https://%zz%ff.example/',
  'https://example.org/%',
  'https://exa mple.com/',
  'https://a..b/',
  'https://./',
  '//example.org/x',
  'https://user:pass@example.org:99999/',
  'https://example.org\u0000/x',
  'https://\u202eexample.org/',
  'https://example.org/\ud800',
  '\u0000',
  ' ',
  '\r\n\r\n',
];

const fieldNames = [
  ...new Set(Object.values(FORM_FIELDS).flatMap((f) => f.map((s) => s.name))),
  'receipt',
  'channel',
  'fields',
  'constructor',
  '__proto__',
  'toString',
];
const channelIds = ['online', 'child-abuse', 'travel', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'x'.repeat(65)];

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom(...ABSURD_URLS), fc.webUrl());
const value: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.array(fc.oneof(fc.constantFrom(...ABSURD_URLS), fc.webUrl(), fc.string()), { maxLength: 25 }),
  fc.constantFrom(...ABSURD_URLS).map((u) => [u]),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const fields = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string()), value, { maxKeys: 15 });

const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-16',
    'text/plain',
    'multipart/form-data; boundary=----x',
    'application/xml',
    'application/octet-stream',
    undefined,
  ),
  fc.stringMatching(/^[ -~]{0,60}$/),
);

function deepJson(depth: number): string {
  return `{"channel":"online","fields":{"urls":${'['.repeat(depth)}${']'.repeat(depth)},"category":"images"}}`;
}

const rawBodies = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 3000 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 60_000 }).map(deepJson),
  fc.integer({ min: 1, max: 60_000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 120_000, max: 140_000 }).map((n) => `description=${'x'.repeat(n)}`),
  fc.constant(`${Array.from({ length: 10_000 }, (_, i) => `f${i}=${i}`).join('&')}&urls=https://example.org/a&category=images`),
  fc.constant('{"__proto__":{"polluted":true},"channel":"online","fields":{}}'),
  fc.constant('{"constructor":{"prototype":{"polluted":true}},"channel":"online","fields":{}}'),
  fc.string({ unit: fc.constantFrom('%', 'z', 'F', 'f', '0', '=', '&', '+', 'é', '\u0000'), maxLength: 500 }),
  fields.map((f) => JSON.stringify(f)),
);

async function expectHarmless(
  haven: TestHaven,
  route: string,
  headers: Record<string, string | undefined>,
  payload: string | Buffer | undefined,
): Promise<void> {
  const before = await countReports(haven.store);
  const response = await haven.app.inject({ method: 'POST', url: route, headers, ...(payload === undefined ? {} : { payload }) });
  const after = await countReports(haven.store);
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  const what = `${route} ${headers['content-type'] ?? '(no type)'} ${String(payload).slice(0, 120)}`;
  assert.ok(response.statusCode < 500, `${response.statusCode} for ${what}: ${response.body.slice(0, 300)}`);
  // Refused: nothing stored. Accepted: one report, never two.
  assert.equal(after - before, ok && SUBMIT_ROUTES.includes(route) ? 1 : 0, `reports stored by a ${response.statusCode} answer to ${what}`);
}

test('garbage never gets a 5xx, and a refused request stores nothing', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '10000' });

  await t.test('raw bodies with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        contentTypes,
        rawBodies,
        fc.option(fc.stringMatching(/^[ -~]{0,40}$/)),
        async (route, type, body, language) =>
          expectHarmless(haven, route, { 'content-type': type, ...(language === null ? {} : { 'accept-language': language }) }, body),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  await t.test('report-shaped JSON with hostile fields', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SUBMIT_ROUTES), fc.oneof(fc.constantFrom(...channelIds), fc.string()), fields, async (route, channel, f) =>
        expectHarmless(haven, route, { 'content-type': 'application/json' }, JSON.stringify(route.startsWith('/api/') ? { channel, fields: f } : f)),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  await t.test('forms with hostile fields and addresses', async () => {
    const form = fc.dictionary(
      fc.oneof(fc.constantFrom(...fieldNames), fc.string()),
      fc.oneof(
        text,
        fc.array(fc.constantFrom(...ABSURD_URLS), { maxLength: 25 }).map((a) => a.join('\r\n')),
      ),
      { maxKeys: 15 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), form, async (route, f) =>
        expectHarmless(haven, route, FORM, new URLSearchParams(f as Record<string, string>).toString()),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  await t.test('status look-ups with anything as the number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(value, fc.string({ maxLength: 100 })), async (receipt) => {
        await expectHarmless(haven, '/api/v1/reports/status', { 'content-type': 'application/json' }, JSON.stringify({ receipt }));
        await expectHarmless(
          haven,
          '/de/report/status',
          FORM,
          new URLSearchParams({ receipt: typeof receipt === 'string' ? receipt : JSON.stringify(receipt) }).toString(),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  await t.test('any path, any method', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'en',
        'fr',
        'de',
        'xx',
        'report',
        'status',
        'online',
        'api',
        'v1',
        'reports',
        'assets',
        '..',
        '.',
        '',
        '%',
        '%zz',
        '%00',
        '%c3%28',
        '%ff',
        '*',
        'x'.repeat(300),
      ),
      fc.stringMatching(/^[!$&'()*+,;=:@a-zA-Z0-9._~-]{0,20}$/),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'),
        fc.array(segment, { maxLength: 6 }),
        fc.stringMatching(/^[ -~]{0,40}$/),
        async (method, segments, query) => {
          const url = `/${segments.join('/')}?${encodeURIComponent(query)}`;
          const response = await haven.app.inject({ method: method as 'GET', url });
          assert.ok(response.statusCode < 500, `${response.statusCode} for ${method} ${url}`);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

test('bad requests get the answer that says what is wrong', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '10000' });
  const post = (url: string, headers: Record<string, string>, payload: string) => haven.app.inject({ method: 'POST', url, headers, payload });
  type Errors = { errors: { field: string; code: string; message?: string }[] };

  await t.test('a body over the limit is 413, on every route', async () => {
    for (const route of ROUTES) {
      const big = `description=${'x'.repeat((SUBMIT_ROUTES.includes(route) ? REPORT_BODY_LIMIT : BODY_LIMIT) + 1)}`;
      const response = await post(
        route,
        route.startsWith('/api/') ? { 'content-type': 'application/json' } : FORM,
        route.startsWith('/api/') ? JSON.stringify({ receipt: big }) : big,
      );
      assert.equal(response.statusCode, 413, route);
      if (route.startsWith('/api/')) assert.equal((response.json() as Errors).errors[0]?.code, 'too-large');
      else assert.match(String(response.headers['content-type']), /^text\/html/);
    }
  });

  await t.test('malformed JSON is 400 with a JSON list of errors', async () => {
    for (const body of ['{', '{"channel": "online", "fields": {', '[]', '"text"', 'null', '{"channel": 1, "fields": []}', '{"__proto__": {"x": 1}}']) {
      const response = await post('/api/v1/reports', { 'content-type': 'application/json' }, body);
      assert.equal(response.statusCode, 400, body);
      const { errors } = response.json() as Errors;
      assert.ok(Array.isArray(errors) && errors.length > 0, body);
      for (const e of errors) assert.equal(typeof e.code, 'string');
    }
  });

  await t.test('a content type we do not read is 415', async () => {
    for (const type of ['multipart/form-data; boundary=----x', 'application/xml', 'application/octet-stream']) {
      for (const route of ROUTES) {
        const response = await post(route, { 'content-type': type }, '------x--');
        assert.equal(response.statusCode, 415, `${type} to ${route}`);
      }
    }
  });

  await t.test('a text/plain body is 415, not read as an empty report', async () => {
    for (const route of ROUTES) assert.equal((await post(route, { 'content-type': 'text/plain' }, 'channel=online')).statusCode, 415, route);
  });

  await t.test('a form with 10,000 fields is read: the fields it does not know are left out', async () => {
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field${i}`, String(i)]));
    const payload = formEncode({ ...many, ...fieldsFor('online', newMarker()) });
    assert.ok(payload.length < REPORT_BODY_LIMIT, 'the body is within the limit, so it is parsed');
    const response = await post('/en/report/online', FORM, payload);
    assert.equal(response.statusCode, 200, 'the report is received');
    assert.match(receiptOnPage(response.body), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  await t.test('deeply nested JSON is refused or read, not a server error', async () => {
    for (const depth of [1000, 10_000, 60_000]) {
      const response = await post('/api/v1/reports', { 'content-type': 'application/json' }, deepJson(depth));
      assert.ok(response.statusCode < 500, `depth ${depth}: ${response.statusCode}`);
    }
  });
});
