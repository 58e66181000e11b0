// The back office's whole loop in real Chromium, as the people who use it would walk it, once with
// JavaScript on and once with it off: the first operator admin enrols from the link the command
// line prints; creates an organisation, whose first supervisor enrols from the mailed link; that
// supervisor invites an analyst and a second supervisor (mail), grants the second one, then the
// analyst, whose grant waits for the second supervisor's approval; the operator makes the new
// organisation a channel's recipient and restarts Haven; a visitor files a report; the analyst
// signs in again (with the keyboard) and holds the organisation key, which opens the report.
// Every back-office page passes axe and fits a 390 px screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { currentCode } from '../../src/accounts/second-factor.ts';
import { loadConfig } from '../../src/config.ts';
import { openSealed } from '../../src/crypto/box.ts';
import { CONTENT_DIR, type Haven, startHaven } from '../../src/haven.ts';
import { cliEnv, runHaven } from '../cli/haven-cli.ts';
import { nextCode } from '../office/support.ts';
import { inspectPage, PHONE, pathOf, submit } from '../support/page-checks.ts';
import { focused, LEAVE_URL, launchChromium, tabTo } from '../support/browser.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { storedReport } from '../support/reports.ts';
import { freePort } from '../support/server-process.ts';
import { recipientOf, startSmtp, type TestSmtp } from '../support/smtp.ts';

const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const LOOP = { timeout: 300_000 };

/** The new organisation; the operator names it as the online channel's recipient (channels.yaml). */
const ORGANISATION = { id: 'stopline-test', name: 'Stopline test', kind: 'hotline' };

type Hooks = Parameters<typeof teardownInReverse>[0];

const inspect = (run: Run, page: Page, label: string) => inspectPage(run, page, label, (path) => path.replace(/\/enrol\/[^/]+$/, '/enrol/<token>'));

/** A password zxcvbn rates hard to guess, different on every run. */
const strongPassword = () => `${randomBytes(12).toString('base64url')} Orbit-${randomBytes(3).toString('hex')}`;

/** One Haven (SMTP to a real listener), a Chromium contexts factory, and what the checks found. */
type Run = {
  javaScript: boolean;
  origin: string;
  smtp: TestSmtp;
  haven(): Haven;
  /** Stops Haven and starts it again on the same data, port and database, reading `contentDir`. */
  restart(contentDir: string): Promise<void>;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where a changed copy of content/ goes. */
  scratch: string;
  newContext(): Promise<BrowserContext>;
  /** A JavaScript-on context where pages reached with JavaScript off are shown again for axe. */
  checker: BrowserContext;
  problems: string[];
  checked: string[];
};

async function startRun(t: Hooks, browser: Browser, javaScript: boolean): Promise<Run> {
  const hooks = teardownInReverse(t);
  const smtp = await startSmtp(hooks);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = tempDir(hooks);
  const databaseUrl = await freshPostgres(hooks);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEAL_WORKERS: '1',
    PUBLIC_URL: origin,
    LEAVE_URL,
    SMTP_URL: smtp.url,
    INTAKE_REPORTS_PER_CLIENT: '1000000',
    INTAKE_REPORTS_WITHOUT_PROOF: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const listen = async (contentDir?: string) => {
    const started = await startHaven(config, contentDir ? { contentDir } : {});
    await started.app.listen({ port, host: '127.0.0.1' });
    return started;
  };
  let haven = await listen();
  let closing: Promise<void> | undefined;
  hooks.after(() => (closing ??= haven.close()));
  const contexts: BrowserContext[] = [];
  hooks.after(() => Promise.all(contexts.map((c) => c.close())));
  const newContext = async (js = javaScript) => {
    const context = await browser.newContext({ javaScriptEnabled: js, locale: 'en-GB', viewport: PHONE, serviceWorkers: 'block' });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context;
  };
  return {
    javaScript,
    origin,
    smtp,
    haven: () => haven,
    async restart(contentDir) {
      await haven.close();
      closing = undefined;
      haven = await listen(contentDir);
    },
    dataDir,
    databaseUrl,
    scratch: tempDir(hooks),
    newContext: () => newContext(),
    checker: await newContext(true),
    problems: [],
    checked: [],
  };
}

/**
 * From an enrolment link to the back office's home: a new password, the second factor's secret
 * read from the page as text, the recovery codes kept. Returns the secret and the codes.
 */
async function enrol(run: Run, page: Page, link: string, password: string, who: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto(link);
  await inspect(run, page, `${who}: enrolment`);
  await page.locator('#password').fill(password);
  await page.locator('#passwordAgain').fill(password);
  const chosen = await submit(page, '/office/enrol/');
  const refused = chosen?.status() === 200 ? '' : await page.locator('main').innerText();
  assert.equal(new URL(page.url()).pathname, '/office/second-factor/enrol', `${who}: the password is accepted (${chosen?.status()}: ${refused})`);
  await inspect(run, page, `${who}: second factor enrolment`);
  const secret = (await page.locator('code.secret').getAttribute('data-secret')) ?? assert.fail('the secret shown as text');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await page.locator('#code').fill(currentCode(secret));
  const shown = await submit(page, '/office/second-factor/enrol');
  assert.equal(shown?.status(), 200, `${who}: the code is accepted`);
  const recoveryCodes = (await page.locator('ul.codes code').allTextContents()).map((c) => c.trim());
  assert.equal(recoveryCodes.length, 10, `${who}: ten recovery codes, shown once`);
  await inspect(run, page, `${who}: recovery codes`);
  await Promise.all([page.waitForNavigation(), page.locator('main a[href="/office/"]').click()]);
  assert.equal(new URL(page.url()).pathname, '/office/', `${who}: lands on the back office`);
  await inspect(run, page, `${who}: home`);
  return { secret, recoveryCodes };
}

/** The enrolment link in the invitation mailed to `address`. */
async function invitationLink(run: Run, address: string): Promise<string> {
  const mail = await run.smtp.waitForMail((m) => recipientOf(m) === address && /\/office\/enrol\//.test(m.text ?? ''), 20_000);
  const link = /(\S+\/office\/enrol\/[A-Za-z0-9_-]{43})\b/.exec(mail.text ?? '')?.[1] ?? assert.fail(`a link in ${mail.text}`);
  assert.ok(link.startsWith(`${run.origin}/office/enrol/`), `the link names PUBLIC_URL: ${link}`);
  return link;
}

async function signOut(page: Page) {
  await Promise.all([page.waitForNavigation(), page.locator('header form[action="/office/sign-out"] button').click()]);
  assert.equal(new URL(page.url()).pathname, '/office/sign-in');
}

/** Signs in with a password and the app's next code; ends on the home page. */
async function signIn(run: Run, page: Page, login: string, password: string, secret: string, who: string) {
  if (new URL(page.url()).pathname !== '/office/sign-in') await page.goto(`${run.origin}/office/sign-in`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await submit(page, '/office/sign-in');
  await secondFactor(run, page, secret, who);
}

async function secondFactor(run: Run, page: Page, secret: string, who: string) {
  assert.equal(new URL(page.url()).pathname, '/office/second-factor', `${who}: the password is accepted`);
  await inspect(run, page, `${who}: second factor`);
  await page.locator('#code').fill(nextCode(secret));
  await submit(page, '/office/second-factor');
  assert.equal(new URL(page.url()).pathname, '/office/', `${who}: signed in`);
}

/** Follows the menu's link to `href`. */
async function menu(page: Page, href: string) {
  await Promise.all([page.waitForNavigation(), page.locator(`nav.menu a[href="${href}"]`).click()]);
  assert.equal(new URL(page.url()).pathname, href);
}

/** The members page's row of `login`: its access column, and the buttons offered. */
function memberRow(page: Page, login: string) {
  return page.locator(`tr[data-login="${login}"]`);
}

async function invite(run: Run, page: Page, email: string, role: 'analyst' | 'supervisor') {
  await page.locator('#email').fill(email);
  await page.locator(`input[name=role][value=${role}]`).check();
  await page.locator('input[name=locale][value=en]').check();
  await submit(page, '/office/members/invite');
  assert.equal(pathOf(page), '/office/members?done=invited', `${role} ${email} invited`);
  await inspect(run, page, `supervisor: ${role} invited`);
}

/** channels.yaml with the online channel's recipient changed, in a copy of content/. */
function contentNaming(run: Run, organisation: string): string {
  const dir = path.join(run.scratch, 'content');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  const file = path.join(dir, 'channels.yaml');
  const yaml = fs.readFileSync(file, 'utf8');
  assert.ok(yaml.includes('recipient: hotline-demo'), 'the online channel goes to the demo hotline');
  fs.writeFileSync(file, yaml.replace('recipient: hotline-demo', `recipient: ${organisation}`));
  return dir;
}

// One Chromium for the file; a missing one fails the file saying how to install it.
let chromium: Browser | undefined;
before(async () => {
  chromium = await launchChromium();
});
after(() => chromium?.close());

for (const javaScript of [true, false]) {
  test(`the back office's whole loop, JavaScript ${javaScript ? 'on' : 'off'}: admin → organisation → members → grant approved → key held`, LOOP, async (t) => {
    const run = await startRun(t, chromium ?? assert.fail('Chromium did not start'), javaScript);
    const tag = javaScript ? 'js' : 'nojs';
    const supervisor = `lead-${tag}@example.org`;
    const analyst = `analyst-${tag}@example.org`;
    const second = `deputy-${tag}@example.org`;
    const passwords = { admin: strongPassword(), supervisor: strongPassword(), analyst: strongPassword(), second: strongPassword() };

    // a. The first admin, from the link `haven admin create` prints.
    const created = await runHaven(['admin', 'create', `ops-${tag}`], { ...cliEnv(run.dataDir, run.databaseUrl), PUBLIC_URL: run.origin });
    assert.equal(created.code, 0, created.stderr);
    const adminLink = /(\S+\/office\/enrol\/[A-Za-z0-9_-]{43})\b/.exec(created.stdout)?.[1] ?? assert.fail(created.stdout);
    const adminPage = await (await run.newContext()).newPage();
    await enrol(run, adminPage, adminLink, passwords.admin, 'admin');

    // b. An organisation, with its first supervisor's invitation mailed.
    await menu(adminPage, '/office/organisations');
    await inspect(run, adminPage, 'admin: organisations');
    await adminPage.locator('#name').fill(ORGANISATION.name);
    await adminPage.locator('#id').fill(ORGANISATION.id);
    await adminPage.locator(`input[name=kind][value=${ORGANISATION.kind}]`).check();
    await adminPage.locator('#email').fill(supervisor);
    await adminPage.locator('input[name=locale][value=en]').check();
    await submit(adminPage, '/office/organisations');
    assert.equal(pathOf(adminPage), '/office/organisations?done=created');
    assert.equal(await adminPage.locator(`tr[data-organisation="${ORGANISATION.id}"]`).count(), 1, 'the organisation is listed');
    await inspect(run, adminPage, 'admin: organisation created');
    assert.doesNotMatch(await adminPage.content(), /\/office\/enrol\//, 'the admin never sees the link: it carries the key');

    const supervisorPage = await (await run.newContext()).newPage();
    await enrol(run, supervisorPage, await invitationLink(run, supervisor), passwords.supervisor, 'supervisor');
    assert.equal(await supervisorPage.locator('[data-key-held]').getAttribute('data-key-held'), 'true', 'the first supervisor holds the key');

    // c. A new organisation has no recovery sheets yet, and the recovery page asks for them; then
    // two invitations.
    await menu(supervisorPage, '/office/recovery');
    assert.equal(await supervisorPage.locator('[data-issued]').getAttribute('data-issued'), 'false', 'the page asks for recovery sheets');
    await inspect(run, supervisorPage, 'supervisor: recovery');
    const sheets = await submit(supervisorPage, '/office/recovery/sheets');
    assert.equal(sheets?.status(), 200);
    assert.ok((await supervisorPage.locator('section.recovery-sheet').count()) >= 2, 'the sheets to print');
    await inspect(run, supervisorPage, 'supervisor: recovery sheets issued');
    await menu(supervisorPage, '/office/recovery');
    assert.equal(await supervisorPage.locator('[data-issued]').getAttribute('data-issued'), 'true', 'issued');
    await menu(supervisorPage, '/office/members');
    await inspect(run, supervisorPage, 'supervisor: members');
    await invite(run, supervisorPage, analyst, 'analyst');
    await invite(run, supervisorPage, second, 'supervisor');

    const analystPage = await (await run.newContext()).newPage();
    const analystFactor = await enrol(run, analystPage, await invitationLink(run, analyst), passwords.analyst, 'analyst');
    assert.equal(await analystPage.locator('[data-key-held]').getAttribute('data-key-held'), 'false', 'no key before a grant');
    const secondPage = await (await run.newContext()).newPage();
    const deputy = await enrol(run, secondPage, await invitationLink(run, second), passwords.second, 'second supervisor');

    // The second supervisor first: with one supervisor holding the key, a grant takes effect at
    // once. They sign in again to have the key in their session.
    await supervisorPage.reload();
    await submit(supervisorPage, `/office/members/${await rowId(supervisorPage, second)}/grant`);
    assert.equal(pathOf(supervisorPage), '/office/members?done=granted');
    assert.equal(await memberRow(supervisorPage, second).locator('[data-access]').getAttribute('data-access'), 'active');
    await inspect(run, supervisorPage, 'supervisor: granted');
    await signOut(secondPage);
    await inspect(run, secondPage, 'second supervisor: sign-in');
    await signIn(run, secondPage, second, passwords.second, deputy.secret, 'second supervisor');
    assert.equal(await secondPage.locator('[data-key-held]').getAttribute('data-key-held'), 'true');

    // The analyst: now that another supervisor holds the key, the grant waits for their approval.
    await supervisorPage.reload();
    await submit(supervisorPage, `/office/members/${await rowId(supervisorPage, analyst)}/grant`);
    assert.equal(pathOf(supervisorPage), '/office/members?done=pending');
    assert.equal(await memberRow(supervisorPage, analyst).locator('[data-access]').getAttribute('data-access'), 'pending');
    assert.equal(await memberRow(supervisorPage, analyst).locator('form[action$="/approve"]').count(), 0, 'the one who granted cannot approve');
    await inspect(run, supervisorPage, 'supervisor: grant pending');
    const request = await run.smtp.waitForMail((m: ParsedMail) => recipientOf(m) === second && /analyst/.test(m.text ?? ''), 20_000);
    assert.match(request.text ?? '', /\/office\/members/);

    await menu(secondPage, '/office/members');
    await inspect(run, secondPage, 'second supervisor: members');
    await submit(secondPage, `/office/members/${await rowId(secondPage, analyst)}/approve`);
    assert.equal(pathOf(secondPage), '/office/members?done=approved');
    assert.equal(await memberRow(secondPage, analyst).locator('[data-access]').getAttribute('data-access'), 'active');
    await inspect(run, secondPage, 'second supervisor: approved');

    // d. The operator names the new organisation as the online channel's recipient and restarts
    // Haven (channels are read at start-up); sessions are rows, so everyone stays signed in.
    await run.restart(contentNaming(run, ORGANISATION.id));
    await supervisorPage.goto(`${run.origin}/office/members`);
    assert.equal(new URL(supervisorPage.url()).pathname, '/office/members', 'still signed in after the restart');

    const marker = randomBytes(8).toString('hex');
    const visitor = await (await run.newContext()).newPage();
    await visitor.goto(`${run.origin}/en/report/online`);
    await visitor.locator('textarea[name=urls]').fill(`https://example.invalid/seen-${marker}`);
    await visitor.locator('input[name=category]').first().check();
    const [filed] = await Promise.all([visitor.waitForNavigation(), visitor.locator('main form button[type=submit]').click()]);
    assert.equal(filed?.status(), 200, 'the report is accepted');
    const receipt = ((await visitor.locator('#receipt').textContent()) ?? '').trim();
    assert.match(receipt, RECEIPT);

    // The analyst signs out and in again with the keyboard only: Tab goes from the login to the
    // password to the button, and Enter sends the form.
    await signOut(analystPage);
    await inspect(run, analystPage, 'analyst: sign-in');
    await tabTo(analystPage, 'the login field', (el) => el.tag === 'input' && el.name === 'login');
    await analystPage.keyboard.type(analyst);
    await analystPage.keyboard.press('Tab');
    assert.equal((await focused(analystPage))?.name, 'password', 'Tab goes from the login to the password');
    await analystPage.keyboard.type(passwords.analyst);
    await analystPage.keyboard.press('Tab');
    const button = await focused(analystPage);
    assert.deepEqual([button?.tag, button?.type], ['button', 'submit'], 'then to the sign-in button');
    const [sent] = await Promise.all([analystPage.waitForNavigation(), analystPage.keyboard.press('Enter')]);
    assert.equal(sent?.request().redirectedFrom()?.method(), 'POST', 'Enter sent the form');
    await secondFactor(run, analystPage, analystFactor.secret, 'analyst');
    assert.equal(await analystPage.locator('[data-key-held]').getAttribute('data-key-held'), 'true', 'the analyst’s session holds the key');
    await inspect(run, analystPage, 'analyst: home with the key');

    // No casework pages yet: the key the analyst's password opens opens the report.
    const haven = run.haven();
    const unlocked = await unlockOrganisationKey(haven.store, analyst, passwords.analyst);
    assert.equal(unlocked.organisationId, ORGANISATION.id);
    const report = await storedReport(haven, receipt);
    assert.equal(report.organisation_id, ORGANISATION.id);
    const opened = openSealed(Buffer.from(report.sealed_body), unlocked.keys).toString('utf8');
    assert.ok(opened.includes(`seen-${marker}`), 'the analyst reads what the visitor typed');

    t.diagnostic(`checked ${run.checked.length} back-office pages (${new Set(run.checked).size} addresses): ${[...new Set(run.checked)].join(', ')}`);
    assert.deepEqual(run.problems, [], `problems on the back-office pages:\n${run.problems.join('\n')}`);
  });
}

/** The id of `login`'s row on the members page (the grant and approve forms carry it). */
async function rowId(page: Page, login: string): Promise<string> {
  const id = (await memberRow(page, login).getAttribute('id')) ?? assert.fail(`${login} is listed`);
  return id.replace(/^member-/, '');
}
