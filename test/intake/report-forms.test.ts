// The report forms as a visitor meets them: a mistake never loses what they typed, each wrong
// field says what to fix in their language, and each channel asks for what its recipient needs
// (police: who you are and two acknowledgements; travel: where; hotline: 1–20 web addresses).
// The same rules hold for the JSON API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { characterLimit, FORM_FIELDS, MAX_URLS } from '../../src/intake/report-fields.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { controls, decodeEntities, fieldValue, htmlLang, isChecked, selectedOption, startTags, textById } from '../support/html.ts';
import { CHANNELS, type ChannelId, fieldsFor, newMarker, postForm, postJson, type ReportFields } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const messages = Object.fromEntries(LOCALES.map((l) => [l, translator(catalogue, l)])) as Record<Locale, ReturnType<typeof translator>>;
const translated = (locale: Locale, key: string, values?: Record<string, number>) => messages[locale](key, values);

type Errors = { errors: { field: string; code: string; index?: number; message: string }[] };

async function apiErrors(haven: TestHaven, channel: string, fields: ReportFields, language = 'en') {
  const response = await postJson(haven.app, '/api/v1/reports', { channel, fields }, { 'accept-language': language });
  if (response.statusCode === 201) return 'accepted';
  assert.equal(response.statusCode, 400, response.body);
  return (response.json() as Errors).errors.map((e) => `${e.field}:${e.code}${e.index === undefined ? '' : `@${e.index}`}`);
}

const FORM_OF = { 'child-abuse': 'police', travel: 'travel', online: 'online' } as const;

/** The error summary's links: where each goes and what it says. */
function summaryLinks(html: string): { href: string; text: string }[] {
  const start = html.indexOf('data-error-summary');
  assert.ok(start > 0, 'the page has an error summary');
  const summary = html.slice(start, html.indexOf('</div>', start));
  return [...summary.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: decodeEntities(m[1] ?? ''), text: decodeEntities(m[2] ?? '') }));
}

function without(fields: ReportFields, ...names: string[]): ReportFields {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !names.includes(k)));
}

test('a police form with mistakes comes back as typed, with a message at each wrong field', async (t) => {
  const haven = await testHaven(t);
  const typed = {
    category: 'sexual-abuse',
    description: 'First line <b>bold?</b>\r\nSecond line with "quotes" & ampersand\r\n\r\nAfter a blank line',
    when: 'Last summer, 2 weeks',
    where: 'Near the <station>',
    child: 'A girl, about 12',
    suspect: "Her neighbour's friend",
    name: '',
    email: 'not-an-email',
    phone: '12',
    acknowledgeFalseReports: true,
  };
  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const response = await postForm(haven.app, `/${locale}/report/child-abuse`, typed);
      assert.equal(response.statusCode, 400);
      const html = response.body;
      assert.equal(htmlLang(html), locale);

      assert.equal(fieldValue(html, 'description'), typed.description.replace(/\r\n/g, '\n'));
      for (const name of ['when', 'where', 'child', 'suspect', 'email', 'phone'] as const) assert.equal(fieldValue(html, name), typed[name], name);
      assert.ok(isChecked(html, 'category', 'sexual-abuse'), 'the chosen category stays chosen');
      assert.ok(isChecked(html, 'acknowledgeFalseReports'), 'a ticked box stays ticked');
      assert.ok(!isChecked(html, 'acknowledgeFinal'), 'an unticked box stays unticked');

      const expected: Record<string, string> = {
        name: translated(locale, 'error.name.required'),
        email: translated(locale, 'error.email.invalid-email'),
        phone: translated(locale, 'error.phone.invalid-phone'),
        acknowledgeFinal: translated(locale, 'error.acknowledgeFinal.must-accept'),
      };
      for (const [field, message] of Object.entries(expected)) {
        assert.equal(textById(html, `${field}-error`), message, `message at ${field}`);
        assert.equal(controls(html, field)[0]?.attrs.get('aria-invalid'), 'true', `${field} is marked invalid`);
        assert.ok(
          startTags(html).some((tag) => tag.name === 'a' && tag.attrs.get('href') === `#${field}`),
          `the summary links to ${field}`,
        );
      }
      for (const field of ['description', 'when', 'where', 'category', 'acknowledgeFalseReports'])
        assert.equal(textById(html, `${field}-error`), undefined, `no message at ${field}`);
    });
  }

  // A French or German visitor must not be told what to fix in English, whether the page or the
  // catalogue falls back to the English message.
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    await t.test(`${locale} messages are not the English ones`, async () => {
      const html = (await postForm(haven.app, `/${locale}/report/child-abuse`, typed)).body;
      const english = (await postForm(haven.app, '/en/report/child-abuse', typed)).body;
      for (const field of ['name', 'email', 'phone', 'acknowledgeFinal']) {
        const message = textById(html, `${field}-error`);
        assert.ok(message, `${locale}: no message at ${field}`);
        assert.notEqual(message, textById(english, `${field}-error`), `${locale}: the message at ${field} is the English one`);
      }
    });
  }
});

test('every typed field says its limit beside it before anything is sent, and no maxlength cuts a paste', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    const number = new Intl.NumberFormat(locale);
    for (const channel of CHANNELS) {
      const html = (await haven.app.inject({ url: `/${locale}/report/${channel}` })).body;
      const specs = FORM_FIELDS[FORM_OF[channel]];
      const limited = specs.filter((f) => characterLimit(f) !== undefined).map((f) => f.name);
      // Every control a visitor types into, but the web addresses (limited per line and in number,
      // which their hint says), and every field with a limit, are the same list.
      const typed = startTags(html)
        .filter((tag) => tag.name === 'textarea' || (tag.name === 'input' && ['text', 'email', 'tel'].includes(tag.attrs.get('type') ?? 'text')))
        .map((tag) => tag.attrs.get('name') ?? '')
        .filter((name) => name !== 'urls');
      assert.deepEqual(typed.sort(), [...limited].sort(), `${locale} ${channel}: the typed fields are the limited ones`);
      for (const name of limited) {
        const max = characterLimit(specs.find((f) => f.name === name)!)!;
        const [control] = controls(html, name);
        // A browser cuts a paste at maxlength without a word: the end of what was pasted would be lost.
        assert.equal(control?.attrs.get('maxlength'), undefined, `${locale} ${channel}: ${name} has no maxlength`);
        assert.ok(control?.attrs.get('aria-describedby')?.split(' ').includes(`${name}-limit`), `${locale} ${channel}: ${name} is described by its limit`);
        const text = textById(html, `${name}-limit`);
        assert.equal(text, translated(locale, 'field.limit', { max }), `${locale} ${channel}: ${name} states its limit`);
        assert.ok(text?.includes(number.format(max)), `${locale} ${channel}: ${name}'s limit text says ${number.format(max)}`);
      }
    }
  }
  const online = (await haven.app.inject({ url: '/en/report/online' })).body;
  assert.equal(textById(online, 'description-limit'), 'You can enter up to 5,000 characters', 'the 5,000-character limit is said before sending');
});

test('an empty form gets a short message of its own at each wrong field, once in the summary, with no label repeated', async (t) => {
  const haven = await testHaven(t);
  const labelKeys = [...catalogue.en.keys()].filter((k) => /^field\.[^.]+\.label$/.test(k));
  const choose = { en: /^Choose /, fr: /^Choisissez /, de: /^Wählen Sie / };
  for (const locale of LOCALES) {
    const labels = labelKeys.map((k) => translated(locale, k));
    const generic = ['required', 'must-accept', 'invalid-choice'].map((code) => translated(locale, `error.${code}`));
    for (const channel of CHANNELS) {
      const what = `${locale} ${channel}`;
      const response = await postForm(haven.app, `/${locale}/report/${channel}`, {});
      assert.equal(response.statusCode, 400, what);
      const html = response.body;
      const links = summaryLinks(html);
      const expected = FORM_FIELDS[FORM_OF[channel]].filter((f) => f.required).map((f) => (f.name === 'category' ? 'category-first' : f.name));
      if (channel !== 'online') expected.push('email'); // "an e-mail address or a phone number"
      assert.deepEqual(links.map((l) => l.href.slice(1)).sort(), [...expected].sort(), `${what}: the summary links to each wrong field once`);
      const position = (id: string) => startTags(html).findIndex((tag) => tag.attrs.get('id') === id);
      const inPageOrder = [...links].sort((a, b) => position(a.href.slice(1)) - position(b.href.slice(1)));
      assert.deepEqual(links, inPageOrder, `${what}: the summary lists the fields in the order of the page`);
      for (const { href, text } of links) {
        const field = href === '#category-first' ? 'category' : href.slice(1);
        assert.equal(textById(html, `${field}-error`), text, `${what}: ${field} shows the summary's words`);
        assert.doesNotMatch(text, /[?.!:;…]\s*:/, `${what}: doubled punctuation in "${text}"`);
        // A one-word label ("Country", "Ort") may be a word of a message; a question or a sentence may not.
        for (const label of labels)
          assert.ok(!text.startsWith(label) && (label.split(' ').length < 3 || !text.includes(label)), `${what}: "${text}" repeats the label "${label}"`);
        assert.ok(!generic.includes(text), `${what}: ${field} gets the generic "${text}"`);
        assert.ok(text.length <= 120, `${what}: "${text}" is short`);
      }
      // A radio group is asked to choose, not to "fill this in".
      assert.match(textById(html, 'category-error') ?? '', choose[locale], `${what}: the category radio group`);
    }
  }
});

test('every mistake a visitor can make in a form has a message of its own, in each language', async (t) => {
  const haven = await testHaven(t);
  const tooLong = (channel: ChannelId) =>
    Object.fromEntries(FORM_FIELDS[FORM_OF[channel]].flatMap((f) => (characterLimit(f) ? [[f.name, 'x'.repeat(characterLimit(f)! + 1)]] : [])));
  const cases: [ChannelId, ReportFields][] = [
    ['child-abuse', tooLong('child-abuse')],
    ['child-abuse', { email: 'a@', phone: 'call me' }],
    ['travel', { ...tooLong('travel'), country: 'XX' }],
    ['online', tooLong('online')],
    ['online', { contact: 'whenever', urls: Array.from({ length: MAX_URLS + 1 }, (_, i) => `https://example.org/${i}`) }],
    ['online', { urls: 'localhost' }],
    ['online', { urls: 'ftp://example.org/' }],
    ['online', { urls: `https://example.org/${'a'.repeat(2048)}` }],
  ];
  const codes = [...catalogue.en.keys()].filter((k) => /^error\.[^.]+$/.test(k));
  const maxes = [...new Set([MAX_URLS, 2048, ...Object.values(FORM_FIELDS).flatMap((specs) => specs.map((f) => f.max))])];
  for (const locale of LOCALES) {
    // What the generic messages (the JSON API's, and the fallback) say, with any number in them.
    const generic = new Set(codes.flatMap((key) => maxes.map((max) => translated(locale, key, { line: 1, max }))));
    for (const [channel, fields] of cases) {
      const html = (await postForm(haven.app, `/${locale}/report/${channel}`, fields)).body;
      const shown = startTags(html)
        .map((tag) => tag.attrs.get('id') ?? '')
        .filter((id) => id.endsWith('-error'));
      for (const name of Object.keys(fields)) assert.ok(shown.includes(`${name}-error`), `${locale} ${channel}: ${name} has a message`);
      for (const id of shown) {
        const text = textById(html, id) ?? '';
        assert.ok(!generic.has(text), `${locale} ${channel}: ${id} says the generic "${text}"`);
      }
    }
  }
});

test('the online and travel forms keep addresses, choices and lines as typed', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    const urls = 'https://example.org/a?b=c&d=e\r\nftp://example.org/b\r\nexample.net/c';
    const online = await postForm(haven.app, `/${locale}/report/online`, { urls, category: 'videos', description: 'Seen <here>', contact: '+352 621 000 000' });
    assert.equal(online.statusCode, 400);
    assert.equal(htmlLang(online.body), locale);
    assert.equal(fieldValue(online.body, 'urls'), urls.replace(/\r\n/g, '\n'));
    assert.equal(fieldValue(online.body, 'description'), 'Seen <here>');
    assert.equal(fieldValue(online.body, 'contact'), '+352 621 000 000');
    assert.ok(isChecked(online.body, 'category', 'videos'));
    assert.equal(textById(online.body, 'urls-error'), translated(locale, 'error.urls.url-scheme', { line: 2 }), 'the message names the wrong line');

    const travel = await postForm(haven.app, `/${locale}/report/travel`, { ...without(fieldsFor('travel', newMarker()), 'place'), country: 'LU' });
    assert.equal(travel.statusCode, 400);
    assert.equal(selectedOption(travel.body, 'country'), 'LU', 'the chosen country stays chosen');
    assert.equal(textById(travel.body, 'place-error'), translated(locale, 'error.place.required'));
  }
});

test('each channel asks for what its recipient needs, in the form and the API alike', async (t) => {
  const haven = await testHaven(t);
  for (const channel of ['child-abuse', 'travel'] as const) {
    await t.test(`${channel}: a name, a way to be contacted and both acknowledgements`, async () => {
      const full = fieldsFor(channel, newMarker());
      assert.equal(await apiErrors(haven, channel, full), 'accepted');
      assert.equal(await apiErrors(haven, channel, without(full, 'phone')), 'accepted', 'an e-mail address is enough');
      assert.equal(await apiErrors(haven, channel, without(full, 'email')), 'accepted', 'a phone number is enough');
      assert.deepEqual(await apiErrors(haven, channel, without(full, 'name')), ['fields.name:required']);
      assert.deepEqual(await apiErrors(haven, channel, { ...full, name: '   ' }), ['fields.name:required']);
      assert.deepEqual(await apiErrors(haven, channel, without(full, 'email', 'phone')), ['fields.email:contact-required']);
      assert.deepEqual(await apiErrors(haven, channel, without(full, 'acknowledgeFalseReports')), ['fields.acknowledgeFalseReports:must-accept']);
      assert.deepEqual(await apiErrors(haven, channel, { ...full, acknowledgeFinal: false }), ['fields.acknowledgeFinal:must-accept']);
      assert.deepEqual(await apiErrors(haven, channel, { ...full, acknowledgeFinal: 'no' }), ['fields.acknowledgeFinal:must-accept']);
      assert.deepEqual(await apiErrors(haven, channel, without(full, 'description')), ['fields.description:required']);
      assert.deepEqual(await apiErrors(haven, channel, { ...full, category: 'nonsense' }), ['fields.category:invalid-choice']);
      assert.deepEqual(await apiErrors(haven, channel, { ...full, email: 'a@', phone: 'call me' }), [
        'fields.email:invalid-email',
        'fields.phone:invalid-phone',
      ]);

      // The form refuses the same things (a missing acknowledgement, say) and accepts the same.
      const page = await postForm(haven.app, `/en/report/${channel}`, without(full, 'acknowledgeFalseReports'));
      assert.equal(page.statusCode, 400);
      assert.equal(textById(page.body, 'acknowledgeFalseReports-error'), translated('en', 'error.acknowledgeFalseReports.must-accept'));
      assert.equal((await postForm(haven.app, `/en/report/${channel}`, full)).statusCode, 200);
    });
  }

  await t.test('travel: a country from the list and a place', async () => {
    const full = fieldsFor('travel', newMarker());
    assert.deepEqual(await apiErrors(haven, 'travel', without(full, 'country')), ['fields.country:required']);
    assert.deepEqual(await apiErrors(haven, 'travel', { ...full, country: 'XX' }), ['fields.country:invalid-country']);
    assert.deepEqual(await apiErrors(haven, 'travel', { ...full, country: 'Luxembourg' }), ['fields.country:too-long']);
    assert.deepEqual(await apiErrors(haven, 'travel', without(full, 'place')), ['fields.place:required']);
    assert.equal(await apiErrors(haven, 'travel', { ...full, country: 'lu' }), 'accepted');
  });

  await t.test(`online: 1 to ${MAX_URLS} http(s) addresses, anonymous allowed`, async () => {
    const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`);
    const base = { category: 'images' };
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: [] }), ['fields.urls:required']);
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: ['  ', ''] }), ['fields.urls:required']);
    assert.equal(await apiErrors(haven, 'online', { ...base, urls: urls(1) }), 'accepted', 'one address, nothing else: anonymous');
    assert.equal(await apiErrors(haven, 'online', { ...base, urls: urls(MAX_URLS) }), 'accepted');
    assert.equal(await apiErrors(haven, 'online', { ...base, urls: 'example.org/no-scheme' }), 'accepted', 'a bare host name is read as https');
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: urls(MAX_URLS + 1) }), ['fields.urls:too-many-urls']);
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: ['https://example.org/', 'ftp://example.org/', 'javascript:alert(1)'] }), [
      'fields.urls:url-scheme@1',
      'fields.urls:url-scheme@2',
    ]);
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: ['https://localhost/', `https://example.org/${'a'.repeat(2100)}`] }), [
      'fields.urls:url-invalid@0',
      'fields.urls:url-too-long@1',
    ]);
    assert.deepEqual(await apiErrors(haven, 'online', { ...base, urls: urls(1), contact: 'whenever' }), ['fields.contact:invalid-contact']);
    assert.deepEqual(await apiErrors(haven, 'online', { urls: urls(1) }), ['fields.category:required']);
  });

  await t.test('API errors are translated per Accept-Language', async () => {
    for (const locale of LOCALES) {
      const response = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields: { category: 'images' } }, { 'accept-language': locale });
      assert.equal(response.statusCode, 400);
      assert.equal((response.json() as Errors).errors[0]?.message, translated(locale, 'error.required'));
    }
    // A message with a number in it says the right one (it said "at most 0 addresses").
    const many = await postJson(haven.app, '/api/v1/reports', {
      channel: 'online',
      fields: { category: 'images', urls: Array.from({ length: MAX_URLS + 1 }, (_, i) => `https://example.org/${i}`) },
    });
    const [tooMany] = (many.json() as Errors).errors;
    assert.equal(tooMany?.message, translated('en', 'error.too-many-urls', { max: MAX_URLS }));
    assert.match(tooMany?.message ?? '', new RegExp(`\\b${MAX_URLS}\\b`));
    const unknown = await postJson(haven.app, '/api/v1/reports', { channel: 'nowhere', fields: {} });
    assert.deepEqual(
      (unknown.json() as Errors).errors.map((e) => `${e.field}:${e.code}`),
      ['channel:invalid-choice'],
    );
  });
});

test('no form offers or accepts an upload', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    for (const channel of CHANNELS as readonly ChannelId[]) {
      const html = (await haven.app.inject({ url: `/${locale}/report/${channel}` })).body;
      const tags = startTags(html);
      assert.ok(
        tags.some((tag) => tag.name === 'form'),
        `${locale} ${channel} has a form`,
      );
      assert.ok(!tags.some((tag) => tag.name === 'input' && tag.attrs.get('type')?.toLowerCase() === 'file'), `${locale} ${channel}: a file input`);
      assert.ok(!tags.some((tag) => tag.name === 'form' && /multipart/i.test(tag.attrs.get('enctype') ?? '')), `${locale} ${channel}: a multipart form`);
    }
  }
  const multipart = await haven.app.inject({
    method: 'POST',
    url: '/en/report/online',
    headers: { 'content-type': 'multipart/form-data; boundary=----b' },
    payload: '------b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n------b--\r\n',
  });
  assert.equal(multipart.statusCode, 415);
});
