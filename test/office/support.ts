// Signing in to the back office the way a browser does, through the real routes (app.inject):
// password, then the second factor (enrolled on the first sign-in from the secret the page shows
// as text), following the cookie through every change of session.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { currentCode } from '../../src/accounts/second-factor.ts';
import { openSecretBox } from '../../src/crypto/box.ts';
import type { Store } from '../../src/db/database.ts';
import type { Scope } from '../../src/web/scopes.ts';

export type OfficeClient = {
  cookie: string;
  csrf: string;
  /** The TOTP secret enrolled (or given), to compute later codes. */
  secret: string;
  recoveryCodes: string[];
  get(url: string): Promise<Injected>;
  post(url: string, form?: Record<string, string>, options?: { csrf?: string | null }): Promise<Injected>;
};

export type Injected = Awaited<ReturnType<Scope['inject']>>;

export function cookieFrom(response: Injected): string | undefined {
  const header = response.headers['set-cookie'];
  const line = Array.isArray(header) ? header[0] : header;
  return line?.split(';')[0];
}

export const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/**
 * The code for a sign-in after the enrolment: a code's time step is accepted once, so within the
 * same 30 s the next step's code (accepted as clock drift) is used. A third sign-in of one account
 * within a minute would need a recovery code.
 */
export function nextCode(secret: string): string {
  return currentCode(secret, Date.now() + 30_000);
}

export async function signIn(app: Scope, login: string, password: string, known?: { secret: string }): Promise<OfficeClient> {
  const first = await app.inject({ method: 'POST', url: '/office/sign-in', headers: FORM, payload: form({ login, password }) });
  assert.equal(first.statusCode, 303, `password accepted for ${login}: ${first.statusCode}`);
  let cookie = cookieFrom(first) ?? assert.fail('a session cookie');
  let secret = known?.secret ?? '';
  let recoveryCodes: string[] = [];
  if (first.headers.location === '/office/second-factor/enrol') {
    const page = await app.inject({ method: 'GET', url: '/office/second-factor/enrol', headers: { cookie, accept: 'text/html' } });
    secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)?.[1] ?? assert.fail('the secret shown as text');
    const csrf = csrfFrom(page.body) ?? assert.fail('a CSRF token');
    const done = await app.inject({
      method: 'POST',
      url: '/office/second-factor/enrol',
      headers: { ...FORM, cookie },
      payload: form({ secret, code: currentCode(secret), _csrf: csrf }),
    });
    assert.equal(done.statusCode, 200, done.body.slice(0, 300));
    recoveryCodes = [...done.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] as string);
    cookie = cookieFrom(done) ?? assert.fail('a new session cookie');
  } else {
    assert.equal(first.headers.location, '/office/second-factor');
    const page = await app.inject({ method: 'GET', url: '/office/second-factor', headers: { cookie, accept: 'text/html' } });
    const csrf = csrfFrom(page.body) ?? assert.fail('a CSRF token');
    const done = await app.inject({
      method: 'POST',
      url: '/office/second-factor',
      headers: { ...FORM, cookie },
      payload: form({ code: nextCode(secret), _csrf: csrf }),
    });
    assert.equal(done.statusCode, 303, done.body.slice(0, 300));
    cookie = cookieFrom(done) ?? assert.fail('a new session cookie');
  }
  const home = await app.inject({ method: 'GET', url: '/office/', headers: { cookie, accept: 'text/html' } });
  assert.equal(home.statusCode, 200);
  const csrf = csrfFrom(home.body) ?? assert.fail('a CSRF token on the home page');
  const client: OfficeClient = {
    cookie,
    csrf,
    secret,
    recoveryCodes,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie: client.cookie, accept: 'text/html' } }),
    post: (url, fields = {}, options = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, cookie: client.cookie },
        payload: form(options.csrf === null ? fields : { _csrf: options.csrf ?? client.csrf, ...fields }),
      }),
  };
  return client;
}

/** A demo account's password (demo mode creates them). */
export function demoPassword(haven: { demoCredentials: { login: string; password: string }[] }, login: string): string {
  return haven.demoCredentials.find((c) => c.login === login)?.password ?? assert.fail(`demo account ${login}`);
}

/**
 * After an answer that replaced the session (a password change, a recovery), the client follows
 * the new cookie, as a browser does, and reads the new session's CSRF token.
 */
export async function adopt(app: Scope, client: OfficeClient, response: Injected): Promise<void> {
  const cookie = cookieFrom(response);
  if (!cookie || cookie.endsWith('=')) return;
  client.cookie = cookie;
  const home = await app.inject({ method: 'GET', url: '/office/', headers: { cookie, accept: 'text/html' } });
  assert.equal(home.statusCode, 200, 'the new session opens the office');
  client.csrf = csrfFrom(home.body) ?? assert.fail('a CSRF token on the home page');
}

/**
 * The token of the latest invitation mailed to `email`, read where the mail is: still sealed in
 * the outbox, or already delivered as a file in the mail directory (demo mode, no SMTP relay).
 */
export async function invitationToken(haven: { store: Store; keys: { outbox: Buffer }; mailDir: string | undefined }, email: string): Promise<string> {
  const linkIn = (text: string) => /\/office\/enrol\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  for (let attempt = 0; attempt < 100; attempt++) {
    const queued = await haven.store.db.selectFrom('outbox').select('payload').where('kind', '=', 'invitation').where('done_at', 'is', null).execute();
    const mails = queued.map((r) => JSON.parse(openSecretBox(Buffer.from(r.payload), haven.keys.outbox).toString('utf8')) as { to: string; text: string });
    const inOutbox = mails.filter((m) => m.to === email).at(-1);
    if (inOutbox) return linkIn(inOutbox.text) ?? assert.fail('an enrolment link in the invitation');
    if (haven.mailDir && fs.existsSync(haven.mailDir)) {
      const files = fs
        .readdirSync(haven.mailDir)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse();
      for (const file of files) {
        const mail = await simpleParser(fs.readFileSync(path.join(haven.mailDir, file)));
        const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(',') : (mail.to?.text ?? '');
        if (to.includes(email) && mail.text && linkIn(mail.text)) return linkIn(mail.text) as string;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return assert.fail(`an invitation to ${email}`);
}

/** Accepts the invitation mailed to `email` through the enrolment page, then signs in (second factor enrolled). */
export async function enrolInvited(
  haven: { app: Scope; store: Store; keys: { outbox: Buffer }; mailDir: string | undefined },
  email: string,
  password: string,
): Promise<OfficeClient> {
  const token = await invitationToken(haven, email);
  const enrolled = await haven.app.inject({
    method: 'POST',
    url: `/office/enrol/${token}`,
    headers: FORM,
    payload: form({ password, passwordAgain: password, locale: 'en' }),
  });
  assert.equal(enrolled.statusCode, 303, enrolled.body.slice(0, 300));
  return signIn(haven.app, email, password);
}

/**
 * Failures count in clock-aligned windows (FAILURE_WINDOW_MS): a test that counts up to a lock
 * must not straddle a window's end, where the count starts again. Waits until the clock is at
 * least `marginMs` away from the next end.
 */
export async function clearOfWindowEnd(windowMs: number, marginMs = 90_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
