// Issue 4: every public page is light enough for a phone on a poor connection: at most 30 KB
// transferred in all (HTML, CSS, JavaScript, fonts, images, headers; compressed as the server
// sends it), measured in real Chromium with an empty cache, every locale of the sitemap; and, as
// issue 16 asks of every public page, at most 14 KB of it HTML and CSS (a first round trip).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { usePortal, WALK, walk } from '../support/browser.ts';

const BUDGET = 30 * 1024;
const HTML_CSS_BUDGET = 14 * 1024;

const portal = usePortal();

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

type Part = { url: string; bytes: number; encoding: string };
type Weighed = { url: string; total: number; parts: Part[]; failed: string[] };

test('every page of the sitemap transfers at most 30 KB with an empty cache', WALK, async (t) => {
  const { sitemap, newContext } = portal();
  const urls = await sitemap();

  // Each worker keeps one tab with the browser's caches turned off (as DevTools' "Disable cache"
  // does), so every page is fetched whole, as on a first visit: opening a fresh context per page
  // costs more than the page. No request routing here: it could change what is sent.
  const context = await newContext({ javaScript: true, guard: false });
  t.after(() => context.close());
  const loads = new Map<Page, { parts: Promise<Part>[]; failed: string[] }>();
  const measure = async (request: Request): Promise<Part> => {
    const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
    const encoding = (await response?.headerValue('content-encoding')) ?? 'identity';
    return { url: request.url(), bytes: sizes.responseHeadersSize + sizes.responseBodySize, encoding };
  };
  const weighed = await walk(
    context,
    urls,
    async (page, url): Promise<Weighed> => {
      const load = { parts: [] as Promise<Part>[], failed: [] as string[] };
      loads.set(page, load);
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `GET ${url}`);
      const parts = await Promise.all(load.parts);
      return { url, total: parts.reduce((n, p) => n + p.bytes, 0), parts, failed: load.failed };
    },
    {
      prepare: async (page) => {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        page.on('requestfinished', (request) => loads.get(page)?.parts.push(measure(request)));
        page.on('requestfailed', (request) => loads.get(page)?.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
      },
    },
  );

  const heaviest = [...weighed].sort((a, b) => b.total - a.total);
  for (const w of heaviest.slice(0, 5)) {
    t.diagnostic(`${kb(w.total)} ${w.url} (${w.parts.map((p) => `${new URL(p.url).pathname} ${kb(p.bytes)} ${p.encoding}`).join(', ')})`);
  }
  const lightest = heaviest[heaviest.length - 1];
  if (lightest) t.diagnostic(`lightest: ${kb(lightest.total)} ${lightest.url}; ${weighed.length} pages weighed`);

  const failed = weighed.flatMap((w) => w.failed.map((f) => `${w.url}: ${f}`));
  assert.deepEqual(failed, [], 'requests that failed while loading pages');
  // Every page's stylesheet and script were fetched, not taken from a cache.
  for (const w of weighed) {
    const fetched = w.parts.map((p) => new URL(p.url).pathname);
    assert.ok(
      fetched.some((p) => p.endsWith('.css')) && fetched.some((p) => p.endsWith('.js')),
      `${w.url}: the stylesheet and script were not both fetched (${fetched.join(', ')})`,
    );
  }
  const htmlAndCss = (w: Weighed) => w.parts.filter((p) => !new URL(p.url).pathname.endsWith('.js')).reduce((n, p) => n + p.bytes, 0);
  const heaviestHtmlCss = [...weighed].sort((a, b) => htmlAndCss(b) - htmlAndCss(a))[0];
  if (heaviestHtmlCss) t.diagnostic(`most HTML and CSS: ${kb(htmlAndCss(heaviestHtmlCss))} ${heaviestHtmlCss.url}`);
  assert.deepEqual(
    weighed.filter((w) => htmlAndCss(w) > HTML_CSS_BUDGET).map((w) => `${w.url}: ${kb(htmlAndCss(w))}`),
    [],
    `pages over ${kb(HTML_CSS_BUDGET)} of HTML and CSS (with headers, as transferred)`,
  );
  const over = heaviest.filter((w) => w.total > BUDGET);
  assert.deepEqual(
    over.map((w) => `${w.url}: ${kb(w.total)}`),
    [],
    `pages over the ${kb(BUDGET)} budget (HTML, CSS, JS and headers as transferred)`,
  );
});
