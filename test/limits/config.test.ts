// The limit settings: REDIS_URL (optional, a redis:// or rediss:// address, never printed) and the
// intake limit, INTAKE_REPORTS_PER_CLIENT per INTAKE_WINDOW_MINUTES.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

test('by default, limits count in the database, and a client may send 10 reports per 10 minutes', () => {
  const config = loadConfig({});
  assert.equal(config.redisUrl, undefined);
  assert.equal(config.intakeReportsPerClient, 10);
  assert.equal(config.intakeWindowMinutes, 10);
});

test('the settings are read as given', () => {
  const config = loadConfig({ REDIS_URL: 'rediss://:pw@cache:6380/2', INTAKE_REPORTS_PER_CLIENT: '3', INTAKE_WINDOW_MINUTES: '60' });
  assert.equal(config.redisUrl, 'rediss://:pw@cache:6380/2');
  assert.equal(config.intakeReportsPerClient, 3);
  assert.equal(config.intakeWindowMinutes, 60);
  assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl, 'redis://127.0.0.1:6379');
});

test('a wrong REDIS_URL is refused by name, and its value (it may hold a password) is not printed', () => {
  for (const value of ['http://:s3cret-pw@cache:6379', 'cache:6379', 'postgres://:s3cret-pw@db/haven']) {
    assert.throws(
      () => loadConfig({ REDIS_URL: value }),
      (error: unknown) =>
        error instanceof ConfigError && /REDIS_URL/.test(error.message) && !error.message.includes('s3cret') && !error.message.includes('cache'),
      value,
    );
  }
});

test('intake limits out of range are refused by name', () => {
  for (const [name, value] of [
    ['INTAKE_REPORTS_PER_CLIENT', '0'],
    ['INTAKE_REPORTS_PER_CLIENT', '2.5'],
    ['INTAKE_WINDOW_MINUTES', '0'],
    ['INTAKE_WINDOW_MINUTES', '1441'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: unknown) => error instanceof ConfigError && error.message.includes(name),
      `${name}=${value}`,
    );
  }
});
