// Issue 15, "Help that fits the hour": on a fixed clock, the help list and the triage outcomes put
// what a visitor can call now first; a schedule nobody confirmed never says "open" or "opens at";
// every call link dials from a foreign SIM; a public page's address with a trailing slash leads
// to the page; the help page, rendered once per locale and minute, is what an uncached render
// gives, and changes when the minute does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { DateTime } from 'luxon';
import { h } from 'preact';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { createMinuteMemo, helpPageView } from '../../src/portal/portal.routes.tsx';
import { isForChildren, publicPaths } from '../../src/portal/portal.service.ts';
import type { Site } from '../../src/portal/site.ts';
import { renderDocument } from '../../src/web/render.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities, startTags } from '../support/html.ts';

// One copy of the content for Haven and for this file's own renders and expectations.
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-help-content-'));
fs.cpSync(CONTENT_DIR, contentDir, { recursive: true });
const catalogue = loadCatalogue(contentDir);
const say = (locale: Locale, key: string, values?: Record<string, string>) => translator(catalogue, locale)(key, values);
const content = readContentFiles(contentDir);
const PUBLIC_URL = 'http://haven.test';
const LEAVE_URL = 'https://www.wikipedia.org/';

/** A wall-clock time in Luxembourg. 2026-11-23 is a Monday. */
const lux = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Luxembourg' }).toJSDate();
const MONDAY_0246 = '2026-11-23T02:46';

let clock = lux(MONDAY_0246);
let haven: TestHaven;
let site: Site;
const teardown: (() => unknown)[] = [];
before(async () => {
  teardown.push(() => fs.rmSync(contentDir, { recursive: true, force: true }));
  haven = await testHaven({ after: (fn: () => unknown) => void teardown.push(fn) }, { PUBLIC_URL, LEAVE_URL }, { contentDir, now: () => clock });
  // The site Haven renders with, for renders that bypass its routes and their memo.
  site = haven.site;
});
after(async () => {
  for (const step of teardown.reverse()) await step();
});

async function get(url: string, headers: Record<string, string> = {}) {
  return haven.app.inject({ url, headers });
}

async function page(url: string): Promise<string> {
  const response = await get(url);
  assert.equal(response.statusCode, 200, `GET ${url}`);
  return response.body;
}

type Card = { name: string; html: string; text: string; open: boolean; closed: boolean };

/** The help cards in the order the page shows them (a card is an <li> that starts with its heading). */
function cards(html: string): Card[] {
  const out: Card[] = [];
  for (const list of html.split('<ul class="services">').slice(1)) {
    for (const part of list.split(/<li><h[23]>/).slice(1)) {
      const name = decodeEntities(part.slice(0, part.search(/<\/h[23]>/)));
      // A card ends with its list of details.
      const body = part.slice(0, part.indexOf('</ul></li>'));
      out.push({
        name,
        html: body,
        text: decodeEntities(body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' '),
        open: body.includes('class="open"'),
        closed: body.includes('class="closed"'),
      });
    }
  }
  return out;
}

const service = (id: string) => {
  const s = content.helpServices.find((x) => x.id === id);
  assert.ok(s, `content has ${id}`);
  return s;
};

test('at 02:46 on a Monday the help list starts with a line that is open, then the one that opens soonest, then the unknown', async () => {
  clock = lux(MONDAY_0246);
  for (const locale of LOCALES) {
    const list = cards(await page(`/${locale}/help`));
    assert.ok(list.length >= 5, `/${locale}/help lists the services`);
    assert.equal(list[0]?.name, service('116-000').name[locale], `/${locale}/help starts with 116 000, the only line open at 02:46`);
    assert.ok(list[0]?.open, `the first line on /${locale}/help is shown as open`);
    // Then the ONE's helpline, which opens at 08:00 (the only other line whose hours are known and confirmed).
    assert.equal(list[1]?.name, service('one-helpline').name[locale]);
    assert.ok(list[1]?.closed && list[1].text.includes('08:00'), `second: the ONE, opening at 08:00 (${list[1]?.text})`);
    for (const card of list.slice(2))
      assert.ok(!card.open && !card.closed, `${card.name}: after the open and the opening lines come those with no hours to tell`);
  }
});

test('a child who asks sees the lines for children first, each group in the order of the hour', async () => {
  clock = lux(MONDAY_0246);
  const list = cards(await page('/en/help?for=children'));
  const forChildren = list.map((c) => isForChildren(content.helpServices.find((s) => s.name.en === c.name) ?? service('missing')));
  const firstAdult = forChildren.indexOf(false);
  assert.ok(firstAdult > 0, 'some lines are for children');
  assert.ok(
    forChildren.slice(firstAdult).every((x) => !x),
    `children's lines first: ${list.map((c) => c.name).join(' | ')}`,
  );
  assert.ok(list[0]?.open, 'the first of them is open');
  // The everyone's list links to the children's, and back.
  const everyone = await page('/en/help');
  assert.ok(everyone.includes('href="/en/help?for=children"'));
  assert.ok((await page('/en/help?for=children')).includes('href="/en/help"'));
});

test('a triage outcome for a child puts its open line first', async () => {
  clock = lux(MONDAY_0246);
  for (const locale of LOCALES) {
    const list = cards(await page(`/${locale}/triage/result/child-grooming`));
    assert.ok(list.length >= 2);
    assert.ok(list[0]?.open, `/${locale}/triage/result/child-grooming starts with an open line, not ${list[0]?.name}`);
  }
});

test('a schedule flagged unverified never says open, closed or "opens at": it says the hours are not confirmed and gives the number', async () => {
  const unconfirmed = content.helpServices.filter(
    (s) => s.hours?.verification === 'unverified' && (s.verification === 'verified' || s.verification === 'unverified'),
  );
  assert.ok(
    unconfirmed.some((s) => s.id === 'sos-detresse'),
    'SOS Détresse carries its 2015 timetable, flagged unverified',
  );
  // Monday 14:00 (the 2015 timetable: "opens today at 15:00"), Friday 22:00 ("open now"), Saturday
  // 03:00 (night line), Wednesday 10:00 (BEE SECURE's reported hours), and every third hour of a week.
  const moments = ['2026-11-23T14:00', '2026-11-27T22:00', '2026-11-28T03:00', '2026-11-25T10:00'].map(lux);
  for (let hour = 0; hour < 24 * 7; hour += 3) moments.push(new Date(lux('2026-11-23T00:30').getTime() + hour * 3_600_000));
  for (const moment of moments) {
    clock = moment;
    for (const locale of moment === moments[0] ? LOCALES : (['en'] as const)) {
      const list = cards(await page(`/${locale}/help`));
      for (const s of unconfirmed) {
        const card = list.find((c) => c.name === s.name[locale]);
        assert.ok(card, `${s.id} is on /${locale}/help`);
        const when = `${s.id} at ${moment.toISOString()} in ${locale}`;
        assert.ok(!card.open && !card.closed, `${when}: no open or closed claim`);
        for (const claim of ['help.openNow', 'help.closedNow', 'help.always'])
          assert.ok(!card.text.includes(say(locale, claim)), `${when}: no "${say(locale, claim)}"`);
        for (const opens of [say(locale, 'help.opensToday', { time: '§' }), say(locale, 'help.opensAt', { day: '§', time: '§' })]) {
          const claim = opens.split('§')[0]?.trim() ?? '';
          assert.ok(claim && !card.text.includes(claim), `${when}: no "${claim}"`);
        }
        assert.ok(
          s.phone && card.text.includes(say(locale, 'help.unconfirmed', { number: s.phone })),
          `${when}: says the hours are not confirmed, with the number`,
        );
        // Nor are the unconfirmed hours listed as the line's hours.
        assert.ok(!card.text.includes(say(locale, 'help.hours', { list: '' }).trim()), `${when}: no hours listed`);
      }
      // Lines with confirmed hours still say whether they are open.
      const confirmed = list.find((c) => c.name === service('116-000').name[locale]);
      assert.ok(confirmed?.open, `116 000 is open at ${moment.toISOString()}`);
    }
  }
});

/** Every `tel:` link of a page. */
const telLinks = (html: string) =>
  startTags(html).flatMap((t) => (t.name === 'a' && t.attrs.get('href')?.startsWith('tel:') ? [t.attrs.get('href') ?? ''] : []));

test('call links carry +352, except the short codes (112, 113, 116 …) that have no international form', async () => {
  clock = lux(MONDAY_0246);
  const help = telLinks(await page('/en/help'));
  for (const expected of [
    'tel:+35280024444',
    'tel:+35280021234',
    'tel:+35280029393',
    'tel:+35228373635',
    'tel:+352454545',
    'tel:116111',
    'tel:116000',
    'tel:113',
    'tel:112',
  ])
    assert.ok(help.includes(expected), `/en/help links ${expected} (has ${help.join(', ')})`);
  const home = telLinks(await page('/en/'));
  for (const expected of ['tel:113', 'tel:112']) assert.ok(home.includes(expected), `/en/ links ${expected}`);
  // Every public page, every locale: a number is dialled either as a short code or with +352.
  let seen = 0;
  for (const locale of LOCALES) {
    for (const path of publicPaths(site.content)) {
      const url = `/${locale}${path === '/' ? '/' : path}`;
      const response = await get(url);
      if (response.statusCode !== 200) continue;
      for (const href of telLinks(response.body)) {
        seen++;
        assert.match(href, /^tel:(\+352[2-9][0-9]{3,10}|1[0-9]{2,5})$/, `${url}: ${href}`);
      }
    }
  }
  assert.ok(seen > 30, `call links were checked (${seen})`);
});

test('a public page with a trailing slash answers 301 to its address; /{locale}/ stays the home page', async () => {
  let checked = 0;
  for (const locale of LOCALES) {
    for (const path of publicPaths(site.content)) {
      if (path === '/') continue;
      const response = await get(`/${locale}${path}/`);
      assert.equal(response.statusCode, 301, `/${locale}${path}/`);
      assert.equal(response.headers.location, `/${locale}${path}`);
      checked++;
    }
    assert.equal((await get(`/${locale}/`)).statusCode, 200, `/${locale}/ is the home page`);
  }
  assert.ok(checked > 40);
  const withQuery = await get('/en/help/?for=children');
  assert.equal(withQuery.statusCode, 301);
  assert.equal(withQuery.headers.location, '/en/help?for=children');
  assert.equal((await get('/en/no-such-page/')).statusCode, 404, 'an address that is no page stays a 404');
});

test('the help page rendered once per minute is what an uncached render gives, and changes with the minute', async () => {
  for (const locale of LOCALES) {
    for (const forChildren of [false, true]) {
      const url = `/${locale}/help${forChildren ? '?for=children' : ''}`;
      // Any instant of the minute gives the page of that minute: the cached one is rendered for its first instant.
      clock = lux('2026-11-23T07:59:41.5');
      const served = await page(url);
      const uncached = renderDocument(helpPageView(site, locale, clock, forChildren));
      assert.equal(served, uncached, `${url} at 07:59:41 is the uncached render`);
      clock = lux('2026-11-23T07:59:59.999');
      assert.equal(await page(url), served, `${url}: the same minute, the same page`);
      // 08:00: the ONE opens; the first request of the minute must not get 07:59's page.
      clock = lux('2026-11-23T08:00:00.000');
      const next = await page(url);
      assert.notEqual(next, served, `${url} changes when the ONE opens at 08:00`);
      assert.equal(next, renderDocument(helpPageView(site, locale, lux('2026-11-23T08:00:30'), forChildren)));
      const one = cards(next).find((c) => c.name === service('one-helpline').name[locale]);
      assert.ok(one?.open, `${url}: the ONE is open at 08:00`);
    }
  }
  // And back: a clock that goes back (a corrected server clock) gets that minute's page, not the later one.
  clock = lux('2026-11-23T07:59:10');
  assert.ok(cards(await page('/en/help')).find((c) => c.name === service('one-helpline').name.en)?.closed);
});

test('the help page is served from memory, compressed once per minute (brotli), not rendered per request', async () => {
  clock = lux(MONDAY_0246);
  for (const url of ['/en/help', '/fr/help?for=children', '/de/triage/result/child-images']) {
    const response = await get(url, { 'accept-encoding': 'br' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-encoding'], 'br', `${url} comes from the page memo`);
  }
});

test("the minute memo renders a page once per key and minute, for the minute's first instant", async (t) => {
  let now = new Date('2026-11-23T01:46:12Z');
  const renders: string[] = [];
  const memo = createMinuteMemo(() => now);
  const app = Fastify();
  t.after(() => app.close());
  app.get('/:key', (request, reply) =>
    memo(reply, (request.params as { key: string }).key, (at) => {
      renders.push(`${(request.params as { key: string }).key}@${at.toISOString()}`);
      return h('p', null, at.toISOString());
    }),
  );
  for (const seconds of [12, 30, 59]) {
    now = new Date(`2026-11-23T01:46:${seconds}Z`);
    assert.match((await app.inject('/a')).body, /2026-11-23T01:46:00.000Z/);
  }
  await app.inject('/b');
  now = new Date('2026-11-23T01:47:00Z');
  assert.match((await app.inject('/a')).body, /2026-11-23T01:47:00.000Z/);
  await app.inject('/a');
  assert.deepEqual(renders, ['a@2026-11-23T01:46:00.000Z', 'b@2026-11-23T01:46:00.000Z', 'a@2026-11-23T01:47:00.000Z']);
});
