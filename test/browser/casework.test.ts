// Casework's whole loop in real Chromium, once with JavaScript on and once with it off: a visitor
// files a hotline report through the public form; the analyst signs in (TOTP computed here), finds
// it in the queue with the keyboard, opens it, takes it and classifies an address as abuse
// material, which waits; the supervisor confirms it; the analyst asks the reporter a question; the
// reporter, with the number only, sees "being assessed" and the question in French and answers;
// the analyst reads the answer and exports the report, which `npx haven export verify` accepts;
// the operator's admin cannot open it; actioned, closed and purged with a retention of 0 days, it is gone
// while the month's count still includes it; `npx haven audit verify` passes. Every page on the
// way passes axe and fits a 390 px screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { currentCode } from '../../src/accounts/second-factor.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { cliEnv, runHaven } from '../cli/haven-cli.ts';
import { demoPassword, nextCode, type OfficeClient, signIn } from '../office/support.ts';
import { tabTo, usePortal } from '../support/browser.ts';
import { inspectPage, type PageChecks, PHONE, submit } from '../support/page-checks.ts';
import { storedReport } from '../support/reports.ts';

const portal = usePortal({ INTAKE_REPORTS_PER_CLIENT: '1000', INTAKE_REPORTS_WITHOUT_PROOF: '1000', SEAL_WORKERS: '1' });
const french = translator(loadCatalogue(CONTENT_DIR), 'fr');
const LOOP = { timeout: 300_000 };

// Demo accounts enrol their second factor at the first sign-in; the second run signs in again.
let analystSecret: string | undefined;
let supervisor: OfficeClient | undefined;
let admin: OfficeClient | undefined;

/** The analyst signs in through the pages: password, then the code computed from the secret the page shows. */
async function analystSignsIn(page: Page, origin: string, password: string, checks: PageChecks) {
  await page.goto(`${origin}/office/sign-in`);
  await page.locator('#login').fill('hotline-analyst');
  await page.locator('#password').fill(password);
  await submit(page, '/office/sign-in');
  if (analystSecret === undefined) {
    assert.equal(new URL(page.url()).pathname, '/office/second-factor/enrol', 'a first sign-in enrols the second factor');
    analystSecret = (await page.locator('code.secret').getAttribute('data-secret')) ?? assert.fail('the secret shown as text');
    await page.locator('#code').fill(currentCode(analystSecret));
    await submit(page, '/office/second-factor/enrol');
    await Promise.all([page.waitForNavigation(), page.locator('main a[href="/office/"]').click()]);
  } else {
    assert.equal(new URL(page.url()).pathname, '/office/second-factor');
    await page.locator('#code').fill(nextCode(analystSecret));
    await submit(page, '/office/second-factor');
  }
  assert.equal(new URL(page.url()).pathname, '/office/', 'the analyst is signed in');
  await inspectPage(checks, page, 'analyst: home');
}

async function runCli(args: string[]) {
  const { haven } = portal();
  return runHaven(args, cliEnv(haven.dataDir, haven.databaseUrl));
}

for (const javaScript of [true, false]) {
  test(
    `casework's whole loop, JavaScript ${javaScript ? 'on' : 'off'}: filed → queue → classified → confirmed → question answered → exported → purged`,
    LOOP,
    async (t) => {
      const { haven, origin, newContext } = portal();
      const checks: PageChecks = { javaScript, checker: await newContext({ javaScript: true }), problems: [], checked: [] };
      const inspect = (page: Page, label: string) => inspectPage(checks, page, label, (p) => p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'));
      const pageIn = async () => {
        const context = await newContext({ javaScript });
        t.after(() => context.close());
        const page = await context.newPage();
        await page.setViewportSize(PHONE);
        return page;
      };

      // 1. A visitor files a hotline report through the public form.
      const marker = randomBytes(6).toString('hex');
      const visitor = await pageIn();
      await visitor.goto(`${origin}/en/report/online`);
      await visitor.locator('textarea[name=urls]').fill(`https://example.invalid/seen-${marker}\nhttp://other-${marker}.example.invalid/x`);
      await visitor.locator('input[name=category]').first().check();
      const [filed] = await Promise.all([visitor.waitForNavigation(), visitor.locator('main form button[type=submit]').click()]);
      assert.equal(filed?.status(), 200, 'the report is accepted');
      const receipt = ((await visitor.locator('#receipt').textContent()) ?? '').trim();
      const { id } = await storedReport(haven, receipt);
      const reportPath = `/office/reports/${id}`;

      // 2. The analyst signs in and finds it in the queue, reaching its link with the keyboard.
      const analyst = await pageIn();
      await analystSignsIn(analyst, origin, demoPassword(haven, 'hotline-analyst'), checks);
      await Promise.all([analyst.waitForNavigation(), analyst.locator('nav.menu a[href="/office/reports"]').click()]);
      await inspect(analyst, 'analyst: queue');
      await tabTo(analyst, 'the new report in the queue', (el) => el.tag === 'a' && el.href === reportPath, 80);
      await Promise.all([analyst.waitForNavigation(), analyst.keyboard.press('Enter')]);
      assert.equal(new URL(analyst.url()).pathname, reportPath, 'Enter opens the report');
      await inspect(analyst, 'analyst: report');
      const opened = await analyst.content();
      assert.ok(opened.includes(`example[.]invalid/seen-${marker}`), 'the address, defanged');
      assert.doesNotMatch(opened, new RegExp(`href="[^"]*${marker}`), 'a reported address is never a link');

      // 3. Takes it and classifies the first address as abuse material: it waits for confirmation.
      await submit(analyst, `${reportPath}/take`);
      const classify = analyst.locator('main form.classify').first();
      await classify.locator('select[name=value]').selectOption('csam');
      await classify.locator('select[name=content-type]').selectOption('image');
      await classify.locator('select[name=age-group]').selectOption('pubescent');
      await classify.locator('input[name=computer-generated][value=no]').check();
      await classify.locator('input[name=self-generated][value=no]').check();
      await Promise.all([analyst.waitForNavigation(), classify.locator('button[type=submit]').click()]);
      assert.equal(new URL(analyst.url()).pathname, reportPath);
      await inspect(analyst, 'analyst: classification awaiting confirmation');
      assert.equal(await analyst.locator(`main form[action*="/decisions/"][action$="/confirm"]`).count(), 0, 'the proposer cannot confirm');
      const pending = await haven.store.db.selectFrom('case_decisions').select('id').where('report_id', '=', id).where('state', '=', 'pending').execute();
      assert.equal(pending.length, 1, 'one decision awaits a second analyst');

      // 4. The supervisor confirms it.
      supervisor ??= await signIn(haven.app, 'hotline-supervisor', demoPassword(haven, 'hotline-supervisor'));
      const boss = await pageIn();
      const [name, value] = supervisor.cookie.split('=') as [string, string];
      await boss.context().addCookies([{ name, value, url: origin }]);
      await boss.goto(`${origin}${reportPath}`);
      await inspect(boss, 'supervisor: report awaiting confirmation');
      await submit(boss, `${reportPath}/decisions/${pending[0]?.id}/confirm`);
      const row = await haven.store.db.selectFrom('reports').select(['classification', 'awaiting']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { classification: 'csam', awaiting: 0 }, 'confirmed, the classification is in effect');

      // 5. The analyst asks the reporter a question.
      const question = `Was it still online on Monday? ${marker}`;
      await analyst.goto(`${origin}${reportPath}`);
      await analyst.locator(`main form[action="${reportPath}/message"] textarea[name=text]`).fill(question);
      await submit(analyst, `${reportPath}/message`);
      await inspect(analyst, 'analyst: question sent');

      // 6. The reporter, with the number only, reads it in French and answers.
      await visitor.goto(`${origin}/fr/report/status`);
      await visitor.locator('input[name=receipt]').fill(receipt);
      await submit(visitor, '/fr/report/status');
      await inspect(visitor, 'reporter: status in French');
      const status = await visitor.locator('main').innerText();
      assert.ok(status.includes(french('status.value.being-assessed')), `"being assessed" in French: ${status.slice(0, 400)}`);
      assert.ok(status.includes(question), 'the question');
      const answer = `Yes, until Tuesday evening ${marker}`;
      await visitor.locator('textarea[name=answer]').fill(answer);
      await submit(visitor, '/fr/report/status/answer');
      await inspect(visitor, 'reporter: answered');
      assert.ok((await visitor.locator('main').innerText()).includes(answer), 'the answer in the conversation');

      // 7. The analyst reads the answer, and exports the report.
      await analyst.goto(`${origin}${reportPath}`);
      assert.ok((await analyst.locator('main').innerText()).includes(answer), 'the analyst reads the answer');
      const exportForm = analyst.locator(`main form[action="${reportPath}/export"]`);
      const [download] = await Promise.all([analyst.waitForEvent('download'), exportForm.locator('button[value=json]').click()]);
      const file = path.join(haven.dataDir, `export-${javaScript ? 'js' : 'nojs'}.json`);
      await download.saveAs(file);
      const verified = await runCli(['export', 'verify', file]);
      assert.equal(verified.code, 0, `the export verifies: ${verified.stdout} ${verified.stderr}`);
      assert.match(verified.stdout, /BEE SECURE Stopline — demo/, 'signed by the organisation');
      // The printable page comes as a file too (it is kept and printed away from Haven): it verifies,
      // and shown as it would be opened, it passes the same checks.
      const [page] = await Promise.all([analyst.waitForEvent('download'), exportForm.locator('button[value=html]').click()]);
      const printed = `${file}.html`;
      await page.saveAs(printed);
      assert.equal((await runCli(['export', 'verify', printed])).code, 0, 'the printable export verifies');
      const printable = await pageIn();
      await printable.route(`${origin}/printed-export`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: fs.readFileSync(printed) }));
      await printable.goto(`${origin}/printed-export`);
      assert.ok((await printable.locator('main, body').first().innerText()).includes(answer), 'the printable export holds the conversation');
      await inspect(printable, 'analyst: printable export');

      // 8. The operator's admin cannot open it.
      admin ??= await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
      assert.equal((await admin.get(reportPath)).statusCode, 403, 'the operator never reads a report');

      // 9. Actioned and closed, then purged with a retention of 0 days: gone, still counted.
      await analyst.goto(`${origin}${reportPath}`);
      // Closing what nobody decided would wait for a second member: action taken first, then closed.
      for (const status of ['actioned', 'closed']) {
        await analyst.locator(`main form[action="${reportPath}/status"] select[name=status]`).selectOption(status);
        await submit(analyst, `${reportPath}/status`);
      }
      const closed = await haven.store.db.selectFrom('reports').select('workflow_status').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(closed.workflow_status, 'closed');
      const countBefore = await purgedCount(id);
      const purged = await runCli(['purge', '--days', '0']);
      assert.equal(purged.code, 0, purged.stderr);
      assert.equal(await haven.store.db.selectFrom('reports').select('id').where('id', '=', id).executeTakeFirst(), undefined, 'the report is gone');
      assert.equal((await analyst.goto(`${origin}${reportPath}`))?.status(), 404);
      assert.equal((await purgedCount(id)).count, countBefore.count + 1, 'the month still counts it');
      await analyst.goto(`${origin}/office/statistics`);
      await inspect(analyst, 'analyst: statistics');
      assert.ok((await analyst.locator(`[data-total="${countBefore.month}"]`).count()) === 1, 'the month is on the statistics page');
      assert.equal((await runCli(['export', 'verify', file])).code, 0, 'an export still verifies once its report is purged');

      const audit = await runCli(['audit', 'verify']);
      assert.equal(audit.code, 0, `the audit log verifies: ${audit.stdout} ${audit.stderr}`);

      t.diagnostic(`checked ${checks.checked.length} pages: ${[...new Set(checks.checked)].join(', ')}`);
      assert.deepEqual(checks.problems, [], `problems on the pages:\n${checks.problems.join('\n')}`);
    },
  );
}

/** The online channel's count for the month the report arrived in, as the statistics keep it. */
async function purgedCount(id: string): Promise<{ month: string; count: number }> {
  const { haven } = portal();
  const report = await haven.store.db.selectFrom('reports').select(['received_hour']).where('id', '=', id).executeTakeFirst();
  const month = (report?.received_hour ?? new Date().toISOString()).slice(0, 7);
  const rows = await haven.store.db
    .selectFrom('report_statistics')
    .select('count')
    .where('organisation_id', '=', 'hotline-demo')
    .where('month', '=', month)
    .where('channel_id', '=', 'online')
    .execute();
  return { month, count: rows.reduce((sum, r) => sum + Number(r.count), 0) };
}
