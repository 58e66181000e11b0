// What issue 3 requires the public pages to tell a visitor, in en, fr and de: the emergency
// numbers before the report buttons, the language chosen by Accept-Language, the two declarations
// on the police forms (with the penalties of the seeds), where and when a travel report can be
// made, the receipt shown once with the way to follow the report, and anonymity on the online form.
// Each text is expected as the locale's own catalogue (or content file) gives it, and the facts
// inside it (113, 112, art. 443, five years…) are checked on the rendered page as well, so neither
// a page that stops showing a text nor a catalogue that loses the fact goes unnoticed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { controls, decodeEntities, htmlLang, startTags, type Tag } from '../support/html.ts';
import { CHANNELS, type ChannelId, fieldsFor, newMarker, postForm, receiptOnPage } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const say = (locale: Locale, key: string) => translator(catalogue, locale)(key);
const content = readContentFiles(CONTENT_DIR);

/** The facts of /work/shared/FACTS.md and the seeds, as each locale's text states them. */
const FACTS: Record<Locale, { slander: RegExp; penalty: RegExp; final: RegExp; afterTrip: RegExp; noProof: RegExp; once: RegExp; anonymous: RegExp }> = {
  en: {
    slander: /false report.*hoax.*slander/i,
    penalty: /up to five years in prison/i,
    final: /cannot be withdrawn or changed/i,
    afterTrip: /after your trip/i,
    noProof: /do not need proof/i,
    once: /shown only on this page/i,
    anonymous: /do not have to say who you are/i,
  },
  fr: {
    slander: /faux signalement.*fausse alerte.*calomnie/i,
    penalty: /jusqu’à cinq ans d’emprisonnement/i,
    final: /ni retiré ni modifié/i,
    afterTrip: /après votre voyage/i,
    noProof: /pas besoin de preuve/i,
    once: /affiché que sur cette page/i,
    anonymous: /pas obligé·e de dire qui vous êtes/i,
  },
  de: {
    slander: /falsche Meldung.*Falschalarm.*Verleumdung/i,
    penalty: /bis zu fünf Jahren Freiheitsstrafe/i,
    final: /nicht zurückgezogen oder geändert/i,
    afterTrip: /nach Ihrer Reise/i,
    noProof: /keine Beweise/i,
    once: /nur auf dieser Seite angezeigt/i,
    anonymous: /nicht sagen, wer Sie sind/i,
  },
};

/** A receipt as the visitor reads it: 16 characters of Crockford base32 (80 bits) in groups of four. */
const GROUPED_RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text inside an element, from its start tag to its first end tag (tags stripped). */
function textOf(html: string, tag: Tag): string {
  const rest = html.slice(tag.index + tag.raw.length);
  return squash(decodeEntities(rest.slice(0, rest.indexOf(`</${tag.name}>`)).replace(/<[^>]*>/g, ' ')));
}

/** Everything a visitor reads in <main>, as one line. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return squash(decodeEntities(main.replace(/<[^>]*>/g, ' ')));
}

function labelFor(html: string, id: string): string | undefined {
  const tag = startTags(html).find((t) => t.name === 'label' && t.attrs.get('for') === id);
  return tag && textOf(html, tag);
}

function linkTo(html: string, href: string): Tag | undefined {
  return startTags(html).find((t) => t.name === 'a' && t.attrs.get('href') === href);
}

let haven: TestHaven;
const teardown: (() => unknown)[] = [];
before(async () => {
  haven = await testHaven({ after: (fn: () => unknown) => void teardown.push(fn) }, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
});
after(async () => {
  for (const step of teardown.reverse()) await step();
});

async function page(url: string, locale: Locale): Promise<string> {
  const response = await haven.app.inject({ url });
  assert.equal(response.statusCode, 200, `GET ${url}`);
  assert.equal(htmlLang(response.body), locale, `${url} is in ${locale}`);
  return response.body;
}

test('the home page shows the emergency numbers, police 113 and emergency 112, before the three report buttons', async (t) => {
  const numbers = new Map(content.emergency.map((n) => [n.number, n]));
  assert.equal(numbers.get('113')?.id, 'police', 'content/emergency.yaml gives 113 for the police');
  assert.equal(numbers.get('112')?.id, 'emergency', 'content/emergency.yaml gives 112 for emergencies');
  const channels = content.channels.filter((c) => (CHANNELS as readonly string[]).includes(c.id));
  assert.equal(channels.length, 3, 'content/channels.yaml has the three report channels');

  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const html = await page(`/${locale}/`, locale);
      const heading = startTags(html).find((tag) => tag.attrs.get('id') === 'emergency-title');
      assert.ok(heading, `/${locale}/ has no emergency heading`);
      assert.equal(textOf(html, heading), say(locale, 'home.emergency'));

      const calls = ['113', '112'].map((number) => {
        const link = linkTo(html, `tel:${number}`);
        assert.ok(link, `/${locale}/ has no link to call ${number}`);
        assert.equal(textOf(html, link), number, `the link to call ${number} shows the number`);
        const item = [...startTags(html.slice(0, link.index))].reverse().find((tag) => tag.name === 'li');
        assert.ok(item && textOf(html, item).includes(numbers.get(number)?.label[locale] ?? '?'), `${number} is named in ${locale}`);
        return link;
      });

      const buttons = channels.map((channel) => {
        const link = linkTo(html, `/${locale}/report/${channel.id}`);
        assert.ok(link, `/${locale}/ has no button for ${channel.id}`);
        assert.ok(textOf(html, link).startsWith(channel.title[locale]), `the ${channel.id} button is titled in ${locale}`);
        return link;
      });

      const lastNumber = Math.max(heading.index, ...calls.map((c) => c.index));
      const firstButton = Math.min(...buttons.map((b) => b.index));
      assert.ok(lastNumber < firstButton, `on /${locale}/ the emergency numbers come after a report button`);
    });
  }
});

test('/ sends the browser to the home page in its language', async () => {
  const cases: [string | undefined, Locale][] = [
    ['fr-LU,fr;q=0.9', 'fr'],
    ['de', 'de'],
    ['de-CH,de;q=0.8,en;q=0.5', 'de'],
    ['lb,fr;q=0.7,en;q=0.3', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['pt-PT,pt;q=0.9', 'en'],
    [undefined, 'en'],
  ];
  for (const [acceptLanguage, locale] of cases) {
    const response = await haven.app.inject({ url: '/', headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });
    assert.ok([301, 302, 303, 307, 308].includes(response.statusCode), `/ with Accept-Language ${acceptLanguage} answered ${response.statusCode}`);
    assert.equal(response.headers.location, `/${locale}/`, `Accept-Language: ${acceptLanguage}`);
    assert.match(String(response.headers.vary), /accept-language/i, 'a cache must not give one language the other one redirect');
    await page(response.headers.location, locale);
  }
});

test('both police forms make the visitor acknowledge the penalties for false reports and that a report is final', async (t) => {
  for (const channel of ['child-abuse', 'travel'] as const) {
    for (const locale of LOCALES) {
      await t.test(`${channel} ${locale}`, async () => {
        const html = await page(`/${locale}/report/${channel}`, locale);
        for (const name of ['acknowledgeFalseReports', 'acknowledgeFinal']) {
          const [box] = controls(html, name);
          assert.equal(box?.attrs.get('type'), 'checkbox', `${name} is a box to tick`);
          assert.equal(labelFor(html, box?.attrs.get('id') ?? name), say(locale, `field.${name}.label`), `${name} is labelled in ${locale}`);
        }
        const falseReports = labelFor(html, 'acknowledgeFalseReports') ?? '';
        assert.match(falseReports, FACTS[locale].slander, 'false reports, hoaxes and slander are named');
        assert.match(falseReports, /\b443\b/, 'the article of the Penal Code on slander (443 ff.) is given');
        assert.match(falseReports, FACTS[locale].penalty, 'the penalty for a false alarm (up to five years) is given');
        assert.match(labelFor(html, 'acknowledgeFinal') ?? '', FACTS[locale].final, 'a report cannot be withdrawn or changed here');
        assert.ok(mainText(html).includes(say(locale, 'report.police.final')), 'the page says the report is final before the form');
      });
    }
  }
});

test('the travel form asks country and place, and says a report may be made after the trip and without proof', async (t) => {
  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const html = await page(`/${locale}/report/travel`, locale);
      const [country] = controls(html, 'country');
      assert.ok(country, 'the travel form asks no country');
      assert.equal(country.name, 'select', 'the country is chosen from a list');
      assert.equal(country.attrs.get('aria-required'), 'true', 'the country is required');
      assert.ok(labelFor(html, 'country')?.startsWith(say(locale, 'field.country.label')), `the country is asked in ${locale}`);
      const options = startTags(html).filter((tag) => tag.name === 'option' && tag.attrs.get('value'));
      assert.ok(options.length > 100, `only ${options.length} countries to choose from`);
      assert.ok(
        options.some((o) => o.attrs.get('value') === 'TH'),
        'Thailand is in the list',
      );

      const [place] = controls(html, 'place');
      assert.ok(place, 'the travel form asks no place');
      assert.equal(place.name, 'input', 'the place is typed in');
      assert.equal(place.attrs.get('aria-required'), 'true', 'the place is required');
      assert.ok(labelFor(html, 'place')?.startsWith(say(locale, 'field.place.label')), `the place is asked in ${locale}`);

      const text = mainText(html);
      assert.ok(text.includes(say(locale, 'report.travel.evidence')), 'the page says when and how a travel report may be made');
      assert.match(text, FACTS[locale].afterTrip, 'a report may be made after the trip');
      assert.match(text, FACTS[locale].noProof, 'a report may be made without material evidence');
    });
  }
});

test('the online form says the visitor may stay anonymous and asks nothing about who they are', async (t) => {
  // That no form has a file input is checked by report-forms.test.ts ("no form offers or accepts an upload").
  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const html = await page(`/${locale}/report/online`, locale);
      const text = mainText(html);
      assert.ok(text.includes(say(locale, 'report.online.anonymous')), 'the page says giving one’s identity is optional');
      assert.match(text, FACTS[locale].anonymous);
      for (const name of ['name', 'email', 'phone']) assert.equal(controls(html, name).length, 0, `the online form asks for ${name}`);
      const [contact] = controls(html, 'contact');
      assert.ok(contact, 'the online form offers an optional contact');
      assert.equal(contact.attrs.get('aria-required'), undefined, 'the contact is required');
      assert.ok(labelFor(html, 'contact')?.includes(say(locale, 'report.optional')), 'the contact is marked optional');
    });
  }
});

test('the receipt page shows the number grouped, once, and how to follow the report in the same language', async (t) => {
  const seen = new Set<string>();
  for (const locale of LOCALES) {
    for (const channel of CHANNELS as readonly ChannelId[]) {
      await t.test(`${channel} ${locale}`, async () => {
        // An anonymous online report (no contact) gets a receipt too.
        const fields = Object.fromEntries(Object.entries(fieldsFor(channel, newMarker())).filter(([name]) => name !== 'contact'));
        const response = await postForm(haven.app, `/${locale}/report/${channel}`, fields);
        assert.equal(response.statusCode, 200, response.body.slice(0, 300));
        const html = response.body;
        assert.equal(htmlLang(html), locale);

        const receipt = receiptOnPage(html);
        assert.match(receipt, GROUPED_RECEIPT, 'the number is shown in four groups of four characters');
        assert.ok(!seen.has(receipt), 'two reports got the same number');
        seen.add(receipt);

        const text = mainText(html);
        assert.ok(text.includes(say(locale, 'receipt.shownOnce')), 'the page says the number is shown only on this page');
        assert.match(text, FACTS[locale].once);
        assert.ok(text.includes(say(locale, 'receipt.follow')), 'the page says how to follow the report');

        const follow = linkTo(html, `/${locale}/report/status`);
        assert.ok(follow, `no link to /${locale}/report/status`);
        assert.equal(textOf(html, follow), say(locale, 'receipt.followLink'));
        await page(`/${locale}/report/status`, locale);
        const status = await postForm(haven.app, `/${locale}/report/status`, { receipt });
        assert.equal(status.statusCode, 200, 'the number as shown finds the report');
        assert.ok(mainText(status.body).includes(say(locale, 'status.value.received')), 'the status is given in the same language');
      });
    }
  }
});
