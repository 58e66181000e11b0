// Issue 16's bar for editors, in Debian's Chromium: an editor signs in (the test computes the
// second factor's code), changes a help service's hours and the French text of a page, and
// publishes each; a second Haven process on the same database (PostgreSQL in CI's second run)
// shows both within 5 seconds, without a restart; the change is in the history, compared with
// the version before, and reverted, which the second process shows too. The editing pages pass
// axe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { signedInEditor } from '../casework/support.ts';
import { nextCode } from '../office/support.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { axeViolations, submit } from '../support/page-checks.ts';
import { startServer } from '../support/server-process.ts';

const portal = usePortal();
const PASSWORD = 'a lantern by the quiet harbour';
const ADDED = 'Une phrase ajoutée par la rédaction dans le navigateur.';

/** Polls the second process until `path` matches (or stops matching); returns the milliseconds it took. */
async function seenWithin(url: string, pattern: RegExp, { present = true, limitMs = 5_000 } = {}): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < limitMs) {
    last = await (await fetch(url)).text();
    if (pattern.test(last) === present) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${url} did not ${present ? 'show' : 'drop'} ${pattern} within ${limitMs} ms`);
}

async function publish(page: Page) {
  await Promise.all([page.waitForNavigation(), page.locator('button[value=publish]').click()]);
  assert.match(await page.locator('.notice').innerText(), /is published/);
}

test('an editor changes hours and a French page in the browser; a second Haven shows it within 5 s; history, compare, revert', JOURNEY, async (t) => {
  const run = portal();
  const { haven } = run;
  const second = await startServer(t, {
    DATA_DIR: haven.dataDir,
    ...(haven.databaseUrl ? { DATABASE_URL: haven.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
  });
  // Before: the second process shows the files' text and hours.
  assert.doesNotMatch(await (await fetch(`${second.url}/fr/about`)).text(), new RegExp(ADDED));
  assert.doesNotMatch(await (await fetch(`${second.url}/en/help`)).text(), /07:30/);

  const editor = await signedInEditor(haven);
  const context = await run.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(run.url('/office/sign-in'));
  await page.locator('#login').fill('ops-editor');
  await page.locator('#password').fill(PASSWORD);
  await submit(page, '/office/sign-in');
  await page.locator('#code').fill(nextCode(editor.secret));
  await submit(page, '/office/second-factor');
  assert.equal(new URL(page.url()).pathname, '/office/');

  await Promise.all([page.waitForNavigation(), page.locator('nav.menu a[href="/office/content"]').click()]);
  assert.deepEqual(await axeViolations(page), [], 'the list of content');

  // The hours: weekdays from 07:30, and today closed (a holiday), so that whatever the time of
  // the run, the help page says the line opens next at 07:30.
  await Promise.all([page.waitForNavigation(), page.locator('a[href*="one-helpline"]').click()]);
  assert.deepEqual(await axeViolations(page), [], 'a help service’s form');
  await page.locator('[id="weekly.0.open"]').fill('07:30');
  await page.locator('[id="exception.0.date"]').fill(DateTime.now().setZone('Europe/Luxembourg').toISODate() ?? '');
  await page.locator('[id="exception.0.closed"]').check();
  await publish(page);
  const hoursSeen = await seenWithin(`${second.url}/en/help`, /07:30/);

  // The French text of the about page.
  await page.goto(run.url('/office/content'));
  await Promise.all([page.waitForNavigation(), page.locator('a[href="/office/content/edit?subject=page%2Fabout"]').click()]);
  assert.deepEqual(await axeViolations(page), [], 'a page’s form');
  const french = page.locator('[id="fr.body"]');
  await french.fill(`${await french.inputValue()}\n\n${ADDED}`);
  await Promise.all([page.waitForNavigation(), page.locator('button[value=preview]').click()]);
  assert.match(await page.locator('#preview + .locales [lang=fr]').innerText(), new RegExp(ADDED));
  await publish(page);
  const pageSeen = await seenWithin(`${second.url}/fr/about`, new RegExp(ADDED));
  t.diagnostic(`the second process showed the hours after ${hoursSeen} ms and the page after ${pageSeen} ms`);

  // The history: the files' version, then the editor's, compared; then the files' text again.
  await Promise.all([page.waitForNavigation(), page.locator('a[href^="/office/content/history"]').first().click()]);
  assert.deepEqual(await axeViolations(page), [], 'the history');
  assert.equal(await page.locator('tr[data-version]').count(), 2);
  await Promise.all([page.waitForNavigation(), page.locator('tr[data-version="2"] a[href*="from=1"]').click()]);
  assert.match(await page.locator('pre.diff ins').first().innerText(), new RegExp(ADDED));
  await Promise.all([page.waitForNavigation(), page.locator('tr[data-version="1"] a[href*="revert=1"]').click()]);
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/office/content/revert"] button[type=submit]').click()]);
  assert.match(await page.locator('.notice').innerText(), /published again, as version 3/);
  await seenWithin(`${second.url}/fr/about`, new RegExp(ADDED), { present: false });
  assert.match(await (await fetch(`${second.url}/en/help`)).text(), /07:30/, 'the hours stay as published');
});
