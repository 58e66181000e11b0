// The public pages of news and publications in real Chromium, in English, French and German,
// JavaScript on and off, on a 390 px screen: the news list with no news (it says so), then with a
// published item (list, item page, a second page of the list), the publications (a seed shown in
// English on the French and German pages) pass axe, fit the screen and set no cookie; and so do the
// editors' pages (lists, an item's form, its preview, a publication's PDF form).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { signedInEditor } from '../casework/support.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { inspectPage, type PageChecks, PHONE, pageWithSession, submit } from '../support/page-checks.ts';
import { itemForm } from './support.ts';

const portal = usePortal();

test('the news and publications pages pass axe, fit a 390 px screen and set no cookie, JavaScript on and off', { timeout: JOURNEY.timeout * 2 }, async () => {
  const { origin, newContext, haven } = portal();
  const checker = await newContext({ javaScript: true });
  const problems: string[] = [];

  // No news yet: the page says so, in each language.
  const empty = await newContext({ javaScript: false });
  const emptyPage = await empty.newPage();
  await emptyPage.setViewportSize(PHONE);
  for (const lang of ['en', 'fr', 'de']) {
    const response = await emptyPage.goto(`${origin}/${lang}/news`);
    assert.equal(response?.status(), 200);
    assert.equal(await emptyPage.locator('main ol').count(), 0, `${lang}: no list`);
    await inspectPage({ javaScript: false, checker, problems, checked: [] }, emptyPage, `${lang} empty news`);
  }
  await empty.close();

  // Eleven news items, published by an editor through the office: two pages of the list.
  const editor = await signedInEditor(haven);
  for (let i = 1; i <= 11; i++) {
    const id = `news-${i}`;
    const fields = itemForm({
      id,
      date: `2026-10-${String(i).padStart(2, '0')}`,
      en: {
        title: `A news item with a rather long title to wrap on a phone, number ${i}`,
        summary: 'What it is about, in a sentence.',
        body: 'Some **text** and [a link](https://example.org).',
      },
      fr: { title: `Une actualité numéro ${i}`, body: 'Du **texte**.' },
      fallback: ['de'],
    });
    assert.equal((await editor.post('/office/news/new', fields)).statusCode, 303);
    assert.equal((await editor.post(`/office/news/${id}/publish`)).statusCode, 303);
  }

  for (const javaScript of [true, false]) {
    const run: PageChecks = { javaScript, checker, problems, checked: [] };
    const check = (page: Page, label: string) => inspectPage(run, page, label);
    const context = await newContext({ javaScript });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const lang of ['en', 'fr', 'de']) {
      for (const path of ['/news', '/news?page=2', '/news/news-11', '/publications', '/publications/country-monitoring-luxembourg-2017']) {
        const response = await page.goto(`${origin}/${lang}${path}`);
        assert.equal(response?.status(), 200, `${lang}${path}`);
        assert.equal(response?.headers()['set-cookie'], undefined, 'no cookie');
        await check(page, `${lang}${path} (js ${javaScript})`);
      }
      // The list's links lead from page to page without a script.
      await page.goto(`${origin}/${lang}/news`);
      await Promise.all([page.waitForNavigation(), page.locator('a[rel=next]').click()]);
      assert.equal(new URL(page.url()).search, '?page=2');
      assert.equal(await page.locator('main ol > li').count(), 1);
    }
    await context.close();
  }

  // The editors' pages too, on a phone: the lists, an item's page with its preview, a publication's page.
  const office = await pageWithSession(portal(), editor.cookie);
  const officeRun: PageChecks = { javaScript: true, checker, problems, checked: [] };
  for (const path of [
    '/office/news',
    '/office/publications',
    '/office/news/new',
    '/office/publications/country-monitoring-luxembourg-2017',
    '/office/news/news-3',
  ]) {
    assert.equal((await office.page.goto(`${origin}${path}`))?.status(), 200, path);
    await inspectPage(officeRun, office.page, path);
  }
  const preview = await submit(office.page, '/office/news/news-3', 'button[value=preview]');
  assert.equal(preview?.status(), 200);
  assert.equal(await office.page.locator('#preview').count(), 1);
  await inspectPage(officeRun, office.page, 'preview');
  await office.context.close();
  assert.deepEqual(problems, [], `problems on the news and publications pages:\n${problems.join('\n')}`);
});
