// Casework's pages in real Chromium, in English, French and German: the queue (filtered, and with
// its filters open), a hotline report with a decision awaiting confirmation, a police report with
// the reporter's identity, a note refused and shown again, the statistics, the filtered activity
// log, and a supervisor's confirmation before moving a member's reports. axe's WCAG 2.2 AA rules
// pass and nothing reaches past a 390 px screen, for an analyst and a supervisor. The whole loop,
// JavaScript on and off, is test/browser/casework.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPassword, signIn } from '../office/support.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { axeViolations, pageWithSession, phoneOverflow } from '../support/page-checks.ts';
import { accountIdOf, fileReport } from './support.ts';

const portal = usePortal({ SEAL_WORKERS: '1' });

/** A phone-sized page signed in as a demo account (through the real routes). */
async function signedIn(login: string): Promise<Page> {
  const { haven } = portal();
  return (await pageWithSession(portal(), (await signIn(haven.app, login, demoPassword(haven, login))).cookie)).page;
}

test('casework pages pass axe and fit a 390 px screen in English, French and German', JOURNEY, async () => {
  const { haven, origin } = portal();
  const online = await fileReport(haven, 'online');
  const police = await fileReport(haven, 'child-abuse');
  const analyst = await signedIn('hotline-analyst');
  const supervisor = await signedIn('hotline-supervisor');
  const policeAnalyst = await signedIn('police-analyst');
  const analystId = await accountIdOf(haven, 'hotline-analyst');
  const supervisorId = await accountIdOf(haven, 'hotline-supervisor');
  const problems: string[] = [];
  const check = async (page: Page, label: string) => {
    for (const p of [...(await axeViolations(page)), ...(await phoneOverflow(page))]) problems.push(`${label}: ${p}`);
  };

  // A decision waiting for a second analyst, so the supervisor's page offers to confirm it.
  await analyst.goto(`${origin}/office/reports/${online.id}`);
  const classify = analyst.locator('main form.classify').first();
  await classify.locator('select[name=value]').selectOption('csam');
  await classify.locator('select[name=content-type]').selectOption('video');
  await classify.locator('select[name=age-group]').selectOption('pre-pubescent');
  await classify.locator('input[name=computer-generated][value=no]').check();
  await classify.locator('input[name=self-generated][value=yes]').check();
  await Promise.all([analyst.waitForNavigation(), classify.locator('button[type=submit]').click()]);

  for (const lang of ['en', 'fr', 'de']) {
    const pages: [Page, string][] = [
      [analyst, `/office/reports?lang=${lang}`],
      [analyst, `/office/reports?lang=${lang}&status=all&sort=oldest&channel=online`],
      [supervisor, `/office/reports?lang=${lang}&awaiting=yes`],
      [supervisor, `/office/reports/${online.id}?lang=${lang}`],
      [analyst, `/office/reports/${online.id}?lang=${lang}`],
      [policeAnalyst, `/office/reports/${police.id}?lang=${lang}`],
      [supervisor, `/office/statistics?lang=${lang}`],
      [supervisor, `/office/reports/reassign?lang=${lang}&from=${analystId}&to=${supervisorId}`],
      [supervisor, `/office/audit?lang=${lang}&action=report.opened`],
    ];
    for (const [page, path] of pages) {
      const response = await page.goto(`${origin}${path}`);
      assert.equal(response?.status(), 200, path);
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `${path} is in ${lang}`);
      await page.locator('details').evaluateAll((all) => {
        for (const d of all) (d as HTMLDetailsElement).open = true;
      });
      await check(page, path);
    }
    // A note sent empty comes back with its message at the field.
    await policeAnalyst.goto(`${origin}/office/reports/${police.id}?lang=${lang}`);
    const note = policeAnalyst.locator(`main form[action="/office/reports/${police.id}/note"]`);
    const [refused] = await Promise.all([policeAnalyst.waitForNavigation(), note.locator('button[type=submit]').click()]);
    assert.equal(refused?.status(), 400, 'an empty note is refused');
    await check(policeAnalyst, `refused note (${lang})`);
  }
  assert.deepEqual(problems, [], `problems on casework pages:\n${problems.join('\n')}`);
});
