// Signing in to the back office: refusals first (no session, a planted session id, a missing
// CSRF token, a wrong password and an unknown login answered alike), then the whole way in with
// a second factor, the cookie's attributes, sign-out, idle expiry and the lock after failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentCode } from '../../src/accounts/second-factor.ts';
import { FAILURE_WINDOW_MS, LOCK_AFTER_LOGIN_FAILURES } from '../../src/sign-in/sign-in.service.ts';
import { testHaven } from '../support/haven.ts';
import { clearOfWindowEnd, cookieFrom, csrfFrom, demoPassword, form, nextCode, signIn } from './support.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

test('without a session: the sign-in page (HTML) or 401 (JSON), and no route runs', async (t) => {
  const haven = await testHaven(t);
  for (const url of ['/office/', '/office/members', '/office/account', '/office/no-such-page']) {
    const html = await haven.app.inject({ url, headers: { accept: 'text/html' } });
    assert.equal(html.statusCode, 401, url);
    assert.match(html.body, /<form method="post" action="\/office\/sign-in/);
    assert.match(html.body, /<body class="office"><a class="leave" href="https:\/\/[^"]+" rel="noreferrer">Leave this site/, 'the leave link first');
    const json = await haven.app.inject({ url, headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 401, url);
    assert.equal(json.json().errors[0].code, 'unauthorised');
  }
});

test('a wrong password and an unknown login get the same answer, and both are audited', async (t) => {
  const haven = await testHaven(t);
  const before = (await haven.store.db.selectFrom('audit_log').select('seq').execute()).length;
  const wrong = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: FORM,
    payload: form({ login: 'police-analyst', password: 'not the password' }),
  });
  const unknown = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: FORM,
    payload: form({ login: 'nobody-here', password: 'not the password' }),
  });
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  assert.equal(wrong.body.replace('police-analyst', 'X'), unknown.body.replace('nobody-here', 'X'));
  assert.match(wrong.body, /The login or the password is not right/);
  assert.equal(wrong.headers['set-cookie'], undefined);
  const failed = await haven.store.db.selectFrom('audit_log').select(['action', 'detail']).where('seq', '>', before).execute();
  assert.deepEqual(
    failed.map((e) => e.action),
    ['sign-in.failed', 'sign-in.failed'],
  );
  assert.ok(
    failed.every((e) => e.detail === null),
    'no typed login or address in the log',
  );
});

test('signing in takes a password and a second factor; the session id changes at each step', async (t) => {
  const haven = await testHaven(t);
  const password = demoPassword(haven, 'police-analyst');
  // A session id planted before sign-in (by someone who can set a cookie) is never honoured.
  const planted = 'haven-office=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const first = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: { ...FORM, cookie: planted },
    payload: form({ login: 'police-analyst', password }),
  });
  assert.equal(first.statusCode, 303);
  assert.equal(first.headers.location, '/office/second-factor/enrol');
  const setCookie = String(first.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  assert.match(setCookie, /Path=\//);
  const halfway = cookieFrom(first) ?? assert.fail('cookie');
  assert.notEqual(halfway, planted);

  // Half signed in: only the second-factor pages open.
  assert.equal((await haven.app.inject({ url: '/office/', headers: { cookie: halfway, accept: 'text/html' } })).statusCode, 401);
  const page = await haven.app.inject({ url: '/office/second-factor/enrol', headers: { cookie: halfway, accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<svg[^>]*role="img"/, 'a QR code drawn on the server');
  assert.doesNotMatch(page.body, /<script(?![^>]*src=)/, 'no inline script');
  const secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)?.[1] ?? assert.fail('secret');
  const csrf = csrfFrom(page.body) ?? assert.fail('csrf');

  const wrongCode = await haven.app.inject({
    method: 'POST',
    url: '/office/second-factor/enrol',
    headers: { ...FORM, cookie: halfway },
    payload: form({ secret, code: '000000', _csrf: csrf }),
  });
  assert.equal(wrongCode.statusCode, 401);
  assert.match(wrongCode.body, /That code is not right/);

  const done = await haven.app.inject({
    method: 'POST',
    url: '/office/second-factor/enrol',
    headers: { ...FORM, cookie: halfway },
    payload: form({ secret, code: currentCode(secret), _csrf: csrf }),
  });
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10, 'ten recovery codes, shown once');
  const signedIn = cookieFrom(done) ?? assert.fail('a new cookie');
  assert.notEqual(signedIn, halfway);

  // The half-way id no longer opens anything; the new one does, and the key is in the session.
  assert.equal((await haven.app.inject({ url: '/office/second-factor', headers: { cookie: halfway, accept: 'text/html' } })).statusCode, 401);
  const home = await haven.app.inject({ url: '/office/', headers: { cookie: signedIn, accept: 'text/html' } });
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /data-key-held="true"/);

  // The recovery codes are stored as digests only; the TOTP secret is not in clear.
  const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', 'police-analyst').executeTakeFirstOrThrow();
  for (const code of codes) assert.ok(!String(account.recovery_codes).includes(String(code)));
  assert.ok(!Buffer.from(account.second_factor ?? []).includes(Buffer.from(secret)));

  // Next time: the password, then a code (the one just used is refused: a code works once).
  const again = await haven.app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login: 'police-analyst', password }) });
  assert.equal(again.headers.location, '/office/second-factor');
  const cookie = cookieFrom(again) ?? assert.fail('cookie');
  const factorPage = await haven.app.inject({ url: '/office/second-factor', headers: { cookie, accept: 'text/html' } });
  const csrf2 = csrfFrom(factorPage.body) ?? assert.fail('csrf');
  const replay = await haven.app.inject({
    method: 'POST',
    url: '/office/second-factor',
    headers: { ...FORM, cookie },
    payload: form({ code: currentCode(secret), _csrf: csrf2 }),
  });
  assert.equal(replay.statusCode, 401, 'a code is accepted once');
  const recovery = await haven.app.inject({
    method: 'POST',
    url: '/office/second-factor',
    headers: { ...FORM, cookie },
    payload: form({ code: String(codes[0]).toUpperCase(), _csrf: csrf2 }),
  });
  assert.equal(recovery.statusCode, 303, 'a recovery code stands in for the app');
  const actions = (await haven.store.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((e) => e.action);
  assert.ok(actions.includes('second-factor.enrolled') && actions.includes('recovery-code.used') && actions.includes('second-factor.failed'));
});

test('state-changing office requests need the session’s CSRF token; sign-out ends the session', async (t) => {
  const haven = await testHaven(t);
  const client = await signIn(haven.app, 'hotline-analyst', demoPassword(haven, 'hotline-analyst'));
  assert.equal((await client.post('/office/sign-out', {}, { csrf: null })).statusCode, 403);
  assert.equal((await client.post('/office/sign-out', {}, { csrf: 'x'.repeat(43) })).statusCode, 403);
  const crossSite = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-out',
    headers: { ...FORM, cookie: client.cookie, origin: 'https://elsewhere.example' },
    payload: form({ _csrf: client.csrf }),
  });
  assert.equal(crossSite.statusCode, 403, 'a form posted from another site');
  assert.equal((await client.get('/office/')).statusCode, 200, 'still signed in');
  const out = await client.post('/office/sign-out');
  assert.equal(out.statusCode, 303);
  assert.equal((await client.get('/office/')).statusCode, 401, 'the old cookie opens nothing');
});

test('public pages never set a cookie, even for a signed-in browser', async (t) => {
  const haven = await testHaven(t);
  const client = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  for (const url of ['/en/', '/fr/report/police', '/en/track']) {
    const page = await haven.app.inject({ url, headers: { cookie: client.cookie } });
    assert.equal(page.headers['set-cookie'], undefined, url);
  }
});

test('behind TLS the cookie is __Host- and Secure', async (t) => {
  const haven = await testHaven(t, { TRUST_PROXY: '1' });
  const response = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: { ...FORM, 'x-forwarded-proto': 'https' },
    payload: form({ login: 'police-analyst', password: demoPassword(haven, 'police-analyst') }),
  });
  assert.match(String(response.headers['set-cookie']), /^__Host-haven-office=[^;]+;.*Secure/i);
});

test('a session ends after 30 idle minutes', async (t) => {
  let now = Date.now();
  const haven = await testHaven(t, {}, { now: () => new Date(now) });
  const client = await signIn(haven.app, 'police-analyst', demoPassword(haven, 'police-analyst'));
  now += 29 * 60_000;
  assert.equal((await client.get('/office/')).statusCode, 200);
  now += 31 * 60_000;
  assert.equal((await client.get('/office/')).statusCode, 401);
});

test('repeated failures lock the login for a while, even with the right password', async (t) => {
  const haven = await testHaven(t);
  const password = demoPassword(haven, 'police-analyst');
  await clearOfWindowEnd(FAILURE_WINDOW_MS);
  await Promise.all(
    Array.from({ length: LOCK_AFTER_LOGIN_FAILURES }, () =>
      haven.app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login: 'police-analyst', password: 'wrong guess' }) }),
    ),
  );
  const locked = await haven.app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login: 'police-analyst', password }) });
  assert.equal(locked.statusCode, 429);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  assert.match(locked.body, /Too many attempts failed/);
  // Another login from elsewhere is not locked out by it.
  const other = await haven.app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: { ...FORM, 'x-forwarded-for': '203.0.113.9' },
    payload: form({ login: 'hotline-analyst', password: demoPassword(haven, 'hotline-analyst') }),
  });
  assert.equal(other.statusCode, 303);
  void nextCode;
});
