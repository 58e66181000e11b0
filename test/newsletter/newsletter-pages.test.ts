// The newsletter's public pages in real Chromium, in English, French and German, JavaScript on
// and off: the subscribe form (empty, and refused with its message), a confirmation link's page
// and an unsubscribe link's page pass axe, fit a 390 px screen and set no cookie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { inspectPage, type PageChecks, PHONE } from '../support/page-checks.ts';

const portal = usePortal();

test('the newsletter pages pass axe, fit a 390 px screen and set no cookie, JavaScript on and off', JOURNEY, async () => {
  const { origin, newContext, haven } = portal();
  const checker = await newContext({ javaScript: true });
  const problems: string[] = [];
  // A subscriber, so that the confirmation page has a link to show.
  await haven.newsletter.subscribe('pages-check@example.org', 'en');

  for (const javaScript of [true, false]) {
    const run: PageChecks = { javaScript, checker, problems, checked: [] };
    const check = (page: Page, label: string) => inspectPage(run, page, label);
    const context = await newContext({ javaScript });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const lang of ['en', 'fr', 'de']) {
      const response = await page.goto(`${origin}/${lang}/newsletter`);
      assert.equal(response?.status(), 200);
      assert.equal(response?.headers()['set-cookie'], undefined, 'no cookie');
      await check(page, `${lang} subscribe (js ${javaScript})`);
      await page.locator('input[type=email], input[name=email]').first().fill('not an address');
      const [refused] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
      assert.equal(refused?.status(), 400, 'a wrong address is refused');
      await check(page, `${lang} refused (js ${javaScript})`);
      for (const path of [`/${lang}/newsletter/confirm/unknown-token`, `/${lang}/newsletter/unsubscribe/unknown-token`]) {
        const answer = await page.goto(`${origin}${path}`);
        assert.ok(answer && [200, 404].includes(answer.status()), path);
        await check(page, `${path} (js ${javaScript})`);
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, [], `problems on the newsletter pages:\n${problems.join('\n')}`);
});
