// Issue 4: the whole journey from the home page to a receipt and its status, with the keyboard
// only (Tab, Enter, Space, arrows), once with JavaScript on and once with it off. Each control
// must be reachable with Tab and show where the focus is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { type Focused, focused, JOURNEY, tabTo, typeLikeAPerson, usePortal } from '../support/browser.ts';

const portal = usePortal();
const en = translator(loadCatalogue(CONTENT_DIR), 'en');
const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** The focused element draws a visible indicator: an outline or a box shadow. */
async function assertFocusVisible(page: Page, what: string): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const s = getComputedStyle(el);
    return { outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow };
  });
  assert.ok(style, `${what}: nothing is focused`);
  const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  assert.ok(outline || shadow, `${what} shows no focus indicator (outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow})`);
}

/** Tabs to the link going to `href`, checks that focus is visible, and follows it with Enter. */
async function follow(page: Page, href: string, what: string): Promise<Focused> {
  const link = await tabTo(page, `${what} (a link to ${href})`, (el) => el.tag === 'a' && el.href === href);
  await assertFocusVisible(page, what);
  await Promise.all([page.waitForURL((url) => url.pathname === href), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
  return link;
}

/** Presses Enter on the focused submit button and waits for the page the form answers with. */
async function submitWithEnter(page: Page, action: string): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(response?.request().method(), 'POST', 'Enter on the button sent the form');
  assert.equal(new URL(response.url()).pathname, action);
  return response.status();
}

for (const javaScript of [true, false]) {
  test(`keyboard only, JavaScript ${javaScript ? 'on' : 'off'}: home → triage → online report → receipt → status`, JOURNEY, async (t) => {
    const { origin, newContext } = portal();
    const context = await newContext({ javaScript });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${origin}/en/`);

    const steps: string[] = [];
    const note = (el: Focused) => steps.push(`${el.text}`);
    note(await follow(page, '/en/triage', '"Not sure what to do?"'));
    note(await follow(page, '/en/triage/what', '"No, not right now"'));
    note(await follow(page, '/en/triage/who-images', 'pictures or videos seen online'));
    note(await follow(page, '/en/triage/result/images', '"No" (not about me)'));
    note(await follow(page, '/en/report/online', 'the online-material report button'));
    t.diagnostic(`followed: ${steps.join(' → ')}`);

    // The form: addresses typed, a category chosen with the arrow keys, sent with Enter.
    await tabTo(page, 'the web addresses field', (el) => el.tag === 'textarea' && el.name === 'urls');
    await assertFocusVisible(page, 'the web addresses field');
    await page.keyboard.type('https://example.invalid/seen-it-here');
    const first = await tabTo(page, 'the category radio buttons', (el) => el.tag === 'input' && el.type === 'radio' && el.name === 'category');
    await assertFocusVisible(page, 'a category radio button');
    await page.keyboard.press('ArrowDown');
    const chosen = await focused(page);
    assert.equal(chosen?.name, 'category', 'the arrow key keeps focus in the category group');
    assert.notEqual(chosen?.value, first.value, 'the arrow key moves to the next category');
    assert.equal(await page.locator('input[name=category]:checked').getAttribute('value'), chosen?.value, 'the arrow key chooses the category it moves to');
    await tabTo(page, 'the send button', (el) => el.tag === 'button' && el.type === 'submit');
    await assertFocusVisible(page, 'the send button');
    assert.equal(await submitWithEnter(page, '/en/report/online'), 200, 'the report is accepted');

    // The receipt, as the visitor reads it.
    assert.equal((await page.locator('h1').textContent())?.trim(), en('receipt.title'));
    assert.ok(await page.locator('#receipt').isVisible(), 'the identification number is visible');
    const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
    assert.match(receipt, RECEIPT, 'the receipt page shows an identification number like XXXX-XXXX-XXXX-XXXX');
    t.diagnostic(`receipt ${receipt.slice(0, 4)}-…`);

    // Its status, reached and asked with the keyboard; capitals typed with Shift held, as people do
    // (which must not set off the quick exit).
    await follow(page, '/en/report/status', 'the link to follow the report');
    await tabTo(page, 'the identification number field', (el) => el.tag === 'input' && el.name === 'receipt');
    await typeLikeAPerson(page, receipt);
    assert.equal(await page.locator('input[name=receipt]').inputValue(), receipt);
    await tabTo(page, 'the look-up button', (el) => el.tag === 'button' && el.type === 'submit');
    assert.equal(await submitWithEnter(page, '/en/report/status'), 200, 'the status is found');
    assert.ok(await page.locator('.status-list').isVisible(), 'the status history is visible');
    const history = (await page.locator('.status-list').textContent()) ?? '';
    assert.ok(history.includes(en('status.value.received')), `the status page shows "${en('status.value.received')}"; it shows: ${history}`);
  });
}
