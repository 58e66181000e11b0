// Starts a real Haven for a test: a fresh data directory, and a fresh PostgreSQL database when
// TEST_DATABASE_URL is set (SQLite otherwise). Everything is torn down after the test.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { type Haven, type StartOptions, startHaven } from '../../src/haven.ts';

export type TestHaven = Haven & { dataDir: string; databaseUrl: string | undefined; engine: 'sqlite' | 'postgres' };

type Hooks = Pick<TestContext, 'after'> | { after(fn: () => unknown): void };

/** A fresh, empty PostgreSQL database derived from TEST_DATABASE_URL, dropped after the test. */
export async function freshPostgres(t: Hooks): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `haven_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  t.after(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    // pg's Pool.end() resolves before its sockets are closed. Forcing the drop while they close
    // sends them "terminating connection", which pg raises as an uncaught error in the test
    // process; give closing connections a moment to go, then force whatever is left.
    for (let i = 0; i < 100; i++) {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

function withParams(url: string, params: Record<string, string>): string {
  const withThem = new URL(url);
  for (const [name, value] of Object.entries(params)) withThem.searchParams.set(name, value);
  return withThem.toString();
}

export function tempDir(t: Hooks, prefix = 'haven-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Hooks whose steps run last-added-first, as resources must be released. node:test runs `after`
 * hooks in the order they were added, which would remove the data directory and drop the
 * database before Haven (or a server process) stops using them; a dropped database kills the
 * idle connections, and pg raises that as an uncaught error.
 */
export function teardownInReverse(t: Hooks): { after(fn: () => unknown): void } {
  const steps: (() => unknown)[] = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step();
  });
  return { after: (fn) => void steps.push(fn) };
}

type TestHavenOptions = StartOptions & {
  /** Parameters added to the fresh PostgreSQL database's URL (ignored on SQLite). */
  databaseParams?: Record<string, string>;
};

/**
 * One Haven for every test of a file, started before the first and closed after the last:
 * `haven()` gives it to a test.
 */
export function fileHaven(env: Record<string, string> = {}, options: TestHavenOptions = {}): () => TestHaven {
  let haven: TestHaven | undefined;
  const teardown: (() => unknown)[] = [];
  before(async () => {
    haven = await testHaven({ after: (fn: () => unknown) => void teardown.push(fn) }, env, options);
  });
  after(async () => {
    for (const step of teardown.reverse()) await step();
  });
  return () => haven ?? assert.fail('the file’s Haven has not started');
}

export async function testHaven(t: Hooks, env: Record<string, string> = {}, options: TestHavenOptions = {}): Promise<TestHaven> {
  const local = teardownInReverse(t);
  const dataDir = tempDir(local);
  const fresh = await freshPostgres(local);
  const databaseUrl = fresh && withParams(fresh, options.databaseParams ?? {});
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEAL_WORKERS: '1',
    // Most tests send many reports from one address, without a proof of work; the intake limit's
    // own tests set it low (the limit without a proof is never above it).
    INTAKE_REPORTS_PER_CLIENT: '1000000',
    INTAKE_REPORTS_WITHOUT_PROOF: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const { databaseParams: _, ...start } = options;
  const haven = await startHaven(config, start);
  // A test may close Haven itself (to look at the files it leaves); closing twice is harmless.
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= haven.close());
  local.after(close);
  return { ...haven, close, dataDir, databaseUrl, engine: haven.store.engine };
}
