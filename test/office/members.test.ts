// A supervisor's members pages. Refusals first: the operator's admin and analysts get 403 on every
// members route, another organisation's member is "not found" whatever the action, a POST without
// its session's CSRF token is refused. Then the whole way of a key: invite → enrol → grant →
// (a second supervisor) approve, after which the new analyst's password opens the organisation
// key; and removal, which ends the member's session at its next request and deletes their grant.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { WrongCredentials } from '../../src/accounts/accounts.errors.ts';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { demoPassword, enrolInvited, type OfficeClient, signIn } from './support.ts';

const strongPassword = () => `${randomBytes(12).toString('base64url')} lantern`;

async function accountId(haven: TestHaven, login: string): Promise<string> {
  return (await haven.store.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
}

async function grantOf(haven: TestHaven, login: string) {
  const id = await accountId(haven, login);
  return haven.store.db.selectFrom('key_grants').selectAll().where('account_id', '=', id).executeTakeFirst();
}

/** Status and, for a refusal, that it is the app's translated error page. */
async function expectStatus(response: Promise<{ statusCode: number; body: string }>, status: number, what: string) {
  const r = await response;
  assert.equal(r.statusCode, status, `${what}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  if (status === 403) assert.match(r.body, /<h1>[^<]*(forbidden|not allowed|permission|access)/i, `${what}: the error page`);
  if (status === 404) assert.match(r.body, /<h1>Page not found<\/h1>/, `${what}: the error page`);
}

test('members routes refuse the operator admin and analysts, hide other organisations, and need the CSRF token', async (t) => {
  const haven = await testHaven(t);
  const login = (name: string) => signIn(haven.app, name, demoPassword(haven, name));
  const admin = await login('operator-admin');
  const analyst = await login('police-analyst');
  const police = await login('police-supervisor');
  const hotlineAnalyst = await accountId(haven, 'hotline-analyst');
  const hotlineSupervisor = await accountId(haven, 'hotline-supervisor');
  const policeAnalyst = await accountId(haven, 'police-analyst');
  const accounts = async () => (await haven.store.db.selectFrom('accounts').select('id').execute()).length;
  const before = await accounts();

  const posts = (id: string): [string, Record<string, string>][] => [
    ['/office/members/invite', { email: 'someone@example.org', role: 'analyst', locale: 'en' }],
    [`/office/members/${id}/grant`, {}],
    [`/office/members/${id}/approve`, {}],
    [`/office/members/${id}/remove`, { confirm: 'yes' }],
  ];

  // The operator's admin manages organisations, never their members.
  await expectStatus(admin.get('/office/members'), 403, 'admin: list');
  await expectStatus(admin.get(`/office/members/${policeAnalyst}/remove`), 403, 'admin: confirm removal');
  for (const id of [policeAnalyst, hotlineAnalyst]) {
    for (const [url, fields] of posts(id)) await expectStatus(admin.post(url, fields), 403, `admin: ${url}`);
  }

  // An analyst neither.
  await expectStatus(analyst.get('/office/members'), 403, 'analyst: list');
  for (const [url, fields] of posts(policeAnalyst)) await expectStatus(analyst.post(url, fields), 403, `analyst: ${url}`);
  await expectStatus(analyst.get('/office/audit'), 403, 'analyst: activity log');
  await expectStatus(analyst.get('/office/recovery'), 403, 'analyst: recovery');
  await expectStatus(analyst.get('/office/organisations'), 403, 'analyst: organisations');
  await expectStatus(police.get('/office/organisations'), 403, 'supervisor: organisations');
  await expectStatus(admin.get('/office/recovery'), 403, 'admin: recovery');

  // Another organisation's member, or a guessed id, does not exist for a police supervisor.
  for (const id of [hotlineAnalyst, hotlineSupervisor, randomUUID(), 'not-an-id']) {
    for (const [url, fields] of posts(id).slice(1)) await expectStatus(police.post(url, fields), 404, `police supervisor: ${url}`);
    await expectStatus(police.get(`/office/members/${id}/remove`), 404, `police supervisor: confirm removal of ${id}`);
  }
  const hotlineGrant = await grantOf(haven, 'hotline-analyst');
  assert.equal(hotlineGrant?.status, 'active', 'the hotline analyst keeps their grant');

  // No token, or another session's: refused before the route runs.
  const invite = { email: 'csrf@example.org', role: 'analyst', locale: 'en' };
  await expectStatus(police.post('/office/members/invite', invite, { csrf: null }), 403, 'no CSRF token');
  await expectStatus(police.post('/office/members/invite', invite, { csrf: analyst.csrf }), 403, 'another session’s CSRF token');
  await expectStatus(police.post('/office/members/invite', invite, { csrf: 'x'.repeat(43) }), 403, 'a made-up CSRF token');
  await expectStatus(police.post(`/office/members/${policeAnalyst}/remove`, { confirm: 'yes' }, { csrf: null }), 403, 'removal without a token');
  assert.equal(await accounts(), before, 'nothing was created');
  assert.equal((await grantOf(haven, 'police-analyst'))?.status, 'active', 'nobody was removed');

  // The supervisor's own page lists their own organisation only.
  const page = await police.get('/office/members');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /police-analyst/);
  assert.doesNotMatch(page.body, /hotline-/);
});

test('invite, grant, and a second supervisor’s approval give a new analyst the organisation key', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const { seq: start } = await haven.store.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const policeKey = await unlockOrganisationKey(haven.store, 'police-supervisor', demoPassword(haven, 'police-supervisor'));

  // A second supervisor: invited, enrolled; with one supervisor holding the key, granted at once.
  const second = 'second-supervisor@example.org';
  const secondPassword = strongPassword();
  const invited = await police.post('/office/members/invite', { email: second, role: 'supervisor', locale: 'fr' });
  assert.equal(invited.statusCode, 303, invited.body.slice(0, 300));
  assert.equal(invited.headers.location, '/office/members?done=invited');
  const secondClient = await enrolInvited(haven, second, secondPassword);
  let list = await police.get('/office/members');
  assert.match(list.body, /second-supervisor@example\.org/);
  const secondId = await accountId(haven, second);
  assert.match(list.body, new RegExp(`action="/office/members/${secondId}/grant"`), 'enrolled, no grant: the grant button');
  const granted = await police.post(`/office/members/${secondId}/grant`);
  assert.equal(granted.headers.location, '/office/members?done=granted');
  assert.equal((await grantOf(haven, second))?.status, 'active');
  const secondKey = await unlockOrganisationKey(haven.store, second, secondPassword);
  assert.ok(secondKey.keys.privateKey.equals(policeKey.keys.privateKey), 'the second supervisor holds the police key');

  // The second supervisor signs in again to have the key in their session.
  const secondSession = await signIn(haven.app, second, secondPassword, { secret: secondClient.secret });

  // An analyst: with two supervisors holding the key, the grant waits for the other one.
  const analyst = 'new-analyst@example.org';
  const analystPassword = strongPassword();
  assert.equal((await police.post('/office/members/invite', { email: analyst, role: 'analyst', locale: 'de' })).statusCode, 303);
  const analystClient = await enrolInvited(haven, analyst, analystPassword);
  const analystId = await accountId(haven, analyst);
  await assert.rejects(unlockOrganisationKey(haven.store, analyst, analystPassword), WrongCredentials, 'no key before a grant');
  const pending = await police.post(`/office/members/${analystId}/grant`);
  assert.equal(pending.headers.location, '/office/members?done=pending');
  assert.equal((await grantOf(haven, analyst))?.status, 'pending');
  await assert.rejects(unlockOrganisationKey(haven.store, analyst, analystPassword), WrongCredentials, 'no key while pending');

  // The granter cannot approve their own grant: no button, and the POST is refused.
  list = await police.get('/office/members');
  assert.doesNotMatch(list.body, new RegExp(`/office/members/${analystId}/approve`));
  const own = await police.post(`/office/members/${analystId}/approve`);
  assert.equal(own.statusCode, 400);
  assert.match(own.body, /Another supervisor must approve this access/);
  assert.equal((await grantOf(haven, analyst))?.status, 'pending');
  // A second grant of the same member is refused too.
  const again = await police.post(`/office/members/${analystId}/grant`);
  assert.equal(again.statusCode, 400);

  // The other supervisor sees the button and approves.
  const secondList = await secondSession.get('/office/members');
  assert.match(secondList.body, new RegExp(`action="/office/members/${analystId}/approve"`));
  const approved = await secondSession.post(`/office/members/${analystId}/approve`);
  assert.equal(approved.statusCode, 303, approved.body.slice(0, 300));
  assert.equal(approved.headers.location, '/office/members?done=approved');
  const grant = await grantOf(haven, analyst);
  assert.equal(grant?.status, 'active');
  assert.equal(grant?.pending_box, null, 'the pending box is gone once released');

  // The analyst's own password now opens the organisation key, and only it.
  const opened = await unlockOrganisationKey(haven.store, analyst, analystPassword);
  assert.equal(opened.organisationId, 'police-demo');
  assert.ok(opened.keys.privateKey.equals(policeKey.keys.privateKey));
  assert.ok(opened.keys.publicKey.equals(policeKey.keys.publicKey));

  // The analyst's session from before the grant holds no key; signing in again gives it one.
  const home = await analystClient.get('/office/');
  assert.match(home.body, /data-key-held="false"/);

  const actions = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'organisation_id'])
    .where('action', 'in', ['account.invited', 'grant.created', 'grant.requested', 'grant.approved'])
    .where('organisation_id', '=', 'police-demo')
    .where('seq', '>', start)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['account.invited', 'grant.created', 'account.invited', 'grant.requested', 'grant.approved'],
  );
  // One rogue supervisor cannot clear the way to approving alone: removing the only other
  // supervisor who holds the key is the operator's to do, not theirs.
  const policeSupervisorId = await accountId(haven, 'police-supervisor');
  const removeOther = await secondSession.post(`/office/members/${policeSupervisorId}/remove`, { confirm: 'yes' });
  assert.equal(removeOther.statusCode, 400);
  assert.match(removeOther.body, /fewer than two supervisors holding the organisation/);
  assert.equal((await grantOf(haven, 'police-supervisor'))?.status, 'active');

  // Nor can they give a second account of their own the key through recovery sheets: only a
  // supervisor the operator invited may enter sheets.
  const puppet = 'puppet-supervisor@example.org';
  const puppetPassword = strongPassword();
  assert.equal((await secondSession.post('/office/members/invite', { email: puppet, role: 'supervisor', locale: 'en' })).statusCode, 303);
  const puppetClient = await enrolInvited(haven, puppet, puppetPassword);
  const issued = await secondSession.post('/office/recovery/sheets');
  assert.equal(issued.statusCode, 200);
  const sheets = [...issued.body.matchAll(/data-sheet-text="([^"]+)"|<p class="recovery-sheet-text[^"]*">([\s\S]*?)<\/p>/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/<br\s*\/?>/g, ' '),
  );
  const refused = await puppetClient.post('/office/recovery/rebuild', { sheet1: sheets[0] ?? 'x', sheet2: sheets[1] ?? 'y' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /only be entered by a supervisor whose account the operator created/);
  await assert.rejects(unlockOrganisationKey(haven.store, puppet, puppetPassword), WrongCredentials);
});

test('removing a member ends their session at its next request and deletes their grant', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const analyst: OfficeClient = await signIn(haven.app, 'police-analyst', demoPassword(haven, 'police-analyst'));
  assert.equal((await analyst.get('/office/')).statusCode, 200);
  const id = await accountId(haven, 'police-analyst');

  // The confirmation page first; without the box ticked, nothing happens.
  const confirm = await police.get(`/office/members/${id}/remove`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /name="confirm"/);
  const unticked = await police.post(`/office/members/${id}/remove`);
  assert.equal(unticked.statusCode, 400);
  assert.match(unticked.body, /Tick the box to confirm the removal/);
  assert.equal((await analyst.get('/office/')).statusCode, 200, 'still signed in');

  const removed = await police.post(`/office/members/${id}/remove`, { confirm: 'yes' });
  assert.equal(removed.statusCode, 303, removed.body.slice(0, 300));
  assert.equal(removed.headers.location, '/office/members?done=removed');

  const next = await analyst.get('/office/');
  assert.equal(next.statusCode, 401, 'the removed member’s session has ended');
  assert.match(next.body, /action="\/office\/sign-in/);
  assert.equal(
    await haven.store.db.selectFrom('key_grants').select('account_id').where('account_id', '=', id).executeTakeFirst(),
    undefined,
    'the grant is gone',
  );
  const kept = await haven.store.db.selectFrom('accounts').select(['status', 'login']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(kept.status, 'removed', 'the account stays, for the activity log');
  assert.notEqual(kept.login, 'police-analyst', 'its login is free to be given again');
  const sessions = await haven.store.db.selectFrom('sessions').select('id_hash').where('account_id', '=', id).execute();
  assert.equal(sessions.length, 0);
  await assert.rejects(unlockOrganisationKey(haven.store, 'police-analyst', demoPassword(haven, 'police-analyst')), WrongCredentials);
  const signInAgain = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ login: 'police-analyst', password: demoPassword(haven, 'police-analyst') }).toString(),
  });
  assert.equal(signInAgain.statusCode, 401, 'a removed member cannot sign in again');

  const list = await police.get('/office/members');
  assert.doesNotMatch(list.body, /police-analyst/, 'no longer listed');
  // A supervisor cannot remove themselves: no link, and the service refuses.
  const self = await accountId(haven, 'police-supervisor');
  assert.doesNotMatch(list.body, new RegExp(`/office/members/${self}/remove`));
  const selfRemoval = await police.post(`/office/members/${self}/remove`, { confirm: 'yes' });
  assert.equal(selfRemoval.statusCode, 400);
});
