// Browser tests' shared set-up: one Haven listening on a real port and one Debian Chromium per
// test file, contexts with JavaScript on or off, the sitemap, and keyboard helpers. No browser is
// ever downloaded: Chromium comes from Debian (.ci/run installs it), and a missing one fails the
// file with a message saying so.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type TestHaven, testHaven } from './haven.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The quick-exit target. LEAVE_URL must be https://, so the browser tests point it at a reserved
 * name that can never resolve (.invalid, RFC 2606) and answer it from the test itself.
 */
export const LEAVE_URL = 'https://leave.haven.invalid/neutral';
export const NEUTRAL_PAGE = '<!DOCTYPE html><html lang="en"><title>Neutral</title><p>neutral</p></html>';

/** Per-test time limits, so a page that never answers fails the test instead of hanging the run. */
export const WALK = { timeout: 480_000 };
export const JOURNEY = { timeout: 90_000 };

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    assert.fail(
      `Chromium not found at ${CHROMIUM}. The browser tests use Debian's chromium package (apt-get install chromium; .ci/run does it) and never download a browser.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A port nobody listens on now, so PUBLIC_URL (and with it the sitemap) names the real server. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type ContextOptions = {
  javaScript?: boolean;
  /**
   * Answer requests for the leave URL with a neutral page, and abort (and record) any other
   * request for a host that is not Haven, so no test ever reaches outside the machine.
   * Routing turns the HTTP cache off, so tests that weigh pages leave this off.
   */
  guard?: boolean;
};

export type Portal = {
  haven: TestHaven;
  /** http://127.0.0.1:<port>, also Haven's PUBLIC_URL. */
  origin: string;
  browser: Browser;
  /** Requests the guard stopped because they were for another host (the leave URL excepted). */
  blocked: string[];
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** Every <loc> of /sitemap.xml, as served. */
  sitemap(): Promise<string[]>;
  url(path: string): string;
};

/**
 * Starts one Haven and one Chromium for the whole test file (before the first test) and closes
 * both after the last. Call at the top of the file; call the returned function inside a test.
 */
export function usePortal(env: Record<string, string> = {}): () => Portal {
  let portal: Portal | undefined;
  let failure: unknown;
  const teardown: (() => unknown)[] = [];
  const hooks = { after: (fn: () => unknown) => void teardown.push(fn) };

  before(async () => {
    try {
      const browser = await launchChromium();
      teardown.push(() => browser.close());
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const haven = await testHaven(hooks, { PUBLIC_URL: origin, LEAVE_URL, STATUS_LOOKUPS_PER_MINUTE: '1000', ...env });
      await haven.app.listen({ port, host: '127.0.0.1' });
      const blocked: string[] = [];
      portal = {
        haven,
        origin,
        browser,
        blocked,
        url: (path) => new URL(path, origin).href,
        async newContext({ javaScript = true, guard = true } = {}) {
          const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'en-GB', serviceWorkers: 'block' });
          context.setDefaultTimeout(20_000);
          if (guard) {
            await context.route(
              (url) => url.origin !== origin,
              (route) => {
                const url = route.request().url();
                if (url.startsWith(LEAVE_URL)) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_PAGE });
                blocked.push(url);
                return route.abort('blockedbyclient');
              },
            );
          }
          return context;
        },
        async sitemap() {
          const response = await fetch(`${origin}/sitemap.xml`);
          assert.equal(response.status, 200, 'GET /sitemap.xml');
          const xml = await response.text();
          const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => decodeXml(m[1] ?? ''));
          assert.ok(locs.length > 0, 'the sitemap lists no page');
          for (const loc of locs) assert.equal(new URL(loc).origin, origin, `sitemap <loc> ${loc} is not on PUBLIC_URL ${origin}`);
          return locs;
        },
      };
    } catch (error) {
      failure = error;
      throw error;
    }
  });

  after(async () => {
    for (const step of teardown.reverse()) await step();
  });

  return () => {
    if (!portal) throw failure ?? new Error('the browser test set-up did not run');
    return portal;
  };
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The path of a URL without its locale prefix: /fr/triage/what → /triage/what. */
export function pathWithoutLocale(url: string): { locale: string; rest: string } {
  const { pathname } = new URL(url);
  const match = /^\/([a-z]{2})(\/.*)$/.exec(pathname);
  assert.ok(match, `${pathname} has no locale prefix`);
  return { locale: match[1] ?? '', rest: match[2] ?? '/' };
}

/** Runs `fn` over `items` with at most `width` at a time, keeping the order of results. */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T, worker: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (id: number) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, (_, id) => worker(id)));
  return results;
}

/**
 * Visits `urls` in `context` two at a time, each worker reusing one tab (opening a tab costs
 * more than loading a Haven page). `prepare` runs once per tab, before its first page.
 */
export async function walk<R>(
  context: BrowserContext,
  urls: string[],
  visit: (page: Page, url: string) => Promise<R>,
  options: { width?: number; prepare?: (page: Page) => Promise<void> | void } = {},
): Promise<R[]> {
  const width = Math.max(1, Math.min(options.width ?? 2, urls.length));
  const pages = await Promise.all(Array.from({ length: width }, () => context.newPage()));
  try {
    for (const page of pages) await options.prepare?.(page);
    return await inBatches(urls, width, (url, worker) => visit(pages[worker] as Page, url));
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

export type Focused = { tag: string; href: string | null; text: string; name: string | null; type: string | null; value: string | null; leave: boolean };

/** What has keyboard focus now, described well enough to find it and to report it. */
export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    return {
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      name: el.getAttribute('name'),
      type: el.getAttribute('type'),
      value: (el as HTMLInputElement).value ?? null,
      leave: el.hasAttribute('data-leave'),
    };
  });
}

/**
 * Presses Tab until the focused element satisfies `wanted`, as a keyboard user would, and fails
 * naming what was focused on the way when it is not reached within `maxTabs` presses.
 */
export async function tabTo(page: Page, what: string, wanted: (el: Focused) => boolean, maxTabs = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (el && wanted(el)) return el;
    seen.push(el ? `${el.tag}${el.href ? `[href=${el.href}]` : ''}${el.name ? `[name=${el.name}]` : ''} "${el.text.slice(0, 30)}"` : '(nothing)');
  }
  assert.fail(`${what} is not reachable with ${maxTabs} presses of Tab on ${page.url()}; focus went to:\n  ${seen.join('\n  ')}`);
}

/** Types text as a person does: capitals with Shift held, one key at a time. */
export async function typeLikeAPerson(page: Page, text: string): Promise<void> {
  for (const ch of text) {
    if (/[A-Z]/.test(ch)) {
      await page.keyboard.down('Shift');
      await page.keyboard.press(`Key${ch}`);
      await page.keyboard.up('Shift');
    } else {
      await page.keyboard.type(ch);
    }
  }
}
