// Two Haven processes on one PostgreSQL, as behind a load balancer: a back-office session begun on
// one goes on on the other (sessions are rows; the organisation key travels sealed in the row,
// opened by the cookie), the sign-in throttle counts a login's failures on both together, and a
// mail in the shared outbox is sent once, whichever instance's pass takes it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { currentCode } from '../../src/accounts/second-factor.ts';
import { FAILURE_WINDOW_MS, LOCK_AFTER_LOGIN_FAILURES } from '../../src/sign-in/sign-in.service.ts';
import { runHaven } from '../cli/haven-cli.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { type ServerProcess, startServer } from '../support/server-process.ts';
import { recipientOf, startSmtp } from '../support/smtp.ts';
import { clearOfWindowEnd, csrfFrom } from './support.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: two instances on one PostgreSQL';
/** How often each instance's outbox looks for mail (mail/outbox.ts, createOutbox's everyMs). */
const OUTBOX_PERIOD_MS = 10_000;

type Answer = { status: number; location: string | null; cookie: string | undefined; body: string };

/** One request as a browser without JavaScript sends it: a form, the cookie, no redirect followed. */
async function request(server: ServerProcess, url: string, options: { form?: Record<string, string>; cookie?: string | undefined } = {}): Promise<Answer> {
  const response = await fetch(`${server.url}${url}`, {
    method: options.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookie: response.headers.getSetCookie()[0]?.split(';')[0],
    body: await response.text(),
  };
}

test('two instances on one PostgreSQL share sessions, the sign-in throttle and the outbox', { skip, timeout: 240_000 }, async (t) => {
  const hooks = teardownInReverse(t);
  const databaseUrl = (await freshPostgres(hooks)) ?? assert.fail('a database');
  const smtp = await startSmtp(hooks);
  const secret = randomBytes(32).toString('base64');
  const shared = { HAVEN_SECRET: secret, DATABASE_URL: databaseUrl, SMTP_URL: smtp.url, LOG_LEVEL: 'warn', SEAL_WORKERS: '0' };
  // One after the other: the first creates the schema and the demo accounts (their passwords go
  // to its data directory). Each has a data directory of its own, as on its own machine.
  const firstDir = tempDir(hooks);
  const a = await startServer(hooks, { ...shared, DATA_DIR: firstDir });
  const b = await startServer(hooks, { ...shared, DATA_DIR: tempDir(hooks) });
  const demo = new Map(
    fs
      .readFileSync(path.join(firstDir, 'demo-credentials.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t').slice(0, 2) as [string, string]),
  );
  const passwordOf = (login: string) => demo.get(login) ?? assert.fail(`demo account ${login}`);

  await t.test('a session begun on one instance goes on, and ends, on the other', async () => {
    const password = await request(a, '/office/sign-in', { form: { login: 'police-supervisor', password: passwordOf('police-supervisor') } });
    assert.equal(password.status, 303, 'the password, on A');
    assert.equal(password.location, '/office/second-factor/enrol');
    const halfway = password.cookie ?? assert.fail('a cookie');

    const page = await request(b, '/office/second-factor/enrol', { cookie: halfway });
    assert.equal(page.status, 200, 'the half-way session, on B');
    const totp = /data-secret="([A-Z2-7]+)"/.exec(page.body)?.[1] ?? assert.fail('the secret shown as text');
    const enrolled = await request(b, '/office/second-factor/enrol', {
      cookie: halfway,
      form: { secret: totp, code: currentCode(totp), _csrf: csrfFrom(page.body) ?? assert.fail('a CSRF token') },
    });
    assert.equal(enrolled.status, 200, 'the second factor, on B');
    const cookie = enrolled.cookie ?? assert.fail('a new cookie');

    for (const [name, server] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const home = await request(server, '/office/', { cookie });
      assert.equal(home.status, 200, `signed in on ${name}`);
      assert.match(home.body, /data-key-held="true"/, `the organisation key opens on ${name}`);
    }
    const home = await request(a, '/office/', { cookie });
    const out = await request(a, '/office/sign-out', { cookie, form: { _csrf: csrfFrom(home.body) ?? assert.fail('a CSRF token') } });
    assert.equal(out.status, 303, 'signed out on A');
    assert.equal((await request(b, '/office/', { cookie })).status, 401, 'the session has ended on B too');
  });

  await t.test('failures on either instance count together towards the lock', async () => {
    const login = 'police-analyst';
    await clearOfWindowEnd(FAILURE_WINDOW_MS);
    const answers: number[] = [];
    for (let i = 0; i < LOCK_AFTER_LOGIN_FAILURES; i++) {
      const server = i % 2 === 0 ? a : b;
      answers.push((await request(server, '/office/sign-in', { form: { login, password: `wrong guess ${i}` } })).status);
    }
    assert.deepEqual(answers, Array(LOCK_AFTER_LOGIN_FAILURES).fill(401), `${LOCK_AFTER_LOGIN_FAILURES / 2} wrong passwords on each`);
    for (const [name, server] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const locked = await request(server, '/office/sign-in', { form: { login, password: passwordOf(login) } });
      assert.equal(locked.status, 429, `${name} refuses even the right password`);
      assert.match(locked.body, /Too many attempts failed/);
    }
    // The lock is the login's: another account from the same address still signs in.
    const other = await request(b, '/office/sign-in', { form: { login: 'hotline-analyst', password: passwordOf('hotline-analyst') } });
    assert.equal(other.status, 303);
  });

  await t.test('an invitation queued in the shared outbox is mailed once', async () => {
    const created = await runHaven(
      ['organisation', 'create', '--id', 'acme-police', '--kind', 'police', '--name', 'Acme police', '--supervisor', 'lead@example.org'],
      { DATA_DIR: tempDir(hooks), DATABASE_URL: databaseUrl, HAVEN_SECRET: secret },
    );
    assert.equal(created.code, 0, created.stderr);
    const queuedAt = Date.now();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Neither instance is told of it: their outboxes' timers find it.
      const sentWithin = Date.now() + 3 * OUTBOX_PERIOD_MS;
      let done = false;
      while (!done && Date.now() < sentWithin) {
        const { rows } = await db.query<{ done_at: string | null }>("SELECT done_at FROM outbox WHERE kind = 'invitation'");
        assert.equal(rows.length, 1, 'one invitation queued');
        done = rows[0]?.done_at !== null;
        if (!done) await delay(200);
      }
      assert.ok(done, 'the invitation is marked sent');
    } finally {
      await db.end();
    }
    // Each instance runs a pass at least once a period: by then both have looked at the outbox
    // since the mail was queued, and one that took it a second time would have sent it by now.
    await delay(Math.max(0, queuedAt + OUTBOX_PERIOD_MS + 2_000 - Date.now()));
    const invitations = smtp.messages.filter((m) => recipientOf(m) === 'lead@example.org');
    assert.equal(invitations.length, 1, `received ${invitations.length} times`);
    assert.match(invitations[0]?.text ?? '', /\/office\/enrol\/[A-Za-z0-9_-]{43}/);
  });
});
