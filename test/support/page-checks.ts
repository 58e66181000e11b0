// What the back-office browser tests check on every page: axe's WCAG 2.2 AA rules, and that
// nothing reaches past a 390 px phone screen (a table scrolling inside its own region aside).
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import type { Portal } from './browser.ts';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const PHONE = { width: 390, height: 844 };

/**
 * axe's violations on the page as it is now. Legacy mode runs axe in the page itself (Haven has no
 * frames), and collecting violations only skips detailing what passed: a third of the time.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((v) => `axe ${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Whatever makes the page wider than the screen, or reaches past its right edge. */
export async function phoneOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5) out.push(`<${el.localName} class="${el.className}"> reaches ${Math.round(box.right)} px`);
    }
    return out.slice(0, 5);
  });
}

/** Where a walk through pages keeps what it checked and what it found. */
export type PageChecks = {
  javaScript: boolean;
  /** A JavaScript-on context, where a page reached with JavaScript off is shown again for axe. */
  checker: BrowserContext;
  problems: string[];
  checked: string[];
};

/**
 * axe on the page as it is, and its width on a phone. axe cannot run where JavaScript is off, so
 * such a page is shown again, as it is, in a JavaScript-on page with scripts blocked. `name`
 * turns the page's path into what the list of checked pages records (a token hidden, say).
 */
export async function inspectPage(run: PageChecks, page: Page, label: string, name: (path: string) => string = (p) => p): Promise<void> {
  const url = page.url();
  run.checked.push(name(new URL(url).pathname));
  let target = page;
  let replay: Page | undefined;
  if (!run.javaScript) {
    const html = await page.content();
    replay = await run.checker.newPage();
    await replay.route('**/*.js', (route) => route.abort());
    await replay.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await replay.goto(url);
    target = replay;
  }
  try {
    // From the top: a page reached at an anchor (#messages) is scrolled, and whatever the scroll
    // puts under the sticky "Leave this site" bar counts for axe's target-size rule as covered.
    await target.evaluate(() => window.scrollTo(0, 0));
    for (const p of [...(await axeViolations(target)), ...(await phoneOverflow(target))]) run.problems.push(`${label} ${url}: ${p}`);
  } finally {
    await replay?.close();
  }
}

/** Clicks the submit button of the form whose action starts with `action`, and waits for the page it leads to. */
export async function submit(page: Page, action: string, button = 'button[type=submit]') {
  const form = page.locator(`main form[action^="${action}"]`).first();
  const [response] = await Promise.all([page.waitForNavigation(), form.locator(button).click()]);
  return response;
}

export const pathOf = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

/**
 * A phone-sized page, JavaScript on, signed in with an office session's cookie (one a test got
 * through the real routes), for pages whose sign-in is not what the test is about.
 */
export async function pageWithSession(portal: Pick<Portal, 'origin' | 'newContext'>, cookie: string): Promise<{ context: BrowserContext; page: Page }> {
  const [name, value] = cookie.split('=') as [string, string];
  const context = await portal.newContext({ javaScript: true });
  await context.addCookies([{ name, value, url: portal.origin }]);
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  return { context, page };
}
