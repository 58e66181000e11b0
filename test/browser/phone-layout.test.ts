// Issue 15, on a 390 px phone screen in real Chromium: no element of any page is wider than the
// screen (the law table's penalty column was cut off); the receipt number never wraps inside a
// group of four; and the menu under the site's name works without JavaScript, below a "Leave
// this site" bar that stays at the top of the first screen and gets the first Tab.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { focused, JOURNEY, usePortal, WALK, walk } from '../support/browser.ts';

const portal = usePortal();
const PHONE = { width: 390, height: 844 };
const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** What sticks out to the right of the screen, or makes the page scroll sideways. */
async function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      const name = `<${el.localName}${el.className ? ` class="${el.className}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      found.push(`${name} reaches ${Math.round(box.right)} px`);
    }
    return found.slice(0, 5);
  });
}

/** Sends the form on the page as it is and waits for the answer. */
async function send(page: Page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
  return response;
}

async function fileOnlineReport(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/en/report/online`);
  await page.locator('textarea[name=urls]').fill('https://example.invalid/a-page');
  await page.locator('input[name=category]').first().check();
  assert.equal((await send(page))?.status(), 200, 'the report is accepted');
  const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
  assert.match(receipt, RECEIPT, 'the copied text of the number is the number, grouped');
  return receipt;
}

test('on a 390 px screen, no element of any page is wider than the screen', WALK, async (t) => {
  const { origin, sitemap, newContext } = portal();
  const urls = await sitemap();
  const problems: string[] = [];

  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  await walk(
    context,
    urls,
    async (page, url) => {
      await page.goto(url);
      for (const p of await tooWide(page)) problems.push(`${url}: ${p}`);
      // The menu must not push the page itself off the first screen.
      const header = await page.locator('header.site').boundingBox();
      if (!header || header.y + header.height > PHONE.height / 4) problems.push(`${url}: the header ends at ${header?.y} + ${header?.height} px`);
    },
    { prepare: (page) => page.setViewportSize(PHONE) },
  );

  // Pages reached by acting, without JavaScript (as the plainest phone browser).
  const plain = await newContext({ javaScript: false });
  t.after(() => plain.close());
  const page = await plain.newPage();
  await page.setViewportSize(PHONE);
  const check = async (what: string) => {
    for (const p of await tooWide(page)) problems.push(`${what}: ${p}`);
  };
  for (const [locale, channel] of [
    ['de', 'child-abuse'],
    ['fr', 'travel'],
    ['de', 'online'],
  ] as const) {
    await page.goto(`${origin}/${locale}/report/${channel}`);
    await check(`the ${channel} form (${locale})`);
    assert.equal((await send(page))?.status(), 400);
    await check(`the ${channel} form with errors (${locale})`);
  }
  const receipt = await fileOnlineReport(page, origin);
  await check('the receipt page');
  for (const [locale, number] of [
    ['de', receipt],
    ['fr', 'WXYZ-WXYZ-WXYZ-WXYZ'],
  ] as const) {
    await page.goto(`${origin}/${locale}/report/status`);
    await page.locator('input[name=receipt]').fill(number);
    await send(page);
    await check(`the status page, ${number === receipt ? 'found' : 'not found'} (${locale})`);
  }
  await page.goto(`${origin}/de/does-not-exist`);
  await check('a missing page');

  t.diagnostic(`${urls.length} pages of the sitemap and 10 answers checked at ${PHONE.width} px`);
  assert.deepEqual(problems, [], `wider than a ${PHONE.width} px screen:\n  ${problems.join('\n  ')}`);
});

/** The lines each group of the receipt number takes, and how many lines the number takes. */
async function receiptLines(page: Page) {
  // One function, no named helpers inside: the test runner's compiler would name them with a
  // helper the page does not have.
  return page.evaluate(() => {
    const number = document.getElementById('receipt') as HTMLElement;
    // The lines an element's text takes: the distinct tops of its text's boxes.
    const all = [number, ...number.querySelectorAll<HTMLElement>('.receipt-group')].map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return {
        text: el.textContent ?? '',
        lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
        right: el.getBoundingClientRect().right,
      };
    });
    return { number: all[0]?.lines ?? 0, groups: all.slice(1), width: document.documentElement.clientWidth };
  });
}

test('the receipt number never wraps inside a group: on one line at 390 px, between groups when it must', JOURNEY, async (t) => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  await fileOnlineReport(page, origin);

  const phone = await receiptLines(page);
  assert.equal(phone.groups.length, 4, 'four groups');
  assert.equal(phone.number, 1, `at ${PHONE.width} px the whole number is on one line: ${JSON.stringify(phone)}`);

  // A narrow phone with the text made larger (as a visitor's settings can): the number wraps,
  // but only after a dash, and still fits the screen.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  const large = await receiptLines(page);
  assert.ok(large.number > 1, 'at 320 px with large text the number needs more than one line');
  for (const g of large.groups) {
    assert.equal(g.lines, 1, `the group ${g.text} is on one line: ${JSON.stringify(large)}`);
    assert.ok(g.right <= large.width + 0.5, `the group ${g.text} stays on the screen`);
  }
});

test('without JavaScript, on a phone, the menu leads to help, reporting and the topics; "Leave this site" stays first', JOURNEY, async (t) => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: false });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  await page.goto(`${origin}/en/grooming`);

  await page.keyboard.press('Tab');
  assert.ok((await focused(page))?.leave, 'the first Tab reaches "Leave this site"');
  const leave = await page.locator('[data-leave]').boundingBox();
  assert.ok(leave && leave.y === 0 && leave.height > 0, '"Leave this site" is at the top of the first screen');
  const menu = page.locator('nav.menu');
  assert.ok(await menu.isVisible(), 'the menu is visible');
  const box = await menu.boundingBox();
  assert.ok(box && box.y + box.height < PHONE.height / 4, 'on the first screen, near its top');

  // Below the sticky "Leave this site" bar, not under it.
  const belowTheBar = async (selector: string) => {
    const bar = await page.locator('[data-leave]').boundingBox();
    const target = await page.locator(selector).boundingBox();
    assert.ok(bar && target, selector);
    assert.ok(
      target.y >= bar.y + bar.height - 1 && target.y < PHONE.height,
      `${selector} is visible below the bar (at ${target.y}, bar ends at ${bar.y + bar.height})`,
    );
  };

  await menu.getByRole('link', { name: 'Topics' }).click();
  assert.equal(new URL(page.url()).hash, '#topics');
  await belowTheBar('#topics');
  const topics = page.locator('#topics + ul a');
  assert.ok((await topics.count()) >= 3, 'the topics are listed');
  const other = (await topics.allTextContents()).find((text) => !/grooming/i.test(text));
  assert.ok(other);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/en/grooming'),
    page.locator('#topics + ul').getByRole('link', { name: other, exact: true }).click(),
  ]);
  assert.equal((await page.locator('h1').textContent())?.trim(), other, 'another topic is one tap away');

  await Promise.all([page.waitForURL(`${origin}/en/#report`), page.locator('nav.menu').getByRole('link', { name: 'Report' }).click()]);
  await belowTheBar('#report');
  assert.ok(await page.locator('#report ~ .buttons').isVisible(), 'the report buttons follow');

  await Promise.all([page.waitForURL(`${origin}/en/help`), page.locator('nav.menu').getByRole('link', { name: 'Get help' }).click()]);
  assert.equal(await page.locator('nav.menu [aria-current=page]').textContent(), 'Get help');
});
