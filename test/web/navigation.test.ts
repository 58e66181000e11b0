// Issue 15, a small navigation that works on a phone without JavaScript: every page has a menu
// of plain links under the site's name (help, reporting, the topics), after "Leave this site",
// and the topics it leads to are listed at the foot of every page; before, the topic pages were
// linked from the home page only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { testHaven } from '../support/haven.ts';
import { decodeEntities, startTags } from '../support/html.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const messages = Object.fromEntries(LOCALES.map((l) => [l, translator(catalogue, l)]));

/** The links (href, text) inside the first element matching `open` … its closing tag. */
function linksIn(html: string, open: RegExp, close: string): { href: string; text: string }[] {
  const start = html.search(open);
  if (start < 0) return [];
  const part = html.slice(start, html.indexOf(close, start));
  return [...part.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decodeEntities(m[1] ?? ''),
    text: decodeEntities((m[2] ?? '').replace(/<[^>]*>/g, '')).trim(),
  }));
}

test('every page has a short menu of plain links, after "Leave this site", and the topics at its foot', async (t) => {
  const haven = await testHaven(t, { PUBLIC_URL: 'https://haven.example' });
  const sitemap = (await haven.app.inject({ url: '/sitemap.xml' })).body;
  const paths = [...sitemap.matchAll(/<loc>https:\/\/haven\.example([^<]+)<\/loc>/g)].map((m) => m[1] ?? '');
  assert.ok(paths.length > 10);
  // Pages not in the sitemap: forms, the status page, a missing page.
  paths.push('/en/report/online', '/fr/report/status', '/de/does-not-exist');
  // The topics are the pages the home page lists under "What it looks like".
  const topicsOf = async (locale: string) => {
    const home = (await haven.app.inject({ url: `/${locale}/` })).body;
    const heading = `<h2>${messages[locale]?.('portal.learn')}</h2>`;
    assert.ok(home.includes(heading), `${locale}: the home page lists the topics`);
    return linksIn(home.slice(home.indexOf(heading)), /<ul>/, '</ul>');
  };
  const topics = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, await topicsOf(l)] as const)));
  assert.ok((topics.en?.length ?? 0) > 0, 'the content has topic pages');

  const problems: string[] = [];
  for (const path of paths) {
    const locale = path.slice(1, 3) as (typeof LOCALES)[number];
    const m = messages[locale] as (key: string) => string;
    const html = (await haven.app.inject({ url: path })).body;

    const menu = linksIn(html, /<nav class="menu"/, '</nav>');
    const want = [
      { href: `/${locale}/help`, text: m('layout.menuHelp') },
      { href: `/${locale}/#report`, text: m('layout.menuReport') },
      { href: '#topics', text: m('layout.menuTopics') },
    ];
    if (JSON.stringify(menu) !== JSON.stringify(want)) problems.push(`${path}: the menu is ${JSON.stringify(menu)}`);
    const tags = startTags(html);
    const firstLink = tags.find((tag) => tag.name === 'a' || tag.name === 'button' || tag.name === 'input');
    if (!firstLink?.attrs.has('data-leave')) problems.push(`${path}: the first link is not "Leave this site" but ${firstLink?.raw}`);
    if (html.indexOf('class="menu"') < html.indexOf('data-leave')) problems.push(`${path}: the menu comes before "Leave this site"`);
    if (html.indexOf('class="menu"') > html.indexOf('<main')) problems.push(`${path}: the menu is not in the header`);

    const foot = linksIn(html, /<h2 id="topics">/, '</ul>');
    const wantTopics = topics[locale];
    if (JSON.stringify(foot) !== JSON.stringify(wantTopics)) problems.push(`${path}: the topics at the foot are ${JSON.stringify(foot)}`);
    if (html.indexOf('<h2 id="topics">') < html.indexOf('<footer')) problems.push(`${path}: the topics are not in the footer`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));

  // The menu's "Report" leads to the report buttons of the home page.
  for (const locale of LOCALES) {
    const home = (await haven.app.inject({ url: `/${locale}/` })).body;
    const heading = /<h2 id="report">([^<]*)<\/h2>/.exec(home);
    assert.equal(decodeEntities(heading?.[1] ?? ''), messages[locale]?.('home.report'), `${locale}: #report is the heading of the report buttons`);
    assert.ok(home.indexOf('class="buttons"') > home.indexOf('<h2 id="report">'), `${locale}: and the buttons follow it`);
  }
});

test('on the help page, the menu says which link is the page itself', async (t) => {
  const haven = await testHaven(t);
  const html = (await haven.app.inject({ url: '/fr/help' })).body;
  const current = startTags(html).filter((tag) => tag.name === 'a' && tag.attrs.get('aria-current') === 'page');
  assert.deepEqual(
    current.map((tag) => tag.attrs.get('href')),
    ['/fr/help'],
  );
});
