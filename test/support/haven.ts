// Starts a real Haven for a test: a fresh data directory, and a fresh PostgreSQL database when
// TEST_DATABASE_URL is set (SQLite otherwise). Everything is torn down after the test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { type Haven, startHaven } from '../../src/haven.ts';

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
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export function tempDir(t: Hooks, prefix = 'haven-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function testHaven(t: Hooks, env: Record<string, string> = {}, options: { logStream?: NodeJS.WritableStream } = {}): Promise<TestHaven> {
  // node:test runs `after` hooks in the order they were added, so the data directory and the
  // database would go before Haven closes (a dropped database kills Haven's idle connections,
  // and pg raises that as an uncaught error). Tear down in reverse order instead.
  const teardown: (() => unknown)[] = [];
  t.after(async () => {
    for (const step of teardown.reverse()) await step();
  });
  const local = { after: (fn: () => unknown) => void teardown.push(fn) };
  const dataDir = tempDir(local);
  const databaseUrl = await freshPostgres(local);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEAL_WORKERS: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const haven = await startHaven(config, options);
  // A test may close Haven itself (to look at the files it leaves); closing twice is harmless.
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= haven.close());
  local.after(close);
  return { ...haven, close, dataDir, databaseUrl, engine: haven.store.engine };
}
