// The monitoring pages in real Chromium. Public (English, French, German, JavaScript on and off):
// the countries with the comparison of two countries, and a country's page with an earlier
// assessment opened, pass axe, set no cookie and fit a 390 px screen, the comparison table whole
// (no sideways scrolling inside its region either). The editors' pages (the list, a country, the
// forms sent back with their messages) pass axe and fit the screen too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { signedInEditor } from '../casework/support.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { axeViolations, inspectPage, type PageChecks, PHONE, pageWithSession, phoneOverflow } from '../support/page-checks.ts';

const portal = usePortal();

/** Whatever the comparison table would hide: a table wider than its column, a cell past the screen. */
async function tableCut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const table of document.querySelectorAll<HTMLElement>('table')) {
      const room = table.parentElement?.clientWidth ?? width;
      if (table.scrollWidth > room) out.push(`the table is ${table.scrollWidth} px wide in ${room} px`);
      for (const cell of table.querySelectorAll<HTMLElement>('th, td')) {
        const box = cell.getBoundingClientRect();
        if (box.right > width + 0.5) out.push(`"${cell.textContent}" reaches ${Math.round(box.right)} px`);
      }
    }
    return out;
  });
}

test('the monitoring pages pass axe, fit a 390 px screen and set no cookie, JavaScript on and off', JOURNEY, async () => {
  const { origin, newContext, haven } = portal();
  // A second country, and a second assessment with long German words: two columns to compare, a history to open.
  const editor = await signedInEditor(haven);
  assert.equal((await editor.post('/office/monitoring/countries', { country: 'DE' })).statusCode, 303);
  const assessment = {
    state: 'partly',
    verification: 'verified',
    'evidence-en': 'A second assessment.',
    'evidence-fr': 'Une deuxième évaluation.',
    'evidence-de': 'Eine zweite Bewertung der Strafverfolgungszuständigkeitsregelungen.',
    assessedOn: '2026-12-11',
    'source-0-title': 'Bundesministerium für Justiz und Verbraucherschutz',
    'source-0-url': 'https://example.org/a/very/long/address/that/should/wrap/and/never/widen/the/page',
  };
  // Two checked assessments: the first is shown as history (the seed's draft is not).
  assert.equal((await editor.post('/office/monitoring/lu/indicators/age-of-consent', { ...assessment, assessedOn: '2026-12-10' })).statusCode, 303);
  assert.equal((await editor.post('/office/monitoring/lu/indicators/age-of-consent', assessment)).statusCode, 303);

  const checker = await newContext({ javaScript: true });
  const problems: string[] = [];
  for (const javaScript of [true, false]) {
    const run: PageChecks = { javaScript, checker, problems, checked: [] };
    const context = await newContext({ javaScript });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const lang of ['en', 'fr', 'de']) {
      for (const path of [`/${lang}/monitoring`, `/${lang}/monitoring/lu`, `/${lang}/monitoring/de`]) {
        const response = await page.goto(`${origin}${path}`);
        assert.equal(response?.status(), 200, path);
        assert.equal(response?.headers()['set-cookie'], undefined, `${path}: no cookie`);
        if (path.endsWith('/lu')) await page.locator('details summary').first().click();
        await inspectPage(run, page, `${path} (js ${javaScript})`);
        for (const cut of await tableCut(page)) problems.push(`${path} (js ${javaScript}): ${cut}`);
      }
      const compare = page.locator('table.stacked');
      await page.goto(`${origin}/${lang}/monitoring`);
      assert.equal(await compare.locator('thead th').count(), 3, 'the indicator and two countries');
      assert.equal(await compare.locator('tbody tr').count(), 9, 'nine indicators');
    }
    await context.close();
  }

  // The editors' pages, signed in (JavaScript on), the forms sent back with their messages.
  const { context, page } = await pageWithSession(portal(), editor.cookie);
  const office = async (label: string) => problems.push(...[...(await axeViolations(page)), ...(await phoneOverflow(page))].map((p) => `${label}: ${p}`));
  for (const path of [
    '/office/monitoring',
    '/office/monitoring/lu',
    '/office/monitoring/lu/indicators/age-of-consent',
    '/office/monitoring/lu/facts/new',
    '/office/monitoring/lu/facts/tip-tier-2017',
  ]) {
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response?.status(), 200, path);
    await office(path);
  }
  await page.goto(`${origin}/office/monitoring/lu/indicators/background-checks`);
  await page.locator('#state-first').check();
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('.error-summary');
  await office('assessment refused');
  await page.goto(`${origin}/office/monitoring/lu/facts/new`);
  await page.locator('#value').fill('many');
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('.error-summary');
  await office('fact refused');
  await context.close();

  assert.deepEqual(problems, [], `problems on the monitoring pages:\n${problems.join('\n')}`);
});
