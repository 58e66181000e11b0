// Issue 4 and DESIGN ("a way to leave the page fast"): on every page the first Tab reaches
// "Leave this site", a plain link to LEAVE_URL that sends no referrer. With JavaScript, pressing
// Shift three times (or the link) hides the page at once and replaces the history entry, so Back
// does not bring the page back; without JavaScript the link simply works.
// LEAVE_URL must be https://, so it names a host that cannot resolve and the test answers it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { focused, JOURNEY, LEAVE_URL, NEUTRAL_PAGE, usePortal, WALK, walk } from '../support/browser.ts';

const portal = usePortal();

test('on every page the first Tab reaches "Leave this site", a link to LEAVE_URL without referrer', WALK, async (t) => {
  const { sitemap, newContext } = portal();
  const urls = await sitemap();
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  const problems: string[] = [];
  await walk(context, urls, async (page, url) => {
    await page.goto(url);
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const active = document.activeElement;
      return {
        first: active && active !== document.body ? `<${active.localName}> "${(active.textContent ?? '').trim().slice(0, 40)}"` : 'nothing',
        firstIsLeave: Boolean(active?.hasAttribute('data-leave')),
        links: [...document.querySelectorAll<HTMLElement>('[data-leave]')].map((el) => ({
          tag: el.localName,
          href: el.getAttribute('href'),
          rel: el.getAttribute('rel') ?? '',
          visible: el.offsetWidth > 0 && el.offsetHeight > 0 && getComputedStyle(el).visibility === 'visible',
        })),
      };
    });
    if (!seen.firstIsLeave) problems.push(`${url}: the first Tab focuses ${seen.first}, not the leave link`);
    if (seen.links.length !== 1) problems.push(`${url}: ${seen.links.length} elements with data-leave`);
    for (const link of seen.links) {
      if (link.tag !== 'a') problems.push(`${url}: the leave control is a <${link.tag}>, not a link`);
      if (link.href !== LEAVE_URL) problems.push(`${url}: the leave link goes to ${link.href}, not LEAVE_URL (${LEAVE_URL})`);
      if (!link.rel.split(/\s+/).includes('noreferrer')) problems.push(`${url}: the leave link's rel is "${link.rel}", without noreferrer`);
      if (!link.visible) problems.push(`${url}: the leave link is not visible`);
    }
  });
  t.diagnostic(`${urls.length} pages checked`);
  assert.deepEqual(problems, [], `leave link problems:\n  ${problems.join('\n  ')}`);
});

/**
 * Opens a neutral page, then two Haven pages, so the history is [neutral, home, help]; the leave
 * URL's answer is held back until `release()`, so the test can look at the Haven page while the
 * browser is leaving it.
 */
async function openTwoPages(page: Page, origin: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const referrers: (string | undefined)[] = [];
  await page.route(`${LEAVE_URL}**`, async (route: Route) => {
    referrers.push(route.request().headers().referer);
    await released;
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_PAGE });
  });
  await page.route('https://before.haven.invalid/', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_PAGE }));
  await page.goto('https://before.haven.invalid/');
  await page.goto(`${origin}/en/`);
  await page.goto(`${origin}/en/help`);
  const before = await page.evaluate(() => history.length);
  return { release, referrers, before };
}

type Cover = { leaving: boolean; bodyVisibility: string; title: string };

/**
 * Reports how the page looks the moment its class changes. Through the console, because while a
 * navigation is pending (the neutral page is held back) neither Playwright's evaluate nor CDP's
 * Runtime.evaluate answers, but the page itself still runs and logs.
 */
async function watchCover(page: Page): Promise<() => Promise<Cover>> {
  const seen = new Promise<Cover>((resolve) => {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('haven-test-cover ')) resolve(JSON.parse(text.slice('haven-test-cover '.length)) as Cover);
    });
  });
  await page.evaluate(() => {
    new MutationObserver(() => {
      const state = {
        leaving: document.documentElement.classList.contains('leaving'),
        bodyVisibility: getComputedStyle(document.body).visibility,
        title: document.title,
      };
      console.log(`haven-test-cover ${JSON.stringify(state)}`);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  });
  return () =>
    Promise.race([seen, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the page was not covered within 5 s of the shortcut')), 5000))]);
}

async function assertLeft(page: Page, origin: string, before: number, referrers: (string | undefined)[]) {
  await page.waitForURL(LEAVE_URL);
  assert.equal(await page.locator('p').textContent(), 'neutral', 'the neutral page is shown');
  assert.deepEqual(referrers, [undefined], 'the leave URL was asked for once, without a referrer');
  assert.equal(await page.evaluate(() => history.length), before, 'leaving replaced the history entry instead of adding one');
  await page.goBack();
  assert.notEqual(page.url(), `${origin}/en/help`, 'Back does not return to the page that was open');
  assert.equal(page.url(), `${origin}/en/`, 'Back goes to the page before it');
}

/**
 * Opens two pages with JavaScript on, does `act` on the second while the leave URL's answer is
 * held back, checks the page was covered at once (and whatever `check` adds), then that the
 * browser left without a history entry or a referrer.
 */
async function leaveWithJavaScript(t: { after(fn: () => unknown): void }, act: (page: Page) => Promise<void>, check?: (covered: Cover) => void) {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const { release, referrers, before } = await openTwoPages(page, origin);
  try {
    const cover = await watchCover(page);
    await act(page);
    // While the neutral page is still on its way, the Haven page is already covered.
    const covered = await cover();
    assert.ok(covered.leaving, 'the page gets the class "leaving" at once');
    assert.equal(covered.bodyVisibility, 'hidden', 'the page content is hidden at once');
    check?.(covered);
  } finally {
    release();
  }
  await assertLeft(page, origin, before, referrers);
}

test('with JavaScript, Shift pressed three times hides the page at once and leaves without a history entry', JOURNEY, async (t) => {
  await leaveWithJavaScript(
    t,
    async (page) => {
      // Two presses do nothing.
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('leaving')), false, 'two presses of Shift do not leave');
      await page.keyboard.press('Shift');
    },
    (covered) => assert.doesNotMatch(covered.title, /help|Haven/i, 'the tab title no longer names the page'),
  );
});

test('with JavaScript, the leave link (Enter) also leaves without a history entry', JOURNEY, async (t) => {
  await leaveWithJavaScript(t, async (page) => {
    await page.keyboard.press('Tab');
    assert.ok((await focused(page))?.leave, 'the first Tab focuses the leave link');
    await page.keyboard.press('Enter');
  });
});

test('without JavaScript, the leave link is a plain link that works with Enter', JOURNEY, async (t) => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: false });
  t.after(() => context.close());
  const page = await context.newPage();
  const { release, referrers, before } = await openTwoPages(page, origin);
  release();
  await page.keyboard.press('Tab');
  assert.ok((await focused(page))?.leave, 'the first Tab focuses the leave link');
  await Promise.all([page.waitForURL(LEAVE_URL), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('p').textContent(), 'neutral');
  assert.deepEqual(referrers, [undefined], 'the leave URL was asked for without a referrer');
  // A plain link adds an entry; that is the price of having no script, and why the shortcut exists.
  assert.equal(await page.evaluate(() => history.length), before + 1);
});
