// Issue 4, quality of the public portal: every page of the sitemap (every locale), and the pages
// a visitor only reaches by doing something (a form sent back with errors, a receipt, a status
// answer, a missing page), pass axe's WCAG 2.2 AA rules in real Chromium, and the HTML exactly as
// served is valid for the W3C Nu checker.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { sql } from 'kysely';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { JOURNEY, usePortal, WALK, walk } from '../support/browser.ts';
import type { TestHaven } from '../support/haven.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const RECEIPT = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/;

const portal = usePortal();

type Checked = { label: string; url: string; status: number; html: Buffer };
type Violation = { url: string; id: string; impact: string; help: string; targets: string[] };

/** Runs axe on the page as it is now, and keeps the HTML as it was served for the Nu checker. */
async function check(page: Page, response: Response | null, label: string, checked: Checked[], violations: Violation[]): Promise<void> {
  assert.ok(response, `${label}: no response`);
  checked.push({ label, url: page.url(), status: response.status(), html: await response.body() });
  // Legacy mode runs axe in the page itself instead of finishing in a new blank page (Haven has
  // no frames), and collecting violations only skips detailing what passed: together they cut
  // the time per page by three. options() replaces all options, so it comes before withTags().
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode(true)
    .analyze();
  for (const v of results.violations) {
    violations.push({
      url: `${label} ${page.url()}`,
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    });
  }
}

/**
 * axe cannot run where JavaScript is off (its timers never fire), so a page reached with
 * JavaScript off is shown again, byte for byte as served, in a page where Haven's script is
 * blocked and only axe runs: the same document a visitor without JavaScript has.
 */
async function checkServedWithoutScript(
  context: BrowserContext,
  url: string,
  response: Pick<Response, 'status' | 'body'> | null,
  label: string,
  checked: Checked[],
  violations: Violation[],
) {
  assert.ok(response, `${label}: no response`);
  const body = await response.body();
  const page = await context.newPage();
  try {
    await page.route('**/*.js', (route) => route.abort());
    await page.route(url, (route) => route.fulfill({ status: response.status(), contentType: 'text/html; charset=utf-8', body }));
    const shown = await page.goto(url);
    assert.ok(shown);
    // The route answered with the served bytes, so the Nu checker sees them too.
    await check(page, shown, label, checked, violations);
  } finally {
    await page.close();
  }
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.url}\n    ${v.id} (${v.impact}): ${v.help}\n      at ${v.targets.join('\n      at ')}`).join('\n');
}

type NuMessage = { type: string; subType?: string; url?: string; message: string; extract?: string; lastLine?: number; firstColumn?: number };

/** One run of the Nu checker (Java starts once) over every saved page. */
async function nuCheck(files: string[]): Promise<NuMessage[]> {
  // vnu-jar exports the jar's path (as a String object).
  const jar = String(createRequire(import.meta.url)('vnu-jar'));
  const stdout = await new Promise<string>((resolve, reject) => {
    // Exit status 1 only means "errors found": the JSON report says which.
    execFile('java', ['-Xss1m', '-jar', jar, '--format', 'json', '--stdout', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      if (error && !out) reject(new Error(`the Nu checker did not run (is java installed?): ${error.message}\n${err}`));
      else resolve(out);
    });
  });
  return (JSON.parse(stdout) as { messages: NuMessage[] }).messages;
}

test('every page passes axe (WCAG 2.2 AA) in Chromium and its HTML is valid for the W3C Nu checker', WALK, async (t) => {
  const { origin, sitemap, newContext, haven } = portal();
  const urls = await sitemap();
  const checked: Checked[] = [];
  const violations: Violation[] = [];

  // The sitemap, every locale, with JavaScript on (as most visitors see it).
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  await walk(context, urls, async (page, url) => {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `GET ${url}`);
    await check(page, response, 'sitemap', checked, violations);
  });

  // Pages a visitor reaches by acting, driven in the browser.
  const noScript = await newContext({ javaScript: false });
  t.after(() => noScript.close());
  await visitedByActing(noScript, context, origin, haven, checked, violations);

  t.diagnostic(`walked ${checked.length} pages (${urls.length} from the sitemap)`);

  await t.test('axe finds no violation on any page', () => {
    assert.equal(violations.length, 0, `axe found ${violations.length} violation(s):\n${describeViolations(violations)}`);
  });

  await t.test('the W3C Nu checker finds no error in any page as served', JOURNEY, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-html-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const byFile = new Map<string, Checked>();
    checked.forEach((c, i) => {
      const file = path.join(dir, `${String(i).padStart(3, '0')}.html`);
      fs.writeFileSync(file, c.html);
      byFile.set(file, c);
    });
    const messages = await nuCheck([...byFile.keys()]);
    const where = (m: NuMessage) => {
      const file = m.url?.startsWith('file:') ? new URL(m.url).pathname : m.url;
      const c = file ? byFile.get(file) : undefined;
      return `${c ? `${c.label} ${c.url}` : (m.url ?? '?')}${m.lastLine ? ` line ${m.lastLine}:${m.firstColumn ?? 0}` : ''}`;
    };
    // Warnings do not fail the test; each distinct one is printed once, with how often it occurs.
    const warnings = new Map<string, { count: number; first: string }>();
    for (const w of messages.filter((m) => m.type === 'info')) {
      const seen = warnings.get(w.message);
      if (seen) seen.count++;
      else warnings.set(w.message, { count: 1, first: where(w) });
    }
    for (const [message, { count, first }] of warnings) t.diagnostic(`Nu warning (${count}×, first at ${first}): ${message}`);
    const errors = messages.filter((m) => m.type !== 'info');
    t.diagnostic(`Nu checker: ${byFile.size} documents, ${errors.length} errors, ${[...warnings.values()].reduce((n, w) => n + w.count, 0)} warnings`);
    assert.equal(
      errors.length,
      0,
      `the Nu checker found ${errors.length} error(s):\n${errors.map((e) => `${where(e)}: ${e.message}\n    ${(e.extract ?? '').replace(/\n/g, ' ')}`).join('\n')}`,
    );
  });
});

/**
 * With JavaScript off, as the plainest browser: each form sent empty (errors), a valid online
 * report (receipt) and the same form sent again (its receipt again, then hours later "already
 * received"), its status, a wrong number, a page that does not exist, and a valid report
 * the database cannot take (its form back, to send again).
 */
async function visitedByActing(
  noScript: BrowserContext,
  axeContext: BrowserContext,
  origin: string,
  haven: TestHaven,
  checked: Checked[],
  violations: Violation[],
) {
  const page = await noScript.newPage();
  const send = async () => {
    const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    return response;
  };
  try {
    for (const [locale, channel] of [
      ['en', 'child-abuse'],
      ['fr', 'travel'],
      ['de', 'online'],
    ] as const) {
      await page.goto(`${origin}/${locale}/report/${channel}`);
      const response = await send();
      assert.equal(response?.status(), 400, `an empty ${channel} form (${locale}) is sent back with errors`);
      assert.ok(await page.locator('.error-summary').isVisible(), `the ${channel} form (${locale}) shows an error summary`);
      await checkServedWithoutScript(axeContext, page.url(), response, `form with errors (${channel}, ${locale})`, checked, violations);
    }

    await page.goto(`${origin}/en/report/online`);
    await page.locator('textarea[name=urls]').fill('https://example.invalid/a-page\nhttps://example.invalid/another');
    await page.locator('input[name=category]').first().check();
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    const receiptResponse = await send();
    assert.equal(receiptResponse?.status(), 200, 'a valid online report is accepted');
    const receipt = RECEIPT.exec((await page.locator('#receipt').textContent()) ?? '')?.[0];
    assert.ok(receipt, 'the receipt page shows an identification number');
    await checkServedWithoutScript(axeContext, page.url(), receiptResponse, 'receipt', checked, violations);
    // The same form sent again, as a reload of the receipt page does: the same number, for a while.
    const postData = (await posted).postData() ?? '';
    const sendAgain = () => page.request.post(page.url(), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: postData });
    const reloaded = await sendAgain();
    assert.equal(reloaded.status(), 200, 'the same report sent again shows its receipt again');
    const shownAgain = /<p class="receipt"[^>]*>([\s\S]*?)<\/p>/.exec(await reloaded.text())?.[1]?.replace(/<[^>]*>/g, '');
    assert.equal(RECEIPT.exec(shownAgain ?? '')?.[0], receipt, 'with the same number');
    // Hours later its number is no longer kept: "already received".
    const hoursAgo = `${new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString().slice(0, 13)}:00Z`;
    await haven.store.db.updateTable('report_submissions').set({ received_at: hoursAgo }).execute();
    const again = await sendAgain();
    assert.equal(again.status(), 409, 'the same report sent again is not filed twice');
    await checkServedWithoutScript(axeContext, page.url(), again, 'report already received', checked, violations);
    // From that page, sent again for a number: the browser posts what the page carries, and
    // the two addresses typed on two lines arrive as two.
    const urlRows = async () =>
      Number(
        (
          await haven.store.db
            .selectFrom('report_urls')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const urlsBefore = await urlRows();
    const alreadyPage = await again.body();
    await page.route(page.url(), (route) => route.fulfill({ status: 409, contentType: 'text/html; charset=utf-8', body: alreadyPage }), { times: 1 });
    await page.goto(page.url());
    const resent = await send();
    assert.equal(resent?.status(), 200, 'sent again from the already-received page, the report gets a number');
    assert.ok(RECEIPT.exec((await page.locator('#receipt').textContent()) ?? ''), 'and the number is shown');
    assert.equal((await urlRows()) - urlsBefore, 2, 'with both addresses');

    for (const [locale, number, status] of [
      ['en', receipt, 200],
      ['fr', '0000-0000-0000-0000', 404],
    ] as const) {
      await page.goto(`${origin}/${locale}/report/status`);
      await page.locator('input[name=receipt]').fill(number);
      const response = await send();
      assert.equal(response?.status(), status, `status look-up of ${number} (${locale})`);
      await checkServedWithoutScript(axeContext, page.url(), response, status === 200 ? 'status with a result' : 'status not found', checked, violations);
    }

    for (const locale of ['en', 'de']) {
      const response = await page.goto(`${origin}/${locale}/does-not-exist`);
      assert.equal(response?.status(), 404);
      await checkServedWithoutScript(axeContext, page.url(), response, `404 (${locale})`, checked, violations);
    }

    await page.goto(`${origin}/fr/report/online`);
    await page.locator('textarea[name=urls]').fill('https://example.invalid/a-page');
    await page.locator('input[name=category]').first().check();
    await sql`ALTER TABLE report_events RENAME TO report_events_away`.execute(haven.store.db);
    try {
      const response = await send();
      assert.equal(response?.status(), 503, 'a report the database cannot take comes back to be sent again');
      assert.ok(await page.locator('.error-summary').isVisible(), 'with a box saying so');
      await checkServedWithoutScript(axeContext, page.url(), response, 'report not saved (fr)', checked, violations);
    } finally {
      await sql`ALTER TABLE report_events_away RENAME TO report_events`.execute(haven.store.db);
    }
  } finally {
    await page.close();
  }
}
