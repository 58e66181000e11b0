// Issue 15, in real Chromium: at a fixed clock of 02:46 on a Monday (Luxembourg time), the first
// line a visitor sees on the help page is one that is open, and its call link dials it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';

const MONDAY_0246 = DateTime.fromISO('2026-11-23T02:46', { zone: 'Europe/Luxembourg' }).toJSDate();

let browser: Browser;
let haven: TestHaven;
let origin: string;
const teardown: (() => unknown)[] = [];
before(async () => {
  browser = await launchChromium();
  teardown.push(() => browser.close());
  haven = await testHaven({ after: (fn: () => unknown) => void teardown.push(fn) }, {}, { now: () => MONDAY_0246 });
  origin = await haven.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  for (const step of teardown.reverse()) await step();
});

test('at 02:46 on a Monday the help list starts with an open line, JavaScript on and off', { timeout: 60_000 }, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${origin}/en/help`);
      assert.equal(response?.status(), 200);
      const first = page.locator('ul.services > li').first();
      assert.equal((await first.locator('h2').innerText()).trim(), '116 000 – missing children hotline');
      assert.ok(await first.locator('.open').isVisible(), 'the first line is shown as open');
      assert.equal(await first.locator('a[href^="tel:"]').getAttribute('href'), 'tel:116000');
      // Nothing above it in the list: the open line is the first thing after the emergency numbers and the notes.
      const names = await page.locator('ul.services > li > h2').allInnerTexts();
      assert.ok(names.length >= 5 && names[0] === '116 000 – missing children hotline', names.join(' | '));
    } finally {
      await context.close();
    }
  }
});
