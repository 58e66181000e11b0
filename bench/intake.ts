// Intake benchmark: how many reports per second Haven seals and durably commits, at what latency,
// and how close that is to the two ceilings of this machine (a do-nothing HTTP server, and raw
// SQLite commits with synchronous=FULL). Prints figures; it is not a test.
//
//   npm run bench:intake                 20 s per load level (the figures in bench/README.md)
//   BENCH_SECONDS=3 npm run bench:intake  a quick run
//
// Everything runs on 127.0.0.1 against child processes this script starts and stops.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import SQLite from 'better-sqlite3';
import { generateKeyPair, SEAL_OVERHEAD, seal } from '../src/crypto/box.ts';
import { parseReceipt, receiptLookupHash } from '../src/crypto/receipt.ts';
import { paddedLength, sealReport } from '../src/crypto/seal-job.ts';
import { loadServerKeys } from '../src/crypto/secrets.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createSqliteWriter } from '../src/db/sqlite-writer.ts';
import { reportIds } from '../src/intake/prepare-report.ts';
import { reportWriteOps, type SealedReportRows } from '../src/intake/report.store.ts';
import { freePort } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const DISK_SECONDS = Math.min(5, SECONDS);
const CONCURRENCIES = [1, 16, 64, 256];
const TARGET = { reportsPerSecond: 10_000, p99Ms: 50, ceilingShare: 0.15 };
/** Above this many cores used by other processes during a load, its figures are flagged. */
const NOISE_CORES = 0.25;
const ROOT = path.resolve(import.meta.dirname, '..');

// About 420 characters: with the rest of the fields, a report of about 550 bytes, padded to 1 KiB.
const description =
  'I found this page while searching for something unrelated. It shows pictures of children who look about ten years old, ' +
  'in poses that are clearly sexual, with comments underneath asking for more. The page links to a second gallery and to a ' +
  'chat group. I closed it at once and did not download anything. I am reporting it because I think the children are at risk ' +
  'and the page is still online this morning.';
const BODIES = {
  online: JSON.stringify({ channel: 'online', fields: { urls: ['https://example.org/some/path?x=1'], category: 'images', description, contact: '' } }),
  police: JSON.stringify({
    channel: 'child-abuse',
    fields: {
      category: 'grooming',
      description,
      when: 'Last week, in the evenings',
      name: 'Alex Example',
      email: 'alex@example.org',
      acknowledgeFalseReports: true,
      acknowledgeFinal: true,
    },
  }),
};
/** A sealed report body as Haven stores these: padded, plus the sealed box's own bytes. */
const SEALED_BYTES = paddedLength(Buffer.byteLength(BODIES.online)) + SEAL_OVERHEAD;

// ---- processes -------------------------------------------------------------------------------

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

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  return child;
}

/** SIGTERM, and wait: Haven lets queued reports commit before it closes the database. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// A server that reads the body and answers what Haven answers, doing nothing else: the most
// this machine's HTTP stack can give with the load generator on the same cores.
const BARE_SERVER = `
  const http = require('node:http');
  const answer = JSON.stringify({ receipt: 'ABCD-EFGH-JKMN-PQRS' });
  http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length }).end(answer));
  }).listen(Number(process.env.PORT), '127.0.0.1');
`;

// ---- load ------------------------------------------------------------------------------------

type Load = {
  label: string;
  connections: number;
  result: Result;
  perSecond: number;
  /** CPU used during the load, in cores: the server (all its threads) and this process (autocannon). */
  serverCores: number;
  /** The part of serverCores used by the server's main thread (HTTP, validation); the rest is its
   *  worker threads (sealing, the SQLite writer) and V8's helpers. */
  mainCores: number;
  loaderCores: number;
  /** Cores the rest of the machine used meanwhile: other people's work skews the figures. */
  otherCores: number;
  created: number;
  /** Requests sent but unanswered when the load stopped; they may or may not have committed. */
  cutOff: number;
};

/** Busy CPU seconds of the whole machine so far, from /proc/stat (Linux; 0 elsewhere). */
function machineSeconds(): number {
  try {
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] =
      fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1, 8).map(Number) ?? [];
    return (user + nice + system + irq + softirq) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds a process has used so far: all its threads, or with `thread` only its main (HTTP)
 *  thread, whose id is the process id (Linux; 0 elsewhere). */
function cpuSeconds(pid: number | undefined, thread?: 'main'): number {
  try {
    const fields =
      fs
        .readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function load(label: string, server: ChildProcess, url: string, body: string, connections: number, seconds: number, receipts?: string[]): Promise<Load> {
  const cpu = {
    server: cpuSeconds(server.pid),
    main: cpuSeconds(server.pid, 'main'),
    machine: machineSeconds(),
    loader: process.cpuUsage(),
    at: performance.now(),
  };
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ...(receipts ? { onResponse: (status: number, text: string) => void (status === 201 && receipts.push(JSON.parse(text).receipt)) } : {}),
      },
    ],
  });
  const elapsed = (performance.now() - cpu.at) / 1000;
  const loader = process.cpuUsage(cpu.loader);
  const serverCores = (cpuSeconds(server.pid) - cpu.server) / elapsed;
  const mainCores = (cpuSeconds(server.pid, 'main') - cpu.main) / elapsed;
  const loaderCores = (loader.user + loader.system) / 1e6 / elapsed;
  const answered = Object.values(result.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    label,
    connections,
    result,
    perSecond: result['2xx'] / result.duration,
    serverCores,
    mainCores,
    loaderCores,
    otherCores: Math.max(0, (machineSeconds() - cpu.machine) / elapsed - serverCores - loaderCores),
    created: result.statusCodeStats['201']?.count ?? 0,
    cutOff: result.requests.sent - answered - result.errors,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const pad = (s: string | number, w: number) => String(s).padStart(w);

function printLoad(l: Load) {
  const r = l.result;
  console.log(
    `  ${l.label.padEnd(10)} c=${pad(l.connections, 3)}  ${pad(fmt(l.perSecond), 7)} 2xx/s  p50 ${pad(r.latency.p50, 4)} ms  p99 ${pad(r.latency.p99, 4)} ms  ` +
      `non-2xx ${r.non2xx}  errors ${r.errors}  CPU cores: server ${l.serverCores.toFixed(2)} (${Math.round((l.serverCores / l.perSecond) * 1e6)} µs per answer, ` +
      `of which the HTTP thread ${Math.round((l.mainCores / l.perSecond) * 1e6)} µs), ` +
      `autocannon ${l.loaderCores.toFixed(2)}, other processes ${l.otherCores.toFixed(2)}${l.otherCores > NOISE_CORES ? '  (NOT a quiet machine: figures skewed)' : ''}`,
  );
}

// ---- disk ceiling ----------------------------------------------------------------------------

/** Sealing on one core, nothing else running: one sealed box of a report's size, and the whole
 *  of a report's cryptography (the box, and the reporter's key pair derived from the receipt). */
function sealCeiling(seconds: number): { box: number; report: number } {
  const recipient = generateKeyPair();
  const body = Buffer.from(BODIES.online);
  const rate = (work: () => unknown) => {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      for (let i = 0; i < 100; i++) work();
      n += 100;
    }
    return n / ((performance.now() - started) / 1000);
  };
  const box = rate(() => seal(body, recipient.publicKey));
  const job = { recipientPublicKey: new Uint8Array(recipient.publicKey), body: BODIES.online, urls: ['https://example.org/some/path?x=1'] };
  const keys = { receipt: randomBytes(32), url: randomBytes(32) };
  return { box, report: rate(() => sealReport(job, keys)) };
}

/** Rows of a report's size committed with WAL + synchronous=FULL, `perCommit` rows per commit. */
function diskCeiling(dir: string, perCommit: number, seconds: number): number {
  const db = new SQLite(path.join(dir, `disk-${perCommit}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE t (id TEXT PRIMARY KEY, channel TEXT NOT NULL, category TEXT NOT NULL, hour TEXT NOT NULL, hash BLOB NOT NULL UNIQUE, body BLOB NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)');
  const body = randomBytes(SEALED_BYTES);
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(randomUUID(), 'online', 'images', '2026-11-22T10:00Z', randomBytes(32), body);
  });
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    commit(perCommit);
    rows += perCommit;
  }
  db.close();
  return rows / ((performance.now() - started) / 1000);
}

/** Reports committed through Haven's own writer thread into its own tables, without HTTP or
 *  sealing: each report is three rows (reports, report_urls, report_events) and six index entries. */
async function havenDiskCeiling(dir: string, perCommit: number, seconds: number): Promise<number> {
  const file = path.join(dir, 'haven-tables.db');
  const db = openSqlite(file);
  await migrateToLatest(db);
  await db
    .insertInto('organisations')
    .values({ id: 'org', name: 'org', kind: 'hotline', public_key: randomBytes(32), created_at: '2026-11-22' })
    .execute();
  await db.insertInto('channels').values({ id: 'online', kind: 'hosted', organisation_id: 'org', position: 1, definition: '{}' }).execute();
  await db.destroy();
  const writer = createSqliteWriter(file);
  const newId = reportIds();
  const body = randomBytes(SEALED_BYTES);
  const report = (): SealedReportRows => {
    const id = newId();
    const at = '2026-11-22T10:00Z';
    return {
      report: {
        id,
        channel_id: 'online',
        organisation_id: 'org',
        category: 'images',
        country: null,
        received_hour: at,
        workflow_status: 'new',
        receipt_hash: randomBytes(32),
        reporter_public_key: randomBytes(32),
        sealed_body: body,
      },
      urls: [{ report_id: id, url_hash: randomBytes(32), hosting_country: null, asn: null }],
      events: [{ report_id: id, seq: 1, type: 'received', actor: 'reporter', at, sealed_payload: null, previous_hash: null, hash: randomBytes(32) }],
    };
  };
  let reports = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await writer.write(reportWriteOps(Array.from({ length: perCommit }, report)));
    reports += perCommit;
  }
  const perSecond = reports / ((performance.now() - started) / 1000);
  await writer.close();
  return perSecond;
}

// ---- the run ---------------------------------------------------------------------------------

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-'));
  const dataDir = path.join(scratch, 'data');
  const disk = execFileSync('df', ['-h', scratch], { encoding: 'utf8' }).trim().split('\n').pop();
  console.log(`Haven intake benchmark, ${SECONDS} s per load, SEAL_WORKERS=${process.env.SEAL_WORKERS ?? '(default)'}`);
  console.log(`  ${os.availableParallelism()} × ${os.cpus()[0]?.model}, Node ${process.version}, data in ${scratch}`);
  console.log(`  disk: ${disk}\n`);

  console.log('Sealing ceiling (sodium-native, one core, nothing else running):');
  const sealing = sealCeiling(Math.min(3, SECONDS));
  console.log(
    `  crypto_box_seal of a ${Buffer.byteLength(BODIES.online)}-byte body   ${pad(fmt(sealing.box), 7)} /s   ${pad((1e6 / sealing.box).toFixed(1), 5)} µs`,
  );
  console.log(`  a report's whole cryptography (receipt, box, reporter key, hashes)${pad(fmt(sealing.report), 7)} /s   ${pad((1e6 / sealing.report).toFixed(1), 5)} µs\n`);

  console.log('Disk ceiling (better-sqlite3, WAL, synchronous=FULL):');
  const single = diskCeiling(scratch, 1, DISK_SECONDS);
  console.log(`  ${SEALED_BYTES}-byte bodies, one commit per row  ${pad(fmt(single), 7)} rows/s`);
  const batched = diskCeiling(scratch, 64, DISK_SECONDS);
  console.log(`  ${SEALED_BYTES}-byte bodies, 64 rows per commit  ${pad(fmt(batched), 7)} rows/s`);
  const tables = await havenDiskCeiling(scratch, 64, DISK_SECONDS);
  console.log(`  Haven's tables and writer, 64 per commit  ${pad(fmt(tables), 7)} reports/s\n`);

  // One measurement of the HTTP ceiling can come out far low (20-25 k req/s where the same
  // server gives 40-47 k a few seconds later), which would flatter Haven's share. So it is
  // measured three times, at the start and right before and after the c=64 load it is compared
  // with, and the highest is the ceiling; the bare server waits, idle, while Haven is loaded.
  console.log('HTTP ceiling (bare node:http child, reads the body, answers 201):');
  const barePort = await freePort();
  const bare = start(['-e', BARE_SERVER], { PORT: String(barePort) });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitFor(bareUrl, bare);
  await load('warm-up', bare, bareUrl, BODIES.online, 64, Math.min(2, SECONDS));
  const ceilings: Load[] = [];
  const measureCeiling = async (label: string) => {
    const ceiling = await load(label, bare, bareUrl, BODIES.online, 64, SECONDS);
    printLoad(ceiling);
    ceilings.push(ceiling);
    return ceiling;
  };
  await measureCeiling('bare http');

  console.log('\nHaven, POST /api/v1/reports (SQLite), with the HTTP ceiling again around c=64:');
  const port = await freePort();
  const haven = start(['--import', 'tsx', 'src/server.ts'], { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, haven);
  const url = `${base}/api/v1/reports`;
  const receipts: string[] = [];
  const loads: Load[] = [await load('warm-up', haven, url, BODIES.online, 16, Math.min(3, SECONDS), receipts)];
  for (const c of CONCURRENCIES) {
    if (c === 64) await measureCeiling('bare http');
    const l = await load('online', haven, url, BODIES.online, c, SECONDS, receipts);
    printLoad(l);
    loads.push(l);
    if (c === 64) await measureCeiling('bare http');
  }
  const police = await load('police', haven, url, BODIES.police, 64, SECONDS, receipts);
  printLoad(police);
  loads.push(police);
  await stop(haven);
  await stop(bare);

  // Every 201 must be a committed row. Requests still in flight when a load stopped may have
  // committed without their answer being counted, so rows can exceed the 201s by at most those.
  const db = new SQLite(path.join(dataDir, 'haven.db'), { readonly: true });
  const rows = db.prepare('SELECT count(*) AS n, avg(length(sealed_body)) AS sealed FROM reports').get() as { n: number; sealed: number };
  const stored = new Set((db.prepare('SELECT receipt_hash FROM reports').pluck().all() as Buffer[]).map((h) => h.toString('hex')));
  db.close();
  const keys = loadServerKeys(dataDir, undefined);
  const missing = receipts.filter((r) => !stored.has(receiptLookupHash(keys.receipt, parseReceipt(r) ?? r).toString('hex'))).length;
  const created = loads.reduce((n, l) => n + l.created, 0);
  const cutOff = loads.reduce((n, l) => n + l.cutOff, 0);
  const durable = missing === 0 && created === receipts.length && rows.n >= created && rows.n - created <= cutOff;
  console.log(
    `\nDurability: ${fmt(created)} answered 201, ${fmt(rows.n)} rows in reports (${fmt(rows.n - created)} committed while their answer was cut off by the end of a load, at most ${cutOff} possible)`,
  );
  console.log(
    `  receipts answered but not found in the database: ${missing}   average sealed body: ${Math.round(rows.sealed)} bytes   ${durable ? 'OK' : 'FAILED'}`,
  );

  const at64 = loads.find((l) => l.label === 'online' && l.connections === 64);
  if (!at64) throw new Error('no c=64 run');
  const ceiling = Math.max(...ceilings.map((c) => c.perSecond));
  const share = at64.perSecond / ceiling;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\nSummary (online channel, c=64):');
  console.log(
    `  reports/s       ${pad(fmt(at64.perSecond), 8)}   target ≥ ${fmt(TARGET.reportsPerSecond)}   ${mark(at64.perSecond >= TARGET.reportsPerSecond)}`,
  );
  console.log(
    `  p99 latency     ${pad(`${at64.result.latency.p99} ms`, 8)}   target < ${TARGET.p99Ms} ms      ${mark(at64.result.latency.p99 < TARGET.p99Ms)}`,
  );
  console.log(
    `  of HTTP ceiling ${pad(`${(share * 100).toFixed(1)} %`, 8)}   target ≥ ${TARGET.ceilingShare * 100} %       ${mark(share >= TARGET.ceilingShare)}   (ceiling ${fmt(ceiling)} req/s, the highest of ${ceilings.map((c) => fmt(c.perSecond)).join(', ')}: at the start, right before c=64, right after)`,
  );
  console.log(
    `  disk ceiling    ${pad(fmt(single), 8)} rows/s one per commit, ${fmt(batched)} rows/s 64 per commit, ${fmt(tables)} reports/s in Haven's tables`,
  );
  console.log(`  durability      ${durable ? 'every 201 is a committed row' : 'FAILED'}`);
  const noisy = [...ceilings, ...loads.slice(1)].filter((l) => l.otherCores > NOISE_CORES);
  if (noisy.length)
    console.log(`  CONDITIONS: other processes used more than ${NOISE_CORES} cores during ${noisy.length} load(s); run again on a quiet machine`);

  fs.rmSync(scratch, { recursive: true, force: true });
  if (!durable) process.exitCode = 1;
}

await main();
