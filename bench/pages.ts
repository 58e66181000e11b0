// Pages benchmark: how fast Haven serves each type of public page (home, help, a content page, a
// triage outcome, a report form) next to nginx serving the very same bytes as a static file, on
// the same machine, under the same load, in the same run. Prints figures; it is not a test.
//
// What is compared: home and content pages are rendered once and served from memory; help and
// triage outcomes (which lines are open) once per minute; a report form for every request,
// because each form carries its own one-time token and proof-of-work challenge. nginx serves one
// copy of each page as a fixed file; for the form its bytes are one rendering, and Haven's answers
// are checked against it with its hidden inputs' values (the token and the challenge, the only
// parts that change) left out.
//
//   npm run bench:pages                  20 s per load (the figures in bench/README.md)
//   BENCH_SECONDS=3 npm run bench:pages  a quick run
//
// Haven, nginx and a bare node:http reference run as child processes on 127.0.0.1, with
// everything (Haven's data, nginx's config, logs and temporary files, the static page) in one
// temporary directory that is removed at the end, on error and on Ctrl-C.
// nginx comes from Debian: apt-get install -y nginx-light.
//
// Besides requests per second, the script reads each server's CPU time from /proc (Linux): CPU
// per request depends less than req/s on what else the machine is doing (on a 2-core machine the
// load generator itself takes about one core), and the script says how much other processes used.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import autocannon, { type Options, type Result } from 'autocannon';
import { freePort } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_SECONDS = Math.min(3, SECONDS);
const CONNECTIONS = 64;
const PIPELINING = 1;
const NGINX = '/usr/sbin/nginx';
/** Each page type at ≥ 75 % of nginx's req/s. */
const TARGET = 0.75;

type PageType = {
  label: string;
  path: string;
  /** The static file nginx serves for it. */
  file: string;
  /** How Haven produces it. */
  rendered: string;
  /** The parts of the page that differ per request, left out when bodies are compared. */
  varies?: (html: string) => string;
};

// What a form renders anew for every request sits in its hidden inputs: the one-time token, and
// the proof-of-work challenge. Left out, with their values, when bodies are compared.
const withoutPerRequestInputs = (html: string) => html.replace(/(<input type="hidden" name="[^"]*")[^>]*>/g, '$1>');

const PAGES: PageType[] = [
  { label: 'home', path: '/en/', file: 'home.html', rendered: 'once (memo)' },
  { label: 'help', path: '/en/help', file: 'help.html', rendered: 'once per minute' },
  { label: 'content page', path: '/en/grooming', file: 'grooming.html', rendered: 'once (memo)' },
  { label: 'triage outcome', path: '/en/triage/result/child-grooming', file: 'outcome.html', rendered: 'once per minute' },
  {
    label: 'report form',
    path: '/en/report/online',
    file: 'form.html',
    rendered: 'per request (one-time token, proof-of-work challenge)',
    varies: withoutPerRequestInputs,
  },
];
const HOME = PAGES[0] as PageType;
/** Above this many cores used by other processes during a load, its figures are flagged as unreliable. */
const NOISE_CORES = 0.25;
const ROOT = path.resolve(import.meta.dirname, '..');

if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be a positive number (given: ${process.env.BENCH_SECONDS})`);

// ---- clean-up --------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
let scratch: string | undefined;

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Last resort, synchronous (process 'exit'): no child and no temporary file outlives the script. */
function cleanUpNow() {
  // nginx's master stops its workers on SIGTERM; a SIGKILLed master would leave them behind.
  for (const child of children) if (running(child)) child.kill('SIGTERM');
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}
process.on('exit', cleanUpNow);
process.on('SIGINT', () => {
  console.error('\ninterrupted: stopping the servers and removing the temporary directory');
  process.exit(130);
});
process.on('SIGTERM', () => process.exit(143));

/** SIGTERM and wait (Haven closes its database, nginx stops its workers); SIGKILL after 15 s. */
function stop(child: ChildProcess): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function start(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  return child;
}

// ---- CPU accounting (Linux /proc; elsewhere the CPU figures are left out) ----------------------

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** utime + stime of one process (all its threads), in ms; undefined when /proc cannot say. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** A process and its direct children (nginx's master and its workers). */
function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const pids = [pid];
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return pids;
}

function treeCpuMs(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms === undefined) return undefined;
    total += ms;
  }
  return pids.length ? total : undefined;
}

/** CPU ms of every process now, by pid, with its name: to say which other work shared the machine. */
function allProcesses(): Map<number, { name: string; ms: number }> {
  const out = new Map<number, { name: string; ms: number }>();
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        out.set(Number(entry), { name, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND });
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/** The busiest other processes between two snapshots, by name: "chromium 0.40, node 0.21". */
function busiestOthers(before: ReturnType<typeof allProcesses>, after: ReturnType<typeof allProcesses>, ours: Set<number>, seconds: number): string {
  const byName = new Map<string, number>();
  for (const [pid, now] of after) {
    if (ours.has(pid)) continue;
    const used = now.ms - (before.get(pid)?.ms ?? now.ms);
    if (used > 0) byName.set(now.name, (byName.get(now.name) ?? 0) + used);
  }
  return [...byName]
    .map(([name, ms]) => [name, ms / 1000 / seconds] as const)
    .filter(([, c]) => c >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, c]) => `${name} ${c.toFixed(2)}`)
    .join(', ');
}

/** Jiffies of the whole machine (first line of /proc/stat): busy (not idle, iowait or steal), and total. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1, 9).map(Number) ?? [];
    return { busy: user + nice + system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    return undefined;
  }
}

const share = (a: ReturnType<typeof machineTicks>, b: ReturnType<typeof machineTicks>) =>
  a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : undefined;

// ---- HTTP helpers ----------------------------------------------------------------------------

type Answer = { status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; headerBytes: number; body: Buffer };

/** One GET with node:http, which sends no Accept-Encoding unless told: the exact bytes on the wire. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      // Status line, header lines and the blank line, as sent (HTTP/1.1, ASCII).
      let headerBytes = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n\r\n`.length;
      for (let i = 0; i < response.rawHeaders.length; i += 2) headerBytes += `${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`.length;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, rawHeaders: response.rawHeaders, headerBytes, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!running(child)) throw new Error(`${what} exited (code ${child.exitCode}, signal ${child.signalCode}) before answering ${url}`);
    try {
      if ((await get(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer ${url} with 200 within ${ms} ms`);
}

// ---- the servers besides Haven ---------------------------------------------------------------

function nginxConfig(dir: string, port: number): string {
  const p = (name: string) => path.join(dir, name);
  return `# Generated by bench/pages.ts: one static file, no logs, everything inside ${dir}.
${process.getuid?.() === 0 ? 'user root;  # the temporary directory is private to root\n' : ''}daemon off;
master_process on;
worker_processes auto;
error_log ${p('error.log')} warn;
pid ${p('nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  # Node keeps a connection for any number of requests; nginx's default (1000) would add reconnects.
  keepalive_requests 10000000;
  keepalive_timeout 65s;
  client_body_temp_path ${p('client_body')};
  proxy_temp_path ${p('proxy')};
  fastcgi_temp_path ${p('fastcgi')};
  uwsgi_temp_path ${p('uwsgi')};
  scgi_temp_path ${p('scgi')};
  server {
    listen 127.0.0.1:${port};
    root ${p('www')};
    charset utf-8;
${PAGES.map((page) => `    location = ${page.path} { default_type text/html; try_files /${page.file} =404; }`).join('\n')}
  }
}
`;
}

function nginxVersion(): string | undefined {
  if (!fs.existsSync(NGINX)) return undefined;
  // nginx -v writes to stderr.
  const run = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  return `${run.stderr ?? ''}${run.stdout ?? ''}`.trim() || 'nginx (version unknown)';
}

// The least any Node server can do for this answer: Haven's own headers and bytes, written with
// one writeHead and one end. What is left between this and Haven is Fastify, its plugins and hooks.
const BARE_NODE = `
  const http = require('node:http');
  const fs = require('node:fs');
  const body = fs.readFileSync(process.env.PAGE_FILE);
  const headers = [...JSON.parse(process.env.PAGE_HEADERS), 'content-length', String(body.length)];
  http.createServer((req, res) => res.writeHead(200, headers).end(body)).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Haven's answer headers, less those Node adds itself (date, connection, keep-alive) and the length. */
function replayableHeaders(answer: Answer): string[] {
  const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const out: string[] = [];
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    const name = answer.rawHeaders[i] ?? '';
    if (!skip.has(name.toLowerCase())) out.push(name, answer.rawHeaders[i + 1] ?? '');
  }
  return out;
}

// ---- load ------------------------------------------------------------------------------------

type Histogram = Result['latency'];
type Measured = Result & { mismatches: number; throughput: Histogram & { total: number } };

type Load = {
  label: string;
  result: Measured;
  perSecond: number;
  bytesPerSecond: number;
  bytesPerResponse: number;
  /** Server CPU (all its threads, or master and workers) per 2xx answer, µs. */
  serverUsPerRequest: number | undefined;
  /** Cores the server used on average during the load. */
  serverCores: number | undefined;
  /** Cores this process (autocannon) used on average during the load. */
  clientCores: number;
  /** The busiest other processes during the load (long-lived ones: those that ended meanwhile are not seen). */
  busiest: string;
  /** Share of the whole machine that was busy during the load. */
  machineBusy: number | undefined;
};

/**
 * `seconds` of GET `page`, CONNECTIONS connections, PIPELINING requests in flight on each. With
 * `expected`, every body is compared with it (autocannon counts the differences as mismatches),
 * less the parts of the page that vary per request.
 */
async function load(
  label: string,
  base: string,
  page: PageType,
  server: number[],
  seconds: number,
  headers: Record<string, string>,
  expected?: string,
): Promise<Load> {
  const same = page.varies ? (body: string) => (page.varies as (html: string) => string)(body) === expected : (body: string) => body === expected;
  const options: Options & { verifyBody?: (body: string) => boolean } = {
    url: `${base}${page.path}`,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration: seconds,
    timeout: 10,
    headers,
    ...(expected === undefined ? {} : { verifyBody: same }),
  };
  const serverBefore = treeCpuMs(server);
  const processesBefore = allProcesses();
  const machineBefore = machineTicks();
  const clientBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = (await autocannon(options)) as Measured;
  const wall = (performance.now() - wallBefore) / 1000;
  const client = process.cpuUsage(clientBefore);
  const machineBusy = share(machineBefore, machineTicks());
  const serverAfter = treeCpuMs(server);
  const busiest = busiestOthers(processesBefore, allProcesses(), new Set([process.pid, ...server]), wall);
  const serverMs = serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined;
  const ok = result['2xx'];
  return {
    label,
    result,
    perSecond: ok / result.duration,
    bytesPerSecond: result.throughput.total / result.duration,
    bytesPerResponse: ok ? result.throughput.total / ok : 0,
    serverUsPerRequest: serverMs !== undefined && ok ? (serverMs * 1000) / ok : undefined,
    serverCores: serverMs !== undefined ? serverMs / 1000 / wall : undefined,
    clientCores: (client.user + client.system) / 1e6 / wall,
    machineBusy,
    busiest,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const ms = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} ms`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB/s`;
const pct = (n: number | undefined) => (n === undefined ? '?' : `${Math.round(n * 100)} %`);
const cores = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(2));
const us = (n: number | undefined) => (n === undefined ? '?' : `${n.toFixed(1)} µs`);

/** Cores used during the load by neither the server nor autocannon: other work on the machine. */
const others = (l: Load) =>
  l.machineBusy !== undefined && l.serverCores !== undefined
    ? Math.max(0, l.machineBusy * os.availableParallelism() - l.serverCores - l.clientCores)
    : undefined;

function printLoad(l: Load) {
  const r = l.result;
  console.log(
    `  ${l.label.padEnd(40)} ${fmt(l.perSecond).padStart(7)} req/s  p50 ${ms(r.latency.p50).padStart(6)}  p99 ${ms(r.latency.p99).padStart(6)}  ` +
      `${mib(l.bytesPerSecond).padStart(11)} (${fmt(l.bytesPerResponse)} B/answer)  non-2xx ${r.non2xx}  errors ${r.errors}  mismatches ${r.mismatches}`,
  );
  console.log(
    `  ${''.padEnd(40)} server CPU ${us(l.serverUsPerRequest).padStart(8)}/request, ${cores(l.serverCores)} cores;  ` +
      `autocannon ${cores(l.clientCores)} cores;  machine ${pct(l.machineBusy)} busy, of which other processes ${cores(others(l))} cores${l.busiest ? ` (${l.busiest})` : ''}`,
  );
}

/** A load is valid when every answer was a 2xx, nothing failed and (if checked) every body matched. */
const clean = (l: Load) => l.result.non2xx === 0 && l.result.errors === 0 && l.result.mismatches === 0 && l.result['2xx'] > 0;

// ---- the run ---------------------------------------------------------------------------------

async function main() {
  const nginxVersionText = nginxVersion();
  if (!nginxVersionText) {
    console.error(`nginx is needed for this benchmark and ${NGINX} is missing. Install it with:\n  apt-get install -y nginx-light`);
    process.exitCode = 1;
    return;
  }

  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-pages-'));
  const dataDir = path.join(scratch, 'data');
  const www = path.join(scratch, 'www');
  fs.mkdirSync(www);
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(scratch, dir));

  const nproc = os.availableParallelism();
  console.log(
    `Haven pages benchmark: ${PAGES.length} page types, ${SECONDS} s per load after a ${WARM_SECONDS} s warm-up, ${CONNECTIONS} connections, pipelining ${PIPELINING}`,
  );
  console.log(`Machine: ${nproc} cores (nproc), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${fmt(os.totalmem() / 1024 ** 3)} GiB, Linux ${os.release()}`);
  console.log(`Software: Node ${process.version}, ${nginxVersionText.replace(/^nginx version: /, '')}, autocannon in this process`);
  if (nproc <= 2) {
    console.log(
      `Note: with ${nproc} cores the load generator (autocannon, this process, about one core) shares the CPU with the server under test:\n` +
        '  every figure is lower than with separate client cores, and the fastest servers are held back by the client. The conditions\n' +
        '  are the same for every server; CPU per request (read from /proc) depends less on them than req/s.',
    );
  }
  const idleBefore = machineTicks();
  await new Promise((r) => setTimeout(r, 2000));
  const background = share(idleBefore, machineTicks());
  console.log(
    `Background load before starting: machine ${pct(background)} busy over 2 s${background !== undefined && background > 0.1 ? ' — other work is running: figures will be lower and noisier' : ''}`,
  );
  console.log('');

  // Haven, as `npm start` runs it.
  const havenPort = await freePort();
  const haven = start(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    PORT: String(havenPort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const havenBase = `http://127.0.0.1:${havenPort}`;
  await waitFor(`${havenBase}/healthz`, haven, 'Haven');

  // The exact bytes Haven sends for each page, uncompressed, become nginx's static files.
  const firsts = new Map<PageType, Answer>();
  for (const page of PAGES) {
    const first = await get(`${havenBase}${page.path}`);
    if (first.status !== 200 || first.headers['content-encoding']) {
      throw new Error(`Haven answered ${page.path} with ${first.status}, content-encoding ${first.headers['content-encoding'] ?? 'none'}`);
    }
    firsts.set(page, first);
    fs.writeFileSync(path.join(www, page.file), first.body);
  }
  const homeFirst = firsts.get(HOME) as Answer;

  const nginxPort = await freePort();
  const configFile = path.join(scratch, 'nginx.conf');
  fs.writeFileSync(configFile, nginxConfig(scratch, nginxPort));
  const nginx = start(NGINX, ['-p', `${scratch}/`, '-c', configFile, '-e', path.join(scratch, 'error.log')]);
  const nginxBase = `http://127.0.0.1:${nginxPort}`;
  try {
    await waitFor(`${nginxBase}${HOME.path}`, nginx, 'nginx', 15_000);
  } catch (error) {
    const log = path.join(scratch, 'error.log');
    if (fs.existsSync(log)) console.error(fs.readFileSync(log, 'utf8'));
    throw error;
  }

  // The bare node:http reference, for the home page: the least any Node server can do for it.
  const barePort = await freePort();
  const bare = start(process.execPath, ['-e', BARE_NODE], {
    PORT: String(barePort),
    PAGE_FILE: path.join(www, HOME.file),
    PAGE_HEADERS: JSON.stringify(replayableHeaders(homeFirst)),
  });
  const bareBase = `http://127.0.0.1:${barePort}`;
  await waitFor(`${bareBase}${HOME.path}`, bare, 'bare node:http server', 15_000);

  // Same bytes from Haven and nginx with no Accept-Encoding (for the form, less its per-request inputs); and
  // Haven's brotli, where it has one, decodes to them too.
  let allSame = true;
  console.log("Pages (identity bytes; Haven and nginx send the same; Haven's br decodes to them):");
  for (const page of PAGES) {
    const file = fs.readFileSync(path.join(www, page.file));
    const strip = page.varies ?? ((html: string) => html);
    const [fromHaven, fromNginx, brotli] = await Promise.all([
      get(`${havenBase}${page.path}`),
      get(`${nginxBase}${page.path}`),
      get(`${havenBase}${page.path}`, { 'accept-encoding': 'br' }),
    ]);
    const same = strip(fromHaven.body.toString('utf8')) === strip(file.toString('utf8')) && fromNginx.body.equals(file);
    const br = brotli.headers['content-encoding'] === 'br';
    const brSame = !br || strip(brotliDecompressSync(brotli.body).toString('utf8')) === strip(file.toString('utf8'));
    allSame &&= same && brSame;
    console.log(
      `  ${page.label.padEnd(15)} ${page.path.padEnd(34)} ${fmt(file.length).padStart(7)} B (${br ? `${fmt(brotli.body.length)} B with br` : 'no br'}), ` +
        `rendered ${page.rendered}: same ${same ? 'yes' : 'NO'}${br ? `, br ${brSame ? 'yes' : 'NO'}` : ''}`,
    );
  }
  const fromHaven = await get(`${havenBase}${HOME.path}`);
  const fromNginx = await get(`${nginxBase}${HOME.path}`);
  const fromBare = await get(`${bareBase}${HOME.path}`);
  const bareSame = fromBare.body.equals(homeFirst.body);
  console.log(
    `Headers (home): Haven ${fmt(fromHaven.headerBytes)} bytes (${Object.keys(fromHaven.headers).length} headers: helmet's, no-store, vary…), ` +
      `nginx ${fmt(fromNginx.headerBytes)} bytes (${Object.keys(fromNginx.headers).length}), bare node ${fmt(fromBare.headerBytes)} bytes (Haven's headers replayed)`,
  );
  const nginxPids = processTree(nginx.pid);
  console.log(`Processes: Haven one Node process; nginx master + ${nginxPids.length - 1} workers (worker_processes auto); bare node one process\n`);
  if (!allSame || !bareSame) throw new Error('the servers do not send the same pages');

  const havenPids = haven.pid === undefined ? [] : [haven.pid];
  const barePids = bare.pid === undefined ? [] : [bare.pid];
  console.log(`Load (no Accept-Encoding unless said; each after its own ${WARM_SECONDS} s warm-up):`);
  const pairs: { page: PageType; haven: Load; nginx: Load }[] = [];
  for (const page of PAGES) {
    const expected = (page.varies ?? ((html: string) => html))(fs.readFileSync(path.join(www, page.file), 'utf8'));
    console.log(`GET ${page.path} (${page.label}, Haven renders it ${page.rendered}):`);
    await load('warm-up', havenBase, page, havenPids, WARM_SECONDS, {}, expected);
    const havenLoad = await load('Haven (identity)', havenBase, page, havenPids, SECONDS, {}, expected);
    printLoad(havenLoad);
    await load('warm-up', nginxBase, page, nginxPids, WARM_SECONDS, {}, expected);
    const nginxLoad = await load('nginx (static file, identity)', nginxBase, page, nginxPids, SECONDS, {}, expected);
    printLoad(nginxLoad);
    pairs.push({ page, haven: havenLoad, nginx: nginxLoad });
  }
  const homeExpected = homeFirst.body.toString('utf8');
  console.log(`GET ${HOME.path}, the references:`);
  await load('warm-up', bareBase, HOME, barePids, WARM_SECONDS, {}, homeExpected);
  const bareLoad = await load('bare node:http (same answer)', bareBase, HOME, barePids, SECONDS, {}, homeExpected);
  printLoad(bareLoad);
  const brLoad = await load('Haven (memo, Accept-Encoding: br)', havenBase, HOME, havenPids, SECONDS, { 'accept-encoding': 'br' });
  printLoad(brLoad);

  await Promise.all([stop(haven), stop(nginx), stop(bare)]);

  const valid = [...pairs.flatMap((p) => [p.haven, p.nginx]), bareLoad, brLoad].every(clean);
  const noiseOf = (loads: Load[]) => Math.max(...loads.map((l) => others(l) ?? 0));
  console.log(`\nSummary (Haven / nginx, req/s; target ≥ ${TARGET * 100} % for each page type):`);
  for (const { page, haven: h, nginx: n } of pairs) {
    const ratio = h.perSecond / n.perSecond;
    const noise = noiseOf([h, n]);
    console.log(
      `  ${page.label.padEnd(15)} ${(ratio * 100).toFixed(1).padStart(5)} %  ${ratio >= TARGET ? 'met    ' : 'NOT met'}  ` +
        `(${fmt(h.perSecond)} vs ${fmt(n.perSecond)} req/s; CPU per request ${us(h.serverUsPerRequest)} vs ${us(n.serverUsPerRequest)}; ` +
        `p99 ${ms(h.result.latency.p99)} vs ${ms(n.result.latency.p99)})${noise > NOISE_CORES ? `  CONDITIONS NOT MET: other processes used up to ${cores(noise)} cores` : ''}`,
    );
  }
  const homeHaven = pairs[0]?.haven as Load;
  console.log(
    `  Haven / bare node:http, home, req/s   ${((homeHaven.perSecond / bareLoad.perSecond) * 100).toFixed(1)} %   (CPU per request ${us(homeHaven.serverUsPerRequest)} vs ${us(bareLoad.serverUsPerRequest)})`,
  );
  console.log(
    `  Haven with br, home                   ${fmt(brLoad.perSecond)} req/s, ${mib(brLoad.bytesPerSecond)} (${(brLoad.perSecond / homeHaven.perSecond).toFixed(2)}× identity)`,
  );
  console.log(`  every answer 2xx, no errors, every identity body equal to nginx's file (the form's less its hidden inputs' values): ${valid ? 'yes' : 'NO'}`);
  const forRatios = noiseOf(pairs.flatMap((p) => [p.haven, p.nginx]));
  const forExtras = noiseOf([bareLoad, brLoad]);
  console.log(
    forRatios > NOISE_CORES
      ? `  CONDITIONS NOT MET for some ratios: other processes used up to ${cores(forRatios)} cores during a Haven or nginx load; run again on a quiet machine`
      : `  conditions for the ratios: other processes used at most ${cores(forRatios)} cores during the Haven and nginx loads`,
  );
  if (forExtras > NOISE_CORES)
    console.log(`  (the bare node and br figures are less reliable: other processes used up to ${cores(forExtras)} cores meanwhile)`);
  if (!valid) process.exitCode = 1;

  cleanUpNow();
}

try {
  await main();
} catch (error) {
  console.error('bench:pages failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
  cleanUpNow();
}
