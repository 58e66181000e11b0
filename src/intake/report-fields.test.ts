// The one validation both the forms and the API use: what each channel requires, how typed text
// is kept (exactly, apart from surrounding space, line ends and Unicode form), which addresses
// are accepted, and how an address is normalised for spotting duplicates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Channel, FormKind } from '../content/content.schema.ts';
import { checkUrl, MAX_URLS, normaliseUrl, textOf, urlsOf, validateReport } from './report-fields.ts';

const text = { en: 'x', fr: 'x', de: 'x' };
function channel(form: FormKind, identity: Channel['identity']): Channel {
  return {
    id: form,
    kind: 'hosted',
    recipient: 'org',
    form,
    identity,
    title: text,
    summary: text,
    categories: [
      { id: 'a', label: text },
      { id: 'b', label: text },
    ],
  };
}
const police = channel('police', 'required');
const travel = channel('travel', 'required');
const online = channel('online', 'optional');

const policeFields = {
  category: 'a',
  description: 'What happened',
  name: 'A Name',
  email: 'a@example.org',
  acknowledgeFalseReports: 'yes',
  acknowledgeFinal: 'on',
};

function codes(result: ReturnType<typeof validateReport>): string[] {
  return 'errors' in result ? result.errors.map((e) => `${e.field}:${e.code}${e.index === undefined ? '' : `@${e.index}`}`) : [];
}

function sealed(result: ReturnType<typeof validateReport>) {
  assert.ok('report' in result, `invalid: ${codes(result).join(', ')}`);
  return result.report;
}

test('a valid police report seals what was typed and keeps only the category in clear', () => {
  const report = sealed(
    validateReport(police, { ...policeFields, when: '  yesterday \r\n evening ', phone: '+352 621 000 000', ip: '203.0.113.1', extra: 'x' }),
  );
  assert.equal(report.category, 'a');
  assert.equal(report.country, null);
  assert.deepEqual(report.urls, []);
  assert.deepEqual(report.sealed, {
    category: 'a',
    description: 'What happened',
    when: 'yesterday \n evening',
    name: 'A Name',
    email: 'a@example.org',
    phone: '+352 621 000 000',
    acknowledgeFalseReports: true,
    acknowledgeFinal: true,
  });
});

test('text is kept as typed, apart from surrounding space, line ends and Unicode form', () => {
  assert.equal(textOf('  e\u0301t\u00e9\r\nsecond\rthird  '), '\u00e9t\u00e9\nsecond\nthird');
  assert.equal(textOf(['first', 'second']), 'first', 'a field sent twice counts once');
  assert.equal(textOf(42), '42');
  assert.equal(textOf({ toString: () => 'x' }), '');
  assert.equal(textOf(null), '');
  assert.equal(textOf(undefined), '');
});

test('police and travel reports need a name, a contact and both acknowledgements', () => {
  for (const ch of [police, travel]) {
    const base = ch.form === 'travel' ? { ...policeFields, country: 'LU', place: 'Somewhere' } : policeFields;
    assert.deepEqual(codes(validateReport(ch, base)), []);
    assert.deepEqual(codes(validateReport(ch, { ...base, name: ' ' })), ['name:required']);
    assert.deepEqual(codes(validateReport(ch, { ...base, email: '' })), ['email:contact-required']);
    assert.deepEqual(codes(validateReport(ch, { ...base, email: '', phone: '+352 621 000 000' })), []);
    assert.deepEqual(codes(validateReport(ch, { ...base, email: 'nope' })), ['email:invalid-email']);
    assert.deepEqual(codes(validateReport(ch, { ...base, phone: '12' })), ['phone:invalid-phone']);
    assert.deepEqual(codes(validateReport(ch, { ...base, phone: '+352 ----' })), ['phone:invalid-phone'], 'a phone number has digits');
    for (const no of [undefined, '', 'no', 'false', false, '0']) {
      assert.deepEqual(codes(validateReport(ch, { ...base, acknowledgeFinal: no })), ['acknowledgeFinal:must-accept'], JSON.stringify(no));
    }
    for (const yes of ['yes', 'on', 'true', true])
      assert.deepEqual(codes(validateReport(ch, { ...base, acknowledgeFalseReports: yes })), [], JSON.stringify(yes));
    assert.deepEqual(codes(validateReport(ch, { ...base, category: 'c' })), ['category:invalid-choice']);
    assert.deepEqual(codes(validateReport(ch, { ...base, description: 'x'.repeat(10_001) })), ['description:too-long']);
    assert.deepEqual(codes(validateReport(ch, { ...base, description: 'x'.repeat(10_000) })), []);
    assert.deepEqual(codes(validateReport(ch, { ...base, name: 'x'.repeat(201) })), ['name:too-long']);
  }
});

test('a value of the wrong type is refused at its field, not cut down or dropped', () => {
  const base = { ...policeFields };
  assert.deepEqual(codes(validateReport(police, { ...base, description: ['first line', 'second line'] })), ['description:malformed']);
  assert.deepEqual(codes(validateReport(police, { ...base, description: { text: 'x' } })), ['description:malformed']);
  assert.deepEqual(codes(validateReport(police, { ...base, when: true })), ['when:malformed']);
  assert.deepEqual(codes(validateReport(police, { ...base, acknowledgeFinal: ['yes', 'no'] })), ['acknowledgeFinal:malformed']);
  assert.deepEqual(codes(validateReport(online, { urls: ['https://example.org/a', 42], category: 'b' })), ['urls:malformed']);
  assert.deepEqual(codes(validateReport(online, { urls: ['https://example.org/a'], category: 'b', description: null })), [], 'null is no value');
  assert.deepEqual(codes(validateReport(police, { ...base, phone: 352621000000 })), [], 'a number is text');
});

test('travel reports need a country from the list and a place', () => {
  const base = { ...policeFields, country: 'th', place: 'A beach' };
  const report = sealed(validateReport(travel, base));
  assert.equal(report.country, 'TH', 'the country code is kept in clear, for statistics');
  assert.equal(report.sealed.country, 'TH');
  assert.deepEqual(codes(validateReport(travel, { ...base, country: '' })), ['country:required']);
  assert.deepEqual(codes(validateReport(travel, { ...base, country: 'XX' })), ['country:invalid-country']);
  assert.deepEqual(codes(validateReport(travel, { ...base, place: '' })), ['place:required']);
});

test('online reports take 1 to 20 web addresses and may be anonymous', () => {
  const lines = 'https://example.org/a\r\n\r\n  example.net/b  \nhttp://[2001:db8::1]/c';
  const report = sealed(validateReport(online, { urls: lines, category: 'b' }));
  assert.deepEqual(report.urls, ['https://example.org/a', 'example.net/b', 'http://[2001:db8::1]/c']);
  assert.deepEqual(report.sealed, { urls: report.urls, category: 'b' });

  const many = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`);
  assert.deepEqual(codes(validateReport(online, { urls: many(MAX_URLS), category: 'b' })), []);
  assert.deepEqual(codes(validateReport(online, { urls: many(MAX_URLS + 1), category: 'b' })), ['urls:too-many-urls']);
  assert.deepEqual(codes(validateReport(online, { urls: '\n \n', category: 'b' })), ['urls:required']);
  assert.deepEqual(codes(validateReport(online, { urls: ['https://example.org/', 'ftp://example.org/'], category: 'b' })), ['urls:url-scheme@1']);
  assert.deepEqual(codes(validateReport(online, { urls: many(1), category: 'b', contact: 'a@example.org' })), []);
  assert.deepEqual(codes(validateReport(online, { urls: many(1), category: 'b', contact: '+352 621 000 000' })), []);
  assert.deepEqual(codes(validateReport(online, { urls: many(1), category: 'b', contact: 'tomorrow' })), ['contact:invalid-contact']);
  assert.deepEqual(urlsOf(['a', 42, null, 'b\nc']), ['a', 'b', 'c']);
});

test('only http and https addresses with a real host are accepted, never fetched', () => {
  const accepted = [
    'https://example.org/',
    'http://example.org/a?b#c',
    'example.org/path',
    'https://пример.рф/',
    'http://[::1]/',
    'https://sub.example.co.uk:8443/x',
  ];
  for (const url of accepted) assert.equal(checkUrl(url), undefined, url);
  const refused: [string, string][] = [
    ['javascript:alert(1)', 'url-scheme'],
    ['data:text/html,hi', 'url-scheme'],
    ['ftp://example.org/', 'url-scheme'],
    ['file:///etc/passwd', 'url-scheme'],
    ['https://localhost/', 'url-invalid'],
    ['http://[::1', 'url-invalid'],
    ['https://exa mple.org/', 'url-invalid'],
    ['https://%zz.example/', 'url-invalid'],
    [`https://example.org/${'a'.repeat(2048)}`, 'url-too-long'],
  ];
  for (const [url, code] of refused) assert.equal(checkUrl(url), code, url);
});

test('the same address written differently normalises to one form', () => {
  const same = ['HTTPS://Example.ORG/Path?q=1#frag', 'https://example.org./Path?q=1', 'https://user:pw@example.org:443/Path?q=1', 'example.org/Path?q=1'];
  for (const url of same) assert.equal(normaliseUrl(url), 'https://example.org/Path?q=1', url);
  assert.notEqual(normaliseUrl('https://example.org/path'), normaliseUrl('https://example.org/Path'), 'paths are case-sensitive');
  assert.notEqual(normaliseUrl('https://example.org/?a=1'), normaliseUrl('https://example.org/?a=2'));
  assert.equal(normaliseUrl('https://ПРИМЕР.рф/x'), 'https://xn--e1afmkfd.xn--p1ai/x');
  assert.equal(normaliseUrl('http://example.org:80/'), 'http://example.org/');
});
