// The back-office pages of members, organisations, the activity log, one's account and recovery,
// in real Chromium: axe's WCAG 2.2 AA rules pass (forms sent back with errors too), nothing makes a
// 390 px screen scroll sideways (wide tables scroll inside their own region), and printed
// recovery sheets come one per page without the office's header.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, pageWithSession, phoneOverflow } from '../support/page-checks.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { demoPassword, signIn } from './support.ts';

const portal = usePortal();

/** A browser context signed in as a demo account (through the real routes). */
async function signedIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
  const { haven } = portal();
  return pageWithSession(portal(), (await signIn(haven.app, login, demoPassword(haven, login))).cookie);
}

/** axe's violations, and whatever makes the page wider than the screen (a scrolling table region aside). */
async function problemsOf(page: Page, label: string): Promise<string[]> {
  return [...(await axeViolations(page)), ...(await phoneOverflow(page))].map((p) => `${label}: ${p}`);
}

test('a supervisor’s pages pass axe and fit a 390 px screen; printed sheets come one per page', JOURNEY, async (t) => {
  const { origin, haven } = portal();
  const { context, page } = await signedIn('police-supervisor');
  t.after(() => context.close());
  const problems: string[] = [];
  const analyst = await haven.store.db.selectFrom('accounts').select('id').where('login', '=', 'police-analyst').executeTakeFirstOrThrow();

  for (const path of [
    '/office/members',
    `/office/members/${analyst.id}/remove`,
    '/office/audit',
    '/office/account',
    '/office/recovery',
    '/office/members?lang=de',
  ]) {
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response?.status(), 200, path);
    problems.push(...(await problemsOf(page, path)));
  }

  // The invitation form sent empty comes back with its messages.
  await page.goto(`${origin}/office/members`);
  await page.locator('form[action="/office/members/invite"] button[type=submit]').click();
  await page.waitForSelector('.error-summary');
  problems.push(...(await problemsOf(page, 'members, invitation refused')));
  // A password change refused.
  await page.goto(`${origin}/office/account`);
  await page.locator('#current').fill('not my password at all');
  await page.locator('#password').fill('short');
  await page.locator('#passwordAgain').fill('short');
  await page.locator('form[action="/office/account/password"] button[type=submit]').click();
  await page.waitForSelector('.error-summary');
  problems.push(...(await problemsOf(page, 'account, password refused')));

  // Issuing the sheets: the page shown once, and how it prints.
  await page.goto(`${origin}/office/recovery`);
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/office/recovery/sheets"] button[type=submit]').click()]);
  assert.equal(await page.locator('.recovery-sheet').count(), 3);
  problems.push(...(await problemsOf(page, 'recovery sheets')));
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('header.site') as Element).display,
    breaks: [...document.querySelectorAll('.recovery-sheet')].map((s) => getComputedStyle(s).breakAfter),
  }));
  assert.equal(printed.header, 'none', 'no header or menu on paper');
  assert.deepEqual(printed.breaks.slice(0, 2), ['page', 'page'], 'one sheet per page');
  await page.emulateMedia({ media: 'screen' });

  assert.deepEqual(problems, []);
});

test('the operator admin’s pages pass axe and fit a 390 px screen', JOURNEY, async (t) => {
  const { origin } = portal();
  const { context, page } = await signedIn('operator-admin');
  t.after(() => context.close());
  const problems: string[] = [];
  for (const path of [
    '/office/organisations',
    '/office/organisations/police-demo/supervisors',
    '/office/audit',
    '/office/account?lang=fr',
    '/office/newsletter',
    '/office/newsletter?lang=de',
  ]) {
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response?.status(), 200, path);
    problems.push(...(await problemsOf(page, path)));
  }
  await page.goto(`${origin}/office/organisations`);
  await page.locator('form[action="/office/organisations"] button[type=submit]').click();
  await page.waitForSelector('.error-summary');
  problems.push(...(await problemsOf(page, 'organisations, creation refused')));
  // A newsletter issue previewed.
  await page.goto(`${origin}/office/newsletter`);
  await page.locator('textarea').first().fill('# Hello\n\nA *short* issue.');
  await page.locator('input[name=subject]').fill('December');
  await Promise.all([page.waitForNavigation(), page.locator('main button[name=intent][value=preview]').click()]);
  assert.ok((await page.locator('main').innerText()).includes('short'), 'the preview shows the issue');
  problems.push(...(await problemsOf(page, 'newsletter, preview')));
  // A refusal of the request itself is the app's error page, which passes too.
  const forbidden = await page.goto(`${origin}/office/members`);
  assert.equal(forbidden?.status(), 403);
  problems.push(...(await problemsOf(page, 'members, forbidden')));
  assert.deepEqual(problems, []);
});
