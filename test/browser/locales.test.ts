// Issue 4, the three languages and what search engines are told: every page names its
// translations (hreflang) and its own language, the language switcher leads to the same page in
// the other language, forms and status pages are kept out of search engines, and error pages
// speak the visitor's language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { REPORT_BODY_LIMIT } from '../../src/intake/report-fields.ts';
import { inBatches, JOURNEY, pathWithoutLocale, usePortal, WALK, walk } from '../support/browser.ts';
import { testHaven } from '../support/haven.ts';

const portal = usePortal();
const catalogue = loadCatalogue(CONTENT_DIR);
const say = (locale: (typeof LOCALES)[number]) => translator(catalogue, locale);

/** Forms and status pages: what a visitor types or looks up must never be indexed. */
const isPrivate = (rest: string) => rest.startsWith('/report/');

type Seen = {
  url: string;
  lang: string;
  alternates: { hreflang: string; href: string }[];
  switcher: { hreflang: string; href: string }[];
  robots: string | null;
};

test('every page names its language and its translations, and the language switcher keeps the page', WALK, async (t) => {
  const { sitemap, newContext } = portal();
  const urls = await sitemap();
  const context = await newContext({ javaScript: false });
  t.after(() => context.close());
  const seen = await walk(context, urls, async (page, url): Promise<Seen> => {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `GET ${url}`);
    return await page.evaluate(() => ({
      url: location.href,
      lang: document.documentElement.lang,
      alternates: [...document.querySelectorAll<HTMLLinkElement>('head link[rel=alternate][hreflang]')].map((l) => ({ hreflang: l.hreflang, href: l.href })),
      // A form page's switch is buttons of its form (they keep what was typed), other pages' links.
      switcher: [
        ...[...document.querySelectorAll<HTMLAnchorElement>('body a[hreflang]')].map((a) => ({ hreflang: a.hreflang, href: a.href })),
        ...[...document.querySelectorAll<HTMLButtonElement>('body button[name="switch-language"]')].map((b) => ({ hreflang: b.value, href: b.formAction })),
      ],
      robots: document.querySelector('meta[name=robots]')?.getAttribute('content') ?? null,
    }));
  });

  const problems: string[] = [];
  const targets = new Set<string>();
  for (const page of seen) {
    const { locale, rest } = pathWithoutLocale(page.url);
    if (page.lang !== locale) problems.push(`${page.url}: <html lang="${page.lang}">, expected "${locale}"`);
    const expected = new Map<string, string>([...LOCALES.map((l) => [l, `/${l}${rest}`] as const), ['x-default', `/en${rest}`]]);
    const hreflangs = page.alternates.map((a) => a.hreflang).sort();
    if (hreflangs.join(' ') !== [...expected.keys()].sort().join(' '))
      problems.push(`${page.url}: hreflang alternates ${hreflangs.join(', ')}; expected one each of ${[...expected.keys()].join(', ')}`);
    for (const a of page.alternates) {
      const want = expected.get(a.hreflang);
      const got = new URL(a.href);
      if (want && got.pathname !== want) problems.push(`${page.url}: hreflang=${a.hreflang} points to ${got.pathname}, expected ${want}`);
      if (got.origin !== new URL(page.url).origin) problems.push(`${page.url}: hreflang=${a.hreflang} points to another site: ${a.href}`);
      targets.add(got.href);
    }
    for (const l of LOCALES) {
      const link = page.switcher.find((s) => s.hreflang === l);
      if (!link) problems.push(`${page.url}: the language switcher has no link to ${l}`);
      else if (new URL(link.href).pathname !== `/${l}${rest}`)
        problems.push(`${page.url}: the ${l} link of the language switcher goes to ${new URL(link.href).pathname}, expected /${l}${rest}`);
    }
  }
  assert.deepEqual(problems, [], `language problems:\n  ${problems.join('\n  ')}`);

  // Every page named as a translation exists.
  const statuses = await inBatches([...targets], 4, async (href) => ({ href, status: (await fetch(href)).status }));
  const broken = statuses.filter((s) => s.status !== 200).map((s) => `${s.href} answers ${s.status}`);
  assert.deepEqual(broken, [], 'hreflang alternates that do not answer 200');
  t.diagnostic(`${seen.length} pages, ${targets.size} distinct alternates`);

  // The pages that must stay out of search engines say so; the others do not.
  const robots = seen.map((page) => {
    const { rest } = pathWithoutLocale(page.url);
    return { url: page.url, wanted: isPrivate(rest) ? 'noindex, nofollow' : null, robots: page.robots };
  });
  const wrong = robots
    .filter((r) => r.robots !== r.wanted)
    .map((r) => `${r.url}: meta robots ${JSON.stringify(r.robots)}, expected ${JSON.stringify(r.wanted)}`);
  assert.deepEqual(wrong, [], 'meta robots');
  assert.ok(
    robots.some((r) => r.wanted),
    'the sitemap has report forms and the status page, whose noindex is checked',
  );
});

/** The Disallow rules that apply to every crawler (the `User-agent: *` group). */
function disallowedForAll(robotsTxt: string): string[] {
  const rules: string[] = [];
  let applies = false;
  let inAgents = false;
  for (const raw of robotsTxt.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, field = '', value = ''] = match;
    if (field.toLowerCase() === 'user-agent') {
      applies = inAgents ? applies || value === '*' : value === '*';
      inAgents = true;
      continue;
    }
    inAgents = false;
    if (applies && field.toLowerCase() === 'disallow' && value) rules.push(value);
  }
  return rules;
}

test('robots.txt keeps the report forms and status pages out of search engines, and nothing else', JOURNEY, async () => {
  const { origin, sitemap } = portal();
  const response = await fetch(`${origin}/robots.txt`);
  assert.equal(response.status, 200);
  const rules = disallowedForAll(await response.text());
  const blocked = (path: string) => rules.some((rule) => path.startsWith(rule));
  const problems: string[] = [];
  for (const url of await sitemap()) {
    const { pathname } = new URL(url);
    const { rest } = pathWithoutLocale(url);
    if (isPrivate(rest) && !blocked(pathname)) problems.push(`${pathname} is not disallowed`);
    if (!isPrivate(rest) && blocked(pathname)) problems.push(`${pathname} is an information page but robots.txt disallows it`);
  }
  for (const locale of LOCALES) {
    if (!blocked(`/${locale}/report/status`)) problems.push(`/${locale}/report/status is not disallowed`);
  }
  assert.deepEqual(problems, [], `robots.txt (Disallow: ${rules.join(', ')})`);
});

test('a missing page answers 404 in the language of its address', JOURNEY, async (t) => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: false });
  t.after(() => context.close());
  const page = await context.newPage();
  for (const locale of LOCALES) {
    const response = await page.goto(`${origin}/${locale}/does-not-exist`);
    assert.equal(response?.status(), 404, `/${locale}/does-not-exist`);
    assert.equal(await page.getAttribute('html', 'lang'), locale);
    const title = say(locale)('errorPage.notFound.title');
    if (locale !== 'en') assert.notEqual(title, say('en')('errorPage.notFound.title'), `errorPage.notFound.title is not translated in ${locale}`);
    assert.equal((await page.locator('h1').textContent())?.trim(), title, `the ${locale} 404 page says "${title}"`);
    assert.ok((await page.title()).startsWith(title), `the ${locale} 404 page's title starts with "${title}"`);
    assert.equal(await page.getAttribute('meta[name=robots]', 'content'), 'noindex, nofollow');
    // The way home leads to the home page in the same language.
    assert.equal(await page.locator('main a[href]').first().getAttribute('href'), `/${locale}/`);
  }
});

test('a request too large for the server is answered in the language of its address', JOURNEY, async () => {
  const { origin } = portal();
  for (const locale of LOCALES) {
    const response = await fetch(`${origin}/${locale}/report/online`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `description=${'x'.repeat(REPORT_BODY_LIMIT + 1)}`,
    });
    assert.equal(response.status, 413);
    const html = await response.text();
    assert.match(html, new RegExp(`<html lang="${locale}"`));
    assert.equal(heading(html), say(locale)('errorPage.tooLarge.title'), `the ${locale} 413 page's heading`);
  }
});

test('a server error is answered in the language of its address, and says nothing about why', JOURNEY, async (tc) => {
  // A Haven of its own whose database has lost the reports table: any status look-up fails.
  const haven = await testHaven(tc);
  await sql`ALTER TABLE reports RENAME TO reports_moved_away`.execute(haven.store.db);
  for (const locale of LOCALES) {
    const response = await haven.app.inject({
      method: 'POST',
      url: `/${locale}/report/status`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: 'receipt=0000-0000-0000-0000',
    });
    assert.equal(response.statusCode, 500);
    assert.match(response.body, new RegExp(`<html lang="${locale}"`));
    const title = say(locale)('errorPage.server.title');
    if (locale !== 'en') assert.notEqual(title, say('en')('errorPage.server.title'), `errorPage.server.title is not translated in ${locale}`);
    assert.equal(heading(response.body), title, `the ${locale} 500 page's heading`);
    assert.doesNotMatch(response.body, /reports_moved_away|no such table|sqlite|relation "|\.ts:\d+|Error:/i, 'the error page tells nothing about the cause');
  }
});

/** The text of the page's <h1>, entities decoded. */
function heading(html: string): string | undefined {
  const inner = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1];
  return inner
    ?.replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
