// "Your account": changing the password re-wraps the member's own key only (reports stay readable
// with the new password, the old one opens nothing), ends every other session and gives this
// browser a new token; sessions are listed coarsely and end one by one or all at once, only ever
// the member's own.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { WrongCredentials } from '../../src/accounts/accounts.errors.ts';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { openSealed, seal } from '../../src/crypto/box.ts';
import { testHaven } from '../support/haven.ts';
import { adopt, cookieFrom, demoPassword, form, signIn } from './support.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

test('a password change keeps the organisation key, retires the old password and ends the other sessions', async (t) => {
  const haven = await testHaven(t);
  const login = 'police-analyst';
  const old = demoPassword(haven, login);
  const here = await signIn(haven.app, login, old);
  const elsewhere = await signIn(haven.app, login, old, { secret: here.secret });
  const before = await unlockOrganisationKey(haven.store, login, old);
  const report = seal(Buffer.from('a report for the police'), before.keys.publicKey);
  const replacement = `${randomBytes(12).toString('base64url')} harbour`;

  // Refusals first: a wrong current password, two passwords that differ, a weak one; nothing changes.
  const wrong = await here.post('/office/account/password', { current: `${old}x`, password: replacement, passwordAgain: replacement });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /Your current password is not right/);
  const differ = await here.post('/office/account/password', { current: old, password: replacement, passwordAgain: `${replacement}!` });
  assert.equal(differ.statusCode, 400);
  assert.match(differ.body, /The two passwords are not the same/);
  const weak = await here.post('/office/account/password', { current: old, password: 'password1234', passwordAgain: 'password1234' });
  assert.equal(weak.statusCode, 400);
  assert.match(weak.body, /too easy to guess/);
  assert.equal((await elsewhere.get('/office/')).statusCode, 200, 'a refused change ends nothing');
  const noToken = await here.post('/office/account/password', { current: old, password: replacement, passwordAgain: replacement }, { csrf: null });
  assert.equal(noToken.statusCode, 403);

  const changed = await here.post('/office/account/password', { current: old, password: replacement, passwordAgain: replacement });
  assert.equal(changed.statusCode, 303, changed.body.slice(0, 300));
  assert.equal(changed.headers.location, '/office/account?done=password');
  const oldCookie = here.cookie;
  await adopt(haven.app, here, changed);
  assert.notEqual(here.cookie, oldCookie, 'this browser has a new token');

  // This browser goes on, with the key still in its session; the old token and the other session do not.
  const home = await here.get('/office/');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /data-key-held="true"/);
  assert.equal((await haven.app.inject({ url: '/office/', headers: { cookie: oldCookie, accept: 'text/html' } })).statusCode, 401);
  assert.equal((await elsewhere.get('/office/')).statusCode, 401, 'the other session has ended');

  // Same organisation key with the new password; reports sealed before open; the old password fails.
  const after = await unlockOrganisationKey(haven.store, login, replacement);
  assert.ok(after.keys.privateKey.equals(before.keys.privateKey));
  assert.equal(openSealed(report, after.keys).toString(), 'a report for the police');
  await assert.rejects(unlockOrganisationKey(haven.store, login, old), WrongCredentials);
  const oldSignIn = await haven.app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login, password: old }) });
  assert.equal(oldSignIn.statusCode, 401);
  const newSignIn = await haven.app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login, password: replacement }) });
  assert.equal(newSignIn.statusCode, 303);

  const entries = await haven.store.db.selectFrom('audit_log').select(['action', 'organisation_id']).where('action', '=', 'password.changed').execute();
  assert.deepEqual(entries, [{ action: 'password.changed', organisation_id: 'police-demo' }]);
});

test('sessions: listed without addresses, ended one at a time (only one’s own) or all at once', async (t) => {
  const haven = await testHaven(t);
  const login = 'hotline-supervisor';
  const password = demoPassword(haven, login);
  const first = await signIn(haven.app, login, password);
  const second = await signIn(haven.app, login, password, { secret: first.secret });
  const other = await signIn(haven.app, 'hotline-analyst', demoPassword(haven, 'hotline-analyst'));

  const page = await first.get('/office/account');
  assert.equal(page.statusCode, 200);
  const refs = [...page.body.matchAll(/action="\/office\/account\/sessions\/([0-9a-f]{16})\/end"/g)].map((m) => m[1] as string);
  assert.equal(refs.length, 2, 'both sessions of the account, and nobody else’s');
  assert.match(page.body, /today, around \d{1,2}:00/);
  assert.match(page.body, /data-current="true"/);
  assert.doesNotMatch(page.body, /127\.0\.0\.1|lightMyRequest/, 'no address, no browser');
  const otherRefs = [...(await other.get('/office/account')).body.matchAll(/sessions\/([0-9a-f]{16})\/end/g)].map((m) => m[1] as string);
  assert.equal(otherRefs.length, 1);

  // Another member's session is "not found" here, and stays open.
  const foreign = await first.post(`/office/account/sessions/${otherRefs[0]}/end`);
  assert.equal(foreign.statusCode, 404);
  assert.equal((await other.get('/office/')).statusCode, 200);
  assert.equal((await first.post('/office/account/sessions/zz/end')).statusCode, 400);

  // Ending the other session of one's own.
  const currentRef = /data-session="([0-9a-f]{16})" data-current="true"/.exec(page.body)?.[1] ?? assert.fail('the current session marked');
  const secondRef = refs.find((r) => r !== currentRef) ?? assert.fail('the other session');
  const ended = await first.post(`/office/account/sessions/${secondRef}/end`);
  assert.equal(ended.statusCode, 303);
  assert.equal(ended.headers.location, '/office/account?done=ended');
  assert.equal((await second.get('/office/')).statusCode, 401);
  assert.equal((await first.get('/office/')).statusCode, 200);

  // Everywhere: this session too, and the cookie is cleared.
  const all = await first.post('/office/account/sessions/end-all');
  assert.equal(all.statusCode, 303);
  assert.equal(all.headers.location, '/office/sign-in');
  assert.match(String(cookieFrom(all)), /=$/);
  assert.equal((await first.get('/office/')).statusCode, 401);
  assert.equal((await other.get('/office/')).statusCode, 200, 'another member’s session is untouched');

  const actions = (
    await haven.store.db.selectFrom('audit_log').select('action').where('action', 'in', ['session.revoked', 'sessions.revoked-all']).orderBy('seq').execute()
  ).map((e) => e.action);
  assert.deepEqual(actions, ['session.revoked', 'sessions.revoked-all']);
});
