// Issue 15, a report form sent with mistakes, in real Chromium with JavaScript on, on a 390 px
// phone and a desktop screen: the error summary that takes focus shows its heading below the
// sticky "Leave this site" bar, not under it; so does a field reached from the summary's links;
// the Send button has room below it before the footer; and a field's limit counts down as the
// server counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { JOURNEY, usePortal } from '../support/browser.ts';

const portal = usePortal();
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

/** How far below the leave bar's bottom edge `selector`'s top edge is (negative: under the bar). */
async function belowLeaveBar(page: Page, selector: string): Promise<number> {
  const bar = await page.locator('[data-leave]').boundingBox();
  const target = await page.locator(selector).boundingBox();
  assert.ok(bar && target, `the leave bar and ${selector} are on the screen`);
  return target.y - (bar.y + bar.height);
}

for (const [screen, size] of Object.entries(SCREENS)) {
  test(`JavaScript on, ${screen}: after an invalid send the error summary and the fields it links to are below the leave bar`, JOURNEY, async (t) => {
    const { origin, newContext } = portal();
    const context = await newContext({ javaScript: true });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.setViewportSize(size);
    for (const channel of ['child-abuse', 'online'] as const) {
      await page.goto(`${origin}/en/report/${channel}`);
      const send = page.locator('main form button[type=submit]');
      // As a visitor sends it: scrolled down to the button, the page then replaced by the answer.
      await send.scrollIntoViewIfNeeded();
      const [response] = await Promise.all([page.waitForNavigation(), send.click()]);
      assert.equal(response?.status(), 400, `${channel}: the empty form is refused`);
      await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'));

      const heading = await belowLeaveBar(page, '.error-summary h2');
      assert.ok(heading >= 0, `${channel}: the summary's heading starts ${-heading} px under the leave bar`);
      const box = await page.locator('.error-summary h2').boundingBox();
      assert.ok(box && box.y + box.height <= size.height, `${channel}: the summary's heading is on the screen`);

      // Each link of the summary brings its field below the bar, with its label or legend.
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      assert.ok(links.length > 0, `${channel}: the summary links to the wrong fields`);
      for (const href of links) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.locator(`.error-summary a[href="${href}"]`).click();
        const id = href.slice(1);
        // The whole field: its label or legend, hint and message, not the control alone.
        const below = await belowLeaveBar(page, `.field:has([id="${id}"])`);
        assert.ok(below >= 0, `${channel}: the field of ${href} starts ${-below} px under the leave bar`);
        assert.equal(await page.evaluate(() => document.activeElement?.id), id, `${channel}: ${href} moves focus to its control`);
      }
    }
  });

  test(`${screen}: the Send button has room below it before the footer`, JOURNEY, async (t) => {
    const { origin, newContext } = portal();
    const context = await newContext({ javaScript: false });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.setViewportSize(size);
    for (const channel of ['child-abuse', 'travel', 'online'] as const) {
      await page.goto(`${origin}/fr/report/${channel}`);
      const button = await page.locator('main form button[type=submit]').boundingBox();
      const footer = await page.locator('footer.site').boundingBox();
      assert.ok(button && footer, `${channel}: the button and the footer are there`);
      const gap = footer.y - (button.y + button.height);
      // At least two lines of text (the root font is 18 px) between the button and the footer.
      assert.ok(gap >= 48, `${channel}: ${Math.round(gap)} px between Send and the footer`);
    }
  });
}

test('JavaScript on: a field counts down to its limit as the server counts, and a paste past it is kept whole', JOURNEY, async (t) => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.setViewportSize(SCREENS.phone);
  await page.goto(`${origin}/en/report/online`);
  const count = page.locator('#description ~ .count');
  assert.equal(await count.textContent(), 'You have 5,000 characters remaining');
  assert.equal(await page.locator('#description').getAttribute('maxlength'), null, 'no maxlength to cut a paste');

  // 5,000 characters as the server counts them, in 5,010 UTF-16 code units: ten accents typed as
  // a letter and a combining mark (the server reads them NFC-normalised).
  const text = `${'e\u0301'.repeat(10)}${'x'.repeat(4990)}`;
  await page.locator('#description').focus();
  await page.keyboard.insertText(text);
  assert.ok((await page.locator('#description').inputValue()) === text, 'nothing is cut');
  assert.equal(await count.textContent(), 'You have 0 characters remaining');
  // Past the limit (a long paste): kept whole, and the count says by how much.
  await page.keyboard.insertText(' the account name is xyz');
  assert.ok((await page.locator('#description').inputValue()).endsWith('the account name is xyz'), 'the end of the paste is kept');
  assert.match((await count.textContent()) ?? '', /24 characters too many/);
  // Told to screen readers (politely) once typing pauses near the limit.
  await page.waitForFunction(() => /too many/.test(document.querySelector('#description ~ [aria-live=polite]')?.textContent ?? ''));
  // Shortened again, the report is taken.
  await page.locator('#description').fill(text);

  await page.locator('textarea[name=urls]').fill('https://example.invalid/a-page');
  await page.locator('input[name=category]').first().check();
  const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
  assert.equal(response?.status(), 200, 'the report is taken');
});
