// The training page in real Chromium, in English, French and German, JavaScript on and off, on a
// 390 px screen: the page with an upcoming session and a filled detail, the form sent back with
// its errors (what was typed kept), a language button keeping it, and the thank-you page pass axe,
// fit the screen and set no cookie. The editors' training pages pass axe and fit the screen too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { audited } from '../../src/audit/audit.ts';
import { markPublished } from '../../src/content/content-watch.ts';
import { dayAt } from '../../src/training/training-days.ts';
import { signedInEditor } from '../casework/support.ts';
import { JOURNEY, usePortal } from '../support/browser.ts';
import { inspectPage, type PageChecks, PHONE, pageWithSession, submit } from '../support/page-checks.ts';

const portal = usePortal();

test('the training page and its form pass axe, fit a 390 px screen and set no cookie, JavaScript on and off', JOURNEY, async () => {
  const { origin, newContext, haven } = portal();
  // A session and a detail, as an editor publishes them (the office's own routes are tested elsewhere).
  const at = new Date().toISOString();
  await audited(haven.store, haven.keys, { actor: 'test', action: 'training.session-added', subject: 'training-session:browser' }, async (trx) => {
    await trx
      .insertInto('training_sessions')
      .values({
        id: 'browser',
        starts_on: dayAt(Date.now() + 7 * 86_400_000),
        place: 'Luxembourg-Ville, Kirchberg',
        language: 'fr',
        seats: 15,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('training_details')
      .values({ name: 'duration', wording: JSON.stringify({ en: 'Half a day', fr: 'Une demi-journée', de: 'Ein halber Tag' }), updated_at: at })
      .execute();
    await markPublished(trx);
  });
  // The instance's own check picks it up within CONTENT_CHECK_SECONDS.
  for (let i = 0; i < 100; i++) {
    if ((await (await fetch(`${origin}/en/training`)).text()).includes('Kirchberg')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const checker = await newContext({ javaScript: true });
  const problems: string[] = [];
  for (const javaScript of [true, false]) {
    const run: PageChecks = { javaScript, checker, problems, checked: [] };
    const check = (page: Page, label: string) => inspectPage(run, page, label);
    const context = await newContext({ javaScript });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const lang of ['en', 'fr', 'de']) {
      const response = await page.goto(`${origin}/${lang}/training`);
      assert.equal(response?.status(), 200);
      assert.equal(response?.headers()['set-cookie'], undefined, 'no cookie');
      assert.ok((await page.content()).includes('Kirchberg'), `${lang}: the session is shown`);
      await check(page, `${lang} training (js ${javaScript})`);

      // Sent with errors: refused, the error summary first, what was typed kept.
      await page.locator('#organisation').fill('Hotel Example');
      await page.locator('#email').fill('not an address');
      const refused = await submit(page, `/${lang}/training`);
      assert.equal(refused?.status(), 400, 'a wrong request is refused');
      assert.equal(await page.locator('#organisation').inputValue(), 'Hotel Example');
      assert.equal(await page.locator('.error-summary li').count(), 3, 'contact, email and staff');
      await check(page, `${lang} refused (js ${javaScript})`);

      // Another language keeps what was typed.
      const other = lang === 'en' ? 'fr' : 'en';
      const [switched] = await Promise.all([page.waitForNavigation(), page.locator(`header button[name="switch-language"][value="${other}"]`).click()]);
      assert.equal(switched?.status(), 200);
      assert.equal(new URL(page.url()).pathname, `/${other}/training`);
      assert.equal(await page.locator('#organisation').inputValue(), 'Hotel Example');

      const thanks = await page.goto(`${origin}/${lang}/training/thanks`);
      assert.equal(thanks?.status(), 200);
      await check(page, `${lang} thanks (js ${javaScript})`);
    }
    await context.close();
  }
  assert.deepEqual(problems, [], `problems on the training pages:\n${problems.join('\n')}`);
});

test('a request sent from the page in Chromium, JavaScript off, reaches the thank-you page', JOURNEY, async () => {
  const { origin, newContext } = portal();
  const context = await newContext({ javaScript: false });
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  await page.goto(`${origin}/de/training`);
  await page.locator('#organisation').fill('Reisebüro Beispiel');
  await page.locator('#contactName').fill('Max Beispiel');
  await page.locator('#email').fill('max@example.org');
  await page.locator('#staff').fill('12');
  const sent = await submit(page, '/de/training');
  assert.equal(sent?.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/de/training/thanks');
  assert.deepEqual(await context.cookies(), [], 'no cookie');
  await context.close();
});

test('the editors’ training pages pass axe and fit a 390 px screen', JOURNEY, async () => {
  const { haven, origin, newContext } = portal();
  const editor = await signedInEditor(haven);
  const { context, page } = await pageWithSession({ origin, newContext }, editor.cookie);
  const request = await haven.store.db.selectFrom('training_requests').select('id').executeTakeFirstOrThrow();
  const run: PageChecks = { javaScript: true, checker: context, problems: [], checked: [] };
  for (const path of ['/office/training', '/office/training/sessions/browser', '/office/training/requests', `/office/training/requests/${request.id}`]) {
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response?.status(), 200, path);
    await inspectPage(run, page, path);
  }
  // The forms sent back with their errors.
  await page.goto(`${origin}/office/training`);
  await page.locator('#day').fill('tomorrow');
  const [refused] = await Promise.all([page.waitForNavigation(), page.locator('main form[action="/office/training/sessions"] button[type=submit]').click()]);
  assert.equal(refused?.status(), 400);
  await inspectPage(run, page, 'session refused');
  await context.close();
  assert.deepEqual(run.problems, [], `problems on the editors' training pages:\n${run.problems.join('\n')}`);
});
