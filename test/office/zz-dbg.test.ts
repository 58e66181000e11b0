import { test } from 'node:test';
import { usePortal } from '/work/main/test/support/browser.ts';
import { demoPassword, signIn } from '/work/main/test/office/support.ts';
const portal = usePortal();
test('dbg', async () => {
  const { haven, origin, newContext } = portal();
  const client = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const [name, value] = client.cookie.split('=') as [string, string];
  const context = await newContext({ javaScript: true });
  await context.addCookies([{ name, value, url: origin }]);
  const page = await context.newPage();
  page.on('response', (r) => process.stderr.write(`RESP ${r.status()} ${r.url()}\n`));
  await page.goto(`${origin}/office/members`);
  await page.locator('form[action="/office/members/invite"] button[type=submit]').click();
  await page.waitForTimeout(2000);
  process.stderr.write("\n"+(await page.content()).slice(0, 3000));
  await context.close();
});
