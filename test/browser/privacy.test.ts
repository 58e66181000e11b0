// Issue 4 and the anonymity promise (DESIGN, security model 3 and 8), checked in real Chromium on
// every page of the sitemap and along a report and its status look-up: no cookie is set, nothing
// is requested from another host, no referrer is sent, and no script runs that is written into a
// page (Content-Security-Policy without 'unsafe-inline', and no CSP violation in the console).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Request, Response } from 'playwright-core';
import { JOURNEY, usePortal, WALK, walk } from '../support/browser.ts';

const portal = usePortal();

type Findings = {
  cookies: string[];
  foreign: string[];
  referrers: string[];
  inline: string[];
  csp: string[];
  console: string[];
  scriptErrors: string[];
};

const emptyFindings = (): Findings => ({ cookies: [], foreign: [], referrers: [], inline: [], csp: [], console: [], scriptErrors: [] });

/** Watches everything a page does; `done()` waits for the header checks still running. */
function watch(page: Page, origin: string, found: Findings) {
  const pending: Promise<unknown>[] = [];
  const where = () => page.url();
  page.on('request', (request: Request) => {
    if (new URL(request.url()).origin !== origin) found.foreign.push(`${where()} requested ${request.url()}`);
    pending.push(
      request.headerValue('referer').then((referrer) => {
        if (referrer) found.referrers.push(`${request.url()} was sent Referer: ${referrer}`);
      }),
    );
  });
  page.on('response', (response: Response) => {
    pending.push(
      response.headerValue('set-cookie').then((cookie) => {
        if (cookie) found.cookies.push(`${response.url()} answered Set-Cookie: ${cookie}`);
      }),
    );
    if (response.request().resourceType() === 'document') pending.push(checkDocument(response, found));
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy/i.test(text)) found.console.push(`${where()}: ${text}`);
  });
  page.on('pageerror', (error) => found.scriptErrors.push(`${where()}: ${error.message}`));
  return { done: () => Promise.all(pending) };
}

/** The page as served: its CSP header, and no script written into the HTML. */
async function checkDocument(response: Response, found: Findings): Promise<void> {
  const url = response.url();
  const csp = await response.headerValue('content-security-policy');
  if (!csp) {
    found.csp.push(`${url}: no Content-Security-Policy header`);
  } else {
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name?.toLowerCase() ?? '', values]),
    );
    if (/'unsafe-inline'|'unsafe-eval'/i.test(csp)) found.csp.push(`${url}: CSP allows inline or eval'd script: ${csp}`);
    if (!directives.has('script-src') && !directives.has('default-src')) found.csp.push(`${url}: CSP does not restrict scripts: ${csp}`);
  }
  // Parse what was served (not the DOM after scripts ran) the way a browser does.
  const html = await response.text();
  const problems = await page(response).evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'text/html');
    const out: string[] = [];
    for (const script of doc.querySelectorAll('script')) {
      if (!script.hasAttribute('src')) out.push(`inline <script>${(script.textContent ?? '').slice(0, 60)}</script>`);
    }
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) out.push(`<${el.localName} ${attr.name}="${attr.value.slice(0, 40)}">`);
        if (['href', 'src', 'action', 'formaction'].includes(attr.name) && /^\s*javascript:/i.test(attr.value))
          out.push(`<${el.localName} ${attr.name}="${attr.value}">`);
      }
    }
    return out;
  }, html);
  for (const p of problems) found.inline.push(`${url}: ${p}`);
}

function page(response: Response): Page {
  const frame = response.frame();
  return frame.page();
}

/** Fails naming everything found, every kind at once, so one run shows the whole problem. */
function assertNothingFound(found: Findings, cookies: { name: string; domain: string }[], blocked: string[]) {
  const kinds: [string, string[]][] = [
    ['responses that set a cookie', found.cookies],
    ['cookies the browser holds after the visit', cookies.map((c) => `${c.name} for ${c.domain}`)],
    ['requests for another host', [...new Set([...found.foreign, ...blocked])]],
    ['requests that carried a referrer', found.referrers],
    ['script written into a page', found.inline],
    ['Content-Security-Policy problems', found.csp],
    ['CSP violations in the console', found.console],
    ['script errors', found.scriptErrors],
  ];
  const problems = kinds
    .filter(([, list]) => list.length)
    .map(([what, list]) => `${what}:\n    ${list.slice(0, 20).join('\n    ')}${list.length > 20 ? `\n    … ${list.length - 20} more` : ''}`);
  assert.equal(problems.length, 0, problems.join('\n'));
}

test('no page of the sitemap sets a cookie, contacts another host, sends a referrer or runs inline script', WALK, async (t) => {
  const { origin, sitemap, newContext, blocked } = portal();
  const urls = await sitemap();
  const found = emptyFindings();
  // JavaScript on: the script is what could set a cookie or call out. The guard aborts any request
  // for another host, so nothing leaves the machine even when this test is about to fail.
  const context = await newContext({ javaScript: true, guard: true });
  t.after(() => context.close());
  const watchers = new Map<Page, ReturnType<typeof watch>>();
  await walk(
    context,
    urls,
    async (page, url) => {
      const response = await page.goto(url);
      assert.equal(response?.status(), 200, `GET ${url}`);
      await watchers.get(page)?.done();
    },
    { prepare: (page) => void watchers.set(page, watch(page, origin, found)) },
  );
  t.diagnostic(`visited ${urls.length} pages`);
  assertNothingFound(found, await context.cookies(), blocked);
});

test('sending a report and following it sets no cookie, contacts no other host and sends no referrer', JOURNEY, async (t) => {
  const { origin, newContext, blocked } = portal();
  for (const javaScript of [true, false]) {
    const found = emptyFindings();
    const context = await newContext({ javaScript, guard: true });
    t.after(() => context.close());
    const page = await context.newPage();
    const watcher = watch(page, origin, found);
    const send = () => Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]).then(([r]) => r);

    await page.goto(`${origin}/fr/report/online`);
    assert.equal((await send())?.status(), 400, 'an empty form comes back with errors');
    await page.locator('textarea[name=urls]').fill('https://example.invalid/seen-here');
    await page.locator('input[name=category]').first().check();
    assert.equal((await send())?.status(), 200, 'a valid report is accepted');
    const receipt = /[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}/.exec((await page.locator('#receipt').textContent()) ?? '')?.[0];
    assert.ok(receipt, 'the receipt page shows the identification number');
    await page.goto(`${origin}/fr/report/status`);
    await page.locator('input[name=receipt]').fill(receipt);
    assert.equal((await send())?.status(), 200, 'the status look-up finds the report');
    await watcher.done();
    assertNothingFound(found, await context.cookies(), blocked);
  }
});
