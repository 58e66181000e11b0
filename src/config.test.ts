// The environment is checked once, at start: a wrong value stops Haven with a message that names
// the variable, instead of a server that half works.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    return error;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

test('defaults give a working local set-up', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.dataDir, path.resolve('./data'));
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.secret, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.trustProxy, false, 'X-Forwarded-For is not believed unless the operator says so');
  assert.equal(config.logLevel, 'info');
  assert.equal(config.statusLookupsPerMinute, 10);
  assert.equal(config.intakeMaxPending, 512);
  assert.match(config.leaveUrl, /^https:\/\//);
});

test('values are read from strings as an environment gives them', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATA_DIR: '/srv/haven',
    DATABASE_URL: 'postgres://haven@db/haven',
    HAVEN_DEMO: 'false',
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    SEAL_WORKERS: '0',
    STATUS_LOOKUPS_PER_MINUTE: '5',
    INTAKE_MAX_PENDING: '64',
    PUBLIC_URL: 'https://haven.example.org',
    LEAVE_URL: 'https://www.google.com/',
    HAVEN_SECRET: Buffer.alloc(32, 7).toString('base64'),
  });
  assert.equal(config.port, 8080);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.dataDir, '/srv/haven');
  assert.equal(config.databaseUrl, 'postgres://haven@db/haven');
  assert.equal(config.demo, false);
  assert.equal(typeof config.trustProxy, 'function');
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.sealWorkers, 0);
  assert.equal(config.statusLookupsPerMinute, 5);
  assert.equal(config.intakeMaxPending, 64);
  assert.equal(config.publicUrl, 'https://haven.example.org');
  assert.equal(config.leaveUrl, 'https://www.google.com/');
  assert.equal(config.secret, Buffer.alloc(32, 7).toString('base64'));
});

test('an empty variable counts as unset, and unknown variables are ignored', () => {
  const config = loadConfig({ PORT: '', LOG_LEVEL: '', SOMETHING_ELSE: 'x', PATH: '/bin' });
  assert.equal(config.port, 3000);
  assert.equal(config.logLevel, 'info');
});

test('a wrong value stops start-up with a message naming the variable and the value', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://db/haven' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/haven?statement_timeout=30s' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/haven?statement_timeout=0' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/haven?connect_timeout=ten' }, 'DATABASE_URL'],
    [{ HAVEN_SECRET: 'too-short' }, 'HAVEN_SECRET'],
    [{ HAVEN_DEMO: 'perhaps' }, 'HAVEN_DEMO'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1.5' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '101' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '2001:db8::/129' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '300.0.0.1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY'],
    [{ SEAL_WORKERS: '65' }, 'SEAL_WORKERS'],
    [{ STATUS_LOOKUPS_PER_MINUTE: '0' }, 'STATUS_LOOKUPS_PER_MINUTE'],
    [{ INTAKE_MAX_PENDING: '0' }, 'INTAKE_MAX_PENDING'],
    [{ INTAKE_MAX_PENDING: 'many' }, 'INTAKE_MAX_PENDING'],
    [{ PUBLIC_URL: 'haven.example.org' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://haven.example.org/path' }, 'PUBLIC_URL'],
    // The leave link must not send a visitor somewhere over plain HTTP, where a network can see it.
    [{ LEAVE_URL: 'http://www.wikipedia.org/' }, 'LEAVE_URL'],
  ];
  for (const [env, variable] of cases) {
    const error = refusal(env);
    assert.match(error.message, new RegExp(`\\b${variable}\\b`), `${JSON.stringify(env)}: ${error.message}`);
    if (SECRET_VARIABLES.includes(variable)) continue;
    const given = Object.values(env)[0] as string;
    assert.ok(error.message.includes(JSON.stringify(given)), `the message shows the value given: ${error.message}`);
  }
});

test('TRUST_PROXY takes a number of proxy hops or the proxies’ addresses', () => {
  const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;
  assert.equal(trust('false'), false);
  assert.equal(trust('0'), false, 'no hop is no proxy');
  // A count is handed to Fastify as a function of the hop (0 is the socket peer), since Fastify
  // reads a bare number as "trust nothing".
  const hops = (value: string) => {
    const fn = trust(value);
    assert.equal(typeof fn, 'function', value);
    return [0, 1, 2, 3].map((hop) => typeof fn === 'function' && fn('192.0.2.1', hop));
  };
  assert.deepEqual(hops('1'), [true, false, false, false]);
  assert.deepEqual(hops(' 2 '), [true, true, false, false]);
  assert.deepEqual(trust('10.0.0.1'), ['10.0.0.1']);
  assert.deepEqual(trust('10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1,loopback'), ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1', 'loopback']);
});

// Believing every X-Forwarded-For hop lets a client write a new left-most address on each request
// and get a fresh rate-limit allowance each time.
test('TRUST_PROXY=true is refused, with what to give instead', () => {
  for (const value of ['true', 'TRUE', ' true ']) {
    const error = refusal({ TRUST_PROXY: value });
    assert.match(error.message, /^invalid TRUST_PROXY: /);
    assert.match(error.message, /number of proxies/);
    assert.match(error.message, /addresses/);
    assert.ok(error.message.includes(JSON.stringify(value)), error.message);
  }
});

// Start-up errors go to the terminal and to log collectors: a secret that is slightly wrong (a
// stray character, the wrong scheme) must not be printed there in full.
const SECRET_VARIABLES = ['HAVEN_SECRET', 'DATABASE_URL'];

test('a wrong secret or database address is named, never printed', () => {
  const secret = `${Buffer.alloc(32, 1).toString('base64')}x`;
  const secretError = refusal({ HAVEN_SECRET: secret });
  assert.match(secretError.message, /HAVEN_SECRET/);
  assert.ok(!secretError.message.includes(secret.slice(0, 20)), secretError.message);

  const url = 'postgress://haven:Pa55-w0rd-XYZ@db.internal/haven';
  const urlError = refusal({ DATABASE_URL: url });
  assert.match(urlError.message, /DATABASE_URL/);
  assert.ok(!urlError.message.includes('Pa55-w0rd-XYZ'), urlError.message);
});

// A demo left on by default shows look-alike recipients and keeps its passwords in a file: only
// this machine may reach it, unless the operator asked for the demo by name.
test('demo mode by default refuses a HOST other than a loopback address, naming HAVEN_DEMO and HOST', () => {
  for (const host of ['0.0.0.0', '::', '192.0.2.1', 'haven.example.org']) {
    const error = refusal({ HOST: host });
    assert.match(error.message, /^invalid HOST: /);
    assert.match(error.message, /\bHAVEN_DEMO\b/);
    assert.ok(error.message.includes(JSON.stringify(host)), error.message);
  }
  for (const host of ['127.0.0.1', '127.3.2.1', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LocalHost']) {
    const config = loadConfig({ HOST: host });
    assert.equal(config.demo, true, host);
    assert.equal(config.demoExplicit, false, host);
  }
  const onPurpose = loadConfig({ HOST: '0.0.0.0', HAVEN_DEMO: 'true' });
  assert.equal(onPurpose.demo, true);
  assert.equal(onPurpose.demoExplicit, true);
  const production = loadConfig({ HOST: '0.0.0.0', HAVEN_DEMO: 'false' });
  assert.equal(production.demo, false);
  assert.equal(production.demoExplicit, true);
  // An empty variable is unset, as everywhere else: still the default, still refused.
  assert.match(refusal({ HOST: '0.0.0.0', HAVEN_DEMO: '' }).message, /HAVEN_DEMO/);
});

test('the back office’s settings have defaults', () => {
  const config = loadConfig({});
  assert.equal(config.sessionIdleMinutes, 30);
  assert.equal(config.sessionHours, 12);
  assert.equal(config.smtpUrl, undefined);
  assert.equal(config.mailFrom, 'Haven <no-reply@localhost>');
  assert.equal(config.recoverySheets, 3);
  assert.equal(config.recoveryThreshold, 2);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://haven.example.org' }).mailFrom, 'Haven <no-reply@haven.example.org>');
  assert.equal(loadConfig({ PUBLIC_URL: 'http://192.0.2.1:8080' }).mailFrom, 'Haven <no-reply@localhost>');
});

test('the back office’s settings are read from the environment', () => {
  const config = loadConfig({
    SESSION_IDLE_MINUTES: '15',
    SESSION_HOURS: '8',
    SMTP_URL: 'smtps://haven:secret@mail.example.org:465',
    MAIL_FROM: 'Child protection <office@haven.example.org>',
    RECOVERY_SHEETS: '5',
    RECOVERY_THRESHOLD: '3',
  });
  assert.equal(config.sessionIdleMinutes, 15);
  assert.equal(config.sessionHours, 8);
  assert.equal(config.smtpUrl, 'smtps://haven:secret@mail.example.org:465');
  assert.equal(config.mailFrom, 'Child protection <office@haven.example.org>');
  assert.equal(config.recoverySheets, 5);
  assert.equal(config.recoveryThreshold, 3);
  assert.equal(loadConfig({ SMTP_URL: 'smtp://relay.internal:25' }).smtpUrl, 'smtp://relay.internal:25');
  assert.equal(loadConfig({ MAIL_FROM: 'office@haven.example.org' }).mailFrom, 'office@haven.example.org');
  // The edges of k of n: 2 of 2, and 10 of 10.
  assert.equal(loadConfig({ RECOVERY_SHEETS: '2', RECOVERY_THRESHOLD: '2' }).recoverySheets, 2);
  assert.equal(loadConfig({ RECOVERY_SHEETS: '10', RECOVERY_THRESHOLD: '10' }).recoveryThreshold, 10);
});

test('session limits, the sender and k of n recovery sheets out of range are refused, naming the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '1441' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '90', SESSION_HOURS: '1' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_HOURS: '0' }, 'SESSION_HOURS'],
    [{ SESSION_HOURS: '169' }, 'SESSION_HOURS'],
    [{ MAIL_FROM: 'no address' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'a@b.org, c@d.org' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Haven <a@b.org>\r\nBcc: c@d.org' }, 'MAIL_FROM'],
    [{ RECOVERY_THRESHOLD: '1' }, 'RECOVERY_THRESHOLD'],
    [{ RECOVERY_THRESHOLD: '4' }, 'RECOVERY_THRESHOLD'],
    [{ RECOVERY_SHEETS: '5', RECOVERY_THRESHOLD: '6' }, 'RECOVERY_THRESHOLD'],
    [{ RECOVERY_SHEETS: '1', RECOVERY_THRESHOLD: '1' }, 'RECOVERY_SHEETS'],
    [{ RECOVERY_SHEETS: '11' }, 'RECOVERY_SHEETS'],
    [{ RECOVERY_SHEETS: 'three' }, 'RECOVERY_SHEETS'],
  ];
  for (const [env, variable] of cases) {
    const error = refusal(env);
    assert.match(error.message, new RegExp(`^invalid ${variable}: `), `${JSON.stringify(env)}: ${error.message}`);
    assert.ok(error.message.includes(JSON.stringify(env[variable])), `the message shows the value given: ${error.message}`);
  }
});

test('a wrong SMTP_URL is named, never printed (it may hold the relay’s password)', () => {
  const url = 'http://haven:Re1ay-Pa55@mail.example.org';
  const error = refusal({ SMTP_URL: url });
  assert.match(error.message, /^invalid SMTP_URL: /);
  assert.ok(!error.message.includes('Re1ay-Pa55'), error.message);
});
