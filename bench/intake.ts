// Intake benchmark: reports per second and their p99 at 64 connections, and what a visitor reading
// the home page gets meanwhile (2 other connections), for this checkout and for an earlier commit
// (by default the last one with the previous design: the SQLite writer thread), side by side in
// one run, in alternating rounds so that drift in the machine hits both. Prints figures; it is not
// a test.
//
//   npm run bench:intake                          3 rounds of 10 s per variant
//   BENCH_SECONDS=5 BENCH_ROUNDS=1 npm run bench:intake
//   BENCH_BASE=<commit> npm run bench:intake      compare with another commit
//
// Everything runs on 127.0.0.1 against child processes this script starts and stops.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = path.resolve(import.meta.dirname, '..');
const TARGET = { shareOfBefore: 0.8, pageP99Ms: 50 };

const description =
  'I found this page while searching for something unrelated. It shows pictures of children who look about ten years old, ' +
  'in poses that are clearly sexual, with comments underneath asking for more. The page links to a second gallery and to a ' +
  'chat group. I closed it at once and did not download anything. I am reporting it because I think the children are at risk ' +
  'and the page is still online this morning.';
const REPORT = JSON.stringify({ channel: 'online', fields: { urls: ['https://example.org/some/path?x=1'], category: 'images', description, contact: '' } });

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/** The commit before the one that removed the writer thread, or BENCH_BASE. */
function baseCommit(): string {
  if (process.env.BENCH_BASE) return git('rev-parse', process.env.BENCH_BASE);
  const removal = git('log', '--diff-filter=D', '--format=%H', '-1', '--', 'src/db/sqlite-writer.ts');
  return git('rev-parse', removal ? `${removal}^` : 'HEAD');
}

/** A checkout of `commit` in a temporary worktree, sharing this checkout's node_modules. */
function checkout(commit: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-base-'));
  git('worktree', 'add', '--detach', '--force', dir, commit);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, remove: () => git('worktree', 'remove', '--force', dir) };
}

async function waitFor(url: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function startHaven(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-data-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HAVEN_DEMO: 'true',
      INTAKE_REPORTS_PER_CLIENT: '100000000',
      INTAKE_REPORTS_WITHOUT_PROOF: '100000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child);
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          process.off('exit', kill);
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

type Round = { reports: number; reportP99: number; failed: number; pages: number; pageP99: number };

/** The flood and the reader, at the same time. */
async function round(url: string): Promise<Round> {
  const [reports, pages] = await Promise.all([
    autocannon({
      url: `${url}/api/v1/reports`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REPORT,
      connections: 64,
      duration: SECONDS,
    }),
    autocannon({ url: `${url}/en/`, connections: 2, duration: SECONDS }),
  ]);
  return {
    reports: reports['2xx'] / SECONDS,
    reportP99: reports.latency.p99,
    failed: reports.non2xx + reports.errors,
    pages: pages['2xx'] / SECONDS,
    pageP99: pages.latency.p99,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main() {
  const base = baseCommit();
  const old = checkout(base);
  const variants = [
    { label: `before (${base.slice(0, 8)})`, dir: old.dir },
    { label: 'this checkout', dir: ROOT },
  ];
  const results = new Map<string, Round[]>(variants.map((v) => [v.label, []]));
  try {
    console.log(`${ROUNDS} rounds of ${SECONDS} s: 64 connections post reports while 2 read /en/ (${os.cpus().length} cores)`);
    for (let r = 0; r < ROUNDS; r++) {
      for (const variant of r % 2 ? [...variants].reverse() : variants) {
        const haven = await startHaven(variant.dir);
        const figures = await round(haven.url);
        await haven.stop();
        results.get(variant.label)?.push(figures);
        console.log(
          `  round ${r + 1} ${variant.label.padEnd(20)} ${figures.reports.toFixed(0).padStart(6)} reports/s p99 ${figures.reportP99} ms (${figures.failed} not 2xx) | /en/ ${figures.pages.toFixed(0).padStart(5)} req/s p99 ${figures.pageP99} ms`,
        );
      }
    }
  } finally {
    old.remove();
  }
  console.log('\nmedians');
  const med = (label: string, key: keyof Round) => median((results.get(label) ?? []).map((f) => f[key]));
  for (const { label } of variants) {
    console.log(
      `  ${label.padEnd(20)} ${med(label, 'reports').toFixed(0).padStart(6)} reports/s p99 ${med(label, 'reportP99')} ms | /en/ ${med(label, 'pages').toFixed(0).padStart(5)} req/s p99 ${med(label, 'pageP99')} ms`,
    );
  }
  const [before, after] = variants.map((v) => v.label) as [string, string];
  const share = med(after, 'reports') / med(before, 'reports');
  console.log(
    `\nintake: ${(share * 100).toFixed(0)} % of before (target ≥ ${TARGET.shareOfBefore * 100} %): ${share >= TARGET.shareOfBefore ? 'met' : 'NOT met'}`,
  );
  const pageP99 = med(after, 'pageP99');
  console.log(`/en/ p99 during the flood: ${pageP99} ms (target < ${TARGET.pageP99Ms} ms): ${pageP99 < TARGET.pageP99Ms ? 'met' : 'NOT met'}`);
}

await main();
