// Issue 15, "never lose a reporter's number or words", in real Chromium: a double tap on Send
// sends one request and lands on the receipt page with the number; a reload of the receipt page
// (the browser sends the form again) shows the same number; a form sent back with errors can be
// sent again; Enter in a field still sends the form; a language button keeps everything typed,
// with JavaScript on and off, and files nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { countReports, fieldsFor, newMarker, type ReportFields, receiptOnPage } from '../support/reports.ts';

const portal = usePortal();

/** Types the fields into the form on the page as a visitor would. */
async function fill(page: Page, fields: ReportFields) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === true) await page.locator(`input[name="${name}"]`).check();
    else if (name === 'category') await page.locator(`input[name="category"][value="${value}"]`).check();
    else if (name === 'country') await page.locator('select[name="country"]').selectOption(String(value));
    else await page.locator(`[name="${name}"]`).fill(Array.isArray(value) ? value.join('\n') : String(value));
  }
}

/** Every field shows what was typed. */
async function assertHolds(page: Page, fields: ReportFields, what: string) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === true) assert.ok(await page.locator(`input[name="${name}"]`).isChecked(), `${what}: ${name} stays ticked`);
    else if (name === 'category') assert.ok(await page.locator(`input[name="category"][value="${value}"]`).isChecked(), `${what}: the category stays chosen`);
    else {
      const shown = await page.locator(`[name="${name}"]`).inputValue();
      assert.equal(shown, Array.isArray(value) ? value.join('\n') : value, `${what}: ${name} kept as typed`);
    }
  }
}

/** The POST requests the page sends from now on. */
function posts(page: Page): Request[] {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.isNavigationRequest()) sent.push(request);
  });
  return sent;
}

/** The number on the receipt page now shown. */
async function shownNumber(page: Page): Promise<string> {
  await page.locator('#receipt').waitFor();
  return receiptOnPage(await page.content());
}

test('JavaScript on: a double tap on Send sends the form once and shows its number; reloading the receipt page shows it again', JOURNEY, async (t) => {
  const { origin, haven, newContext } = portal();
  const context = await newContext({ javaScript: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const before = await countReports(haven.store);
  await page.goto(`${origin}/en/report/online`);
  await fill(page, fieldsFor('online', newMarker()));
  const sent = posts(page);

  const send = page.locator('main form button[type=submit]');
  await send.scrollIntoViewIfNeeded();
  const box = await send.boundingBox();
  assert.ok(box);
  // Two taps in quick succession, as a thumb does.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 2, delay: 20 });
  const number = await shownNumber(page);
  assert.equal(sent.length, 1, 'the second tap sent nothing');
  assert.equal(await countReports(haven.store), before + 1);

  // The browser sends the form again to reload the page: the same number.
  const [reloaded] = await Promise.all([page.waitForNavigation(), page.reload()]);
  assert.equal(reloaded?.request().method(), 'POST', 'the reload sent the form again');
  assert.equal(reloaded?.status(), 200);
  assert.equal(await shownNumber(page), number, 'the same number after a reload');
  assert.equal(await countReports(haven.store), before + 1, 'filed once');
});

test('JavaScript off: Send tapped again after the report was stored, its answer still on its way, shows its number', JOURNEY, async (t) => {
  const { origin, haven, newContext } = portal();
  const context = await newContext({ javaScript: false });
  t.after(() => context.close());
  const page = await context.newPage();
  const before = await countReports(haven.store);
  const url = `${origin}/en/report/child-abuse`;
  await page.goto(url);
  await fill(page, fieldsFor('child-abuse', newMarker()));

  // The first answer is held back (a slow network) until the second tap has been sent: by then
  // the first report is stored, and the browser shows only the answer to the second.
  let stored: () => void = () => {};
  const firstStored = new Promise<void>((resolve) => (stored = resolve));
  let secondSent: () => void = () => {};
  const second = new Promise<void>((resolve) => (secondSent = resolve));
  let count = 0;
  await page.route(url, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const which = ++count;
    if (which === 2) secondSent();
    const response = await route.fetch();
    if (which === 1) {
      stored();
      await second;
    }
    await route.fulfill({ response }).catch(() => {}); // the first was given up for the second
  });
  const send = page.locator('main form button[type=submit]');
  await send.scrollIntoViewIfNeeded();
  const box = await send.boundingBox();
  assert.ok(box);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await firstStored;
  assert.equal(await countReports(haven.store), before + 1, 'the first send is stored');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const number = await shownNumber(page);
  assert.equal(count, 2, 'the form was sent twice');
  assert.match(number, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  assert.equal(await countReports(haven.store), before + 1, 'one report');
});

for (const javaScript of [true, false]) {
  test(`JavaScript ${javaScript ? 'on' : 'off'}: a form sent back with errors can be sent again, and Enter in a field sends it`, JOURNEY, async (t) => {
    const { origin, newContext } = portal();
    const context = await newContext({ javaScript });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${origin}/en/report/online`);
    const send = page.locator('main form button[type=submit]');
    const label = (await send.textContent())?.trim();
    const [refused] = await Promise.all([page.waitForNavigation(), send.click()]);
    assert.equal(refused?.status(), 400);
    assert.ok(await send.isEnabled(), 'Send can be pressed again');
    assert.equal((await send.textContent())?.trim(), label);

    const fields = fieldsFor('online', newMarker());
    await fill(page, fields);
    const [sent] = await Promise.all([page.waitForNavigation(), page.locator('input[name=contact]').press('Enter')]);
    assert.equal(new URL(sent?.url() ?? '').pathname, '/en/report/online', 'Enter sends the form, in its own language');
    assert.equal(sent?.status(), 200);
    await shownNumber(page);
  });
}

for (const javaScript of [true, false]) {
  test(`JavaScript ${javaScript ? 'on' : 'off'}: another language keeps everything typed and files nothing`, JOURNEY, async (t) => {
    const { origin, haven, newContext } = portal();
    const context = await newContext({ javaScript });
    t.after(() => context.close());
    const page = await context.newPage();
    const before = await countReports(haven.store);
    for (const channel of ['child-abuse', 'online'] as const) {
      await page.goto(`${origin}/en/report/${channel}`);
      const fields = fieldsFor(channel, newMarker());
      await fill(page, fields);
      let from = 'en';
      for (const [to, name] of [
        ['fr', 'Français'],
        ['de', 'Deutsch'],
      ] as const) {
        const [answer] = await Promise.all([page.waitForNavigation(), page.locator('header nav button[lang]', { hasText: name }).click()]);
        assert.equal(answer?.status(), 200, `${from} → ${to}`);
        assert.equal(new URL(page.url()).pathname, `/${to}/report/${channel}`);
        assert.equal(await page.getAttribute('html', 'lang'), to);
        await assertHolds(page, fields, `${channel}, ${from} → ${to}`);
        assert.equal(await page.locator('[data-error-summary]').count(), 0, 'no error shown');
        assert.equal(await page.locator('.error').count(), 0, 'no error shown');
        from = to;
      }
      // And the form, now in German, sends the report.
      const [sent] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
      assert.equal(sent?.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'de');
      await shownNumber(page);
    }
    assert.equal(await countReports(haven.store), before + 2, 'only the reports sent were filed');
  });
}
