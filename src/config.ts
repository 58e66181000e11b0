// Reads and validates the environment once, at start-up. A bad value stops the server with a
// message naming the variable, never a stack trace from deep inside.
import { BlockList, isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^(postgres|postgresql)://' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  HAVEN_SECRET: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=?$' })),
  HAVEN_DEMO: Type.Boolean({ default: true }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/\\s]+$' })),
  LEAVE_URL: Type.String({ pattern: '^https://\\S+$', default: 'https://www.wikipedia.org/' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  // 'false', a number of proxy hops, or proxy addresses: read by trustProxyOf below.
  TRUST_PROXY: Type.String({ minLength: 1, default: 'false' }),
  SEAL_WORKERS: Type.Integer({ minimum: 0, maximum: 64, default: Math.min(2, availableParallelism()) }),
  STATUS_LOOKUPS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 10_000, default: 10 }),
  // A benchmark or a load test on one address needs far more than a person ever would.
  INTAKE_REPORTS_PER_CLIENT: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 10 }),
  INTAKE_WINDOW_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 10 }),
  // Reports without a valid proof of work (no JavaScript): never none, so nobody is turned away.
  INTAKE_REPORTS_WITHOUT_PROOF: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 3 }),
  // Thousands of PBKDF2 rounds a proof of work takes at most (intake/proof-of-work.ts).
  INTAKE_PROOF_DIFFICULTY: Type.Integer({ minimum: 1, maximum: 100_000, default: 300 }),
  INTAKE_MAX_PENDING: Type.Integer({ minimum: 1, maximum: 100_000, default: 512 }),
  // Default: DATA_DIR/audit-checkpoints (see loadConfig).
  AUDIT_CHECKPOINT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AUDIT_CHECKPOINT_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 5 }),
  // The back office.
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30 }),
  SESSION_HOURS: Type.Integer({ minimum: 1, maximum: 168, default: 12 }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://\\S+$' })),
  // Default: Haven <no-reply@PUBLIC_URL's host> (see mailFromOf). One line, one address.
  MAIL_FROM: Type.Optional(Type.String({ pattern: '^([^<>\\r\\n]*<[^\\s@<>]+@[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+)$' })),
  RECOVERY_SHEETS: Type.Integer({ minimum: 2, maximum: 10, default: 3 }),
  RECOVERY_THRESHOLD: Type.Integer({ minimum: 2, maximum: 10, default: 2 }),
  // At most one notice mail per member in this many minutes (casework/retention/notices.ts).
  NOTICE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 5 }),
  // How often an instance checks whether an editor published (content/content-watch.ts).
  CONTENT_CHECK_SECONDS: Type.Integer({ minimum: 1, maximum: 300, default: 2 }),
  // Companies' training requests are deleted this many days after they were sent.
  TRAINING_REQUEST_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 180 }),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Rate-limit counters go to this Redis when set, else to the database. */
  redisUrl: string | undefined;
  secret: string | undefined;
  demo: boolean;
  /** HAVEN_DEMO was set in the environment (not left to its default): demo mode on purpose. */
  demoExplicit: boolean;
  publicUrl: string;
  leaveUrl: string;
  logLevel: Static<typeof Env>['LOG_LEVEL'];
  trustProxy: TrustProxy;
  sealWorkers: number;
  statusLookupsPerMinute: number;
  /** Reports one client may send per intakeWindowMinutes (forms and API together). */
  intakeReportsPerClient: number;
  intakeWindowMinutes: number;
  /** Reports one client may send per intakeWindowMinutes without a valid proof of work (counted apart). */
  intakeReportsWithoutProof: number;
  /** The most work a proof takes, in thousands of PBKDF2-SHA-256 rounds. */
  intakeProofDifficulty: number;
  /** Reports being sealed and committed at once; one more is answered "try again" (503). */
  intakeMaxPending: number;
  /** Where signed checkpoints of the audit log's head are appended (outside the database). */
  auditCheckpointFile: string;
  /** How often a checkpoint is written, when the log has grown. */
  auditCheckpointMinutes: number;
  /** A back-office session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and this long after sign-in, whatever happens. */
  sessionHours: number;
  /** The relay the outbox sends through (smtp:// or smtps://); none: mail goes to files (back-office/back-office.ts). */
  smtpUrl: string | undefined;
  /** The sender of Haven's mail, `Name <address>` or a bare address. */
  mailFrom: string;
  /** Recovery sheets a supervisor issues for the organisation key (n)… */
  recoverySheets: number;
  /** …and how many of them open it together (k; 2 ≤ k ≤ n ≤ 10). */
  recoveryThreshold: number;
  /** A member gets at most one mail about new reports and answers in this many minutes. */
  noticeMinutes: number;
  /** Seconds between two checks for published content: a publish shows on every instance within about this. */
  contentCheckSeconds: number;
  /** Days a company's training request is kept. */
  trainingRequestDays: number;
};

/**
 * Which X-Forwarded-For hops to believe, as Fastify's trustProxy takes it: none, the proxies'
 * addresses and CIDRs, or a number of hops (given as a function, see trustProxyOf).
 */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const variables = Object.keys(Env.properties) as (keyof typeof Env.properties)[];

// Start-up errors reach terminals and log collectors: a secret, or a database address with its
// password, that is slightly wrong must be named there, not printed.
const SECRET_VARIABLES = new Set<string>(['HAVEN_SECRET', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL']);

function given(name: string, value: string | undefined): string {
  if (value === undefined) return 'missing';
  return SECRET_VARIABLES.has(name) ? `${value.length} characters, not shown` : JSON.stringify(value);
}

// The names proxy-addr (Fastify's X-Forwarded-For reader) knows for address ranges.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY says which hops of X-Forwarded-For to believe. `true` (believe every hop) is
 * refused: the left-most value is whatever the client wrote, so each request could come from a
 * new address and get a fresh rate-limit allowance.
 */
function trustProxyOf(value: string): TrustProxy {
  const text = value.trim();
  const invalid = (reason: string) => new ConfigError(`invalid TRUST_PROXY: ${reason} (given: ${JSON.stringify(value)})`);
  if (/^false$/i.test(text)) return false;
  if (/^true$/i.test(text)) {
    throw invalid(
      'trusting every proxy hop lets clients choose their own address; give the number of proxies in front of Haven (1 for one reverse proxy) or their addresses',
    );
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 100) throw invalid('Expected at most 100 proxy hops');
    if (hops === 0) return false;
    // Fastify reads a bare number as "trust no hop" (a count cannot check that the nearest peer
    // is the proxy, so a client reaching Haven directly could pose as one); the README says to
    // use a count only when the proxy is the sole way in. The function trusts the socket peer
    // and the next hops-1 addresses, as proxy-addr counts hops.
    return (_address, hop) => hop < hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every(isProxyAddress)) return entries;
  throw invalid('Expected false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDRs');
}

/**
 * The timeouts Haven reads from DATABASE_URL are whole numbers: pg would read
 * `statement_timeout=30s` as 30 milliseconds and cancel nearly every report.
 */
function checkDatabaseParameters(url: string) {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    throw new ConfigError('invalid DATABASE_URL: not a URL (value not shown)');
  }
  for (const [name, unit] of [
    ['statement_timeout', 'milliseconds'],
    ['connect_timeout', 'seconds'],
  ] as const) {
    const value = params.get(name);
    if (value !== null && !/^[1-9]\d*$/.test(value)) {
      throw new ConfigError(`invalid DATABASE_URL: ${name} must be a whole number of ${unit} (given: ${JSON.stringify(value)})`);
    }
  }
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (IPv4-mapped forms too) or localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Demo accounts have their passwords in a file on this machine and demo organisations look like
 * real recipients: a demo left on by default must not be reachable from elsewhere. On another
 * address it runs only when HAVEN_DEMO=true is set on purpose.
 */
function checkDemoHost(e: Static<typeof Env>, demoExplicit: boolean) {
  if (!e.HAVEN_DEMO || demoExplicit || isLoopback(e.HOST)) return;
  throw new ConfigError(
    `invalid HOST: ${JSON.stringify(e.HOST)} is not a loopback address (127.0.0.1, ::1, localhost), and demo mode (HAVEN_DEMO, on by default) ` +
      'runs only on one unless asked for: set HAVEN_DEMO=false for a real service, or HAVEN_DEMO=true to show the demo on this address',
  );
}

/** Idle and absolute session limits, and the recovery sheets' k of n, checked together. */
function checkRanges(e: Static<typeof Env>) {
  if (e.SESSION_IDLE_MINUTES > e.SESSION_HOURS * 60) {
    throw new ConfigError(
      `invalid SESSION_IDLE_MINUTES: Expected at most SESSION_HOURS × 60 = ${e.SESSION_HOURS * 60} (given: ${JSON.stringify(String(e.SESSION_IDLE_MINUTES))})`,
    );
  }
  if (e.RECOVERY_THRESHOLD > e.RECOVERY_SHEETS) {
    throw new ConfigError(
      `invalid RECOVERY_THRESHOLD: Expected at most RECOVERY_SHEETS = ${e.RECOVERY_SHEETS}, the sheets that exist (given: ${JSON.stringify(String(e.RECOVERY_THRESHOLD))})`,
    );
  }
}

/** MAIL_FROM, or Haven <no-reply@…> at PUBLIC_URL's host name (localhost for an address or none). */
function mailFromOf(e: Static<typeof Env>): string {
  if (e.MAIL_FROM) return e.MAIL_FROM.trim();
  const host = e.PUBLIC_URL ? new URL(e.PUBLIC_URL).hostname : 'localhost';
  return `Haven <no-reply@${host.includes('.') && isIP(host) === 0 ? host : 'localhost'}>`;
}

/** Validates `env` (only the variables Haven knows) and returns the typed configuration. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const name of variables) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  // Whole numbers only: conversion alone would read PORT=80.5 as 80 and start on a port nobody
  // asked for.
  for (const name of variables) {
    const value = raw[name];
    if ((Env.properties[name] as { type?: string }).type === 'integer' && value !== undefined && !/^\s*-?\d+\s*$/.test(String(value))) {
      throw new ConfigError(`invalid ${name}: Expected integer (given: ${given(name, env[name])})`);
    }
  }
  // Before the defaults are filled in (in place, in `raw`).
  const demoExplicit = raw.HAVEN_DEMO !== undefined;
  // Convert '3000' → 3000 and 'false' → false, then fill defaults, then check.
  const candidate = Value.Default(Env, Value.Convert(Env, raw));
  const error = Value.Errors(Env, candidate).First();
  if (error) {
    const name = error.path.replace(/^\//, '') || '(environment)';
    throw new ConfigError(`invalid ${name}: ${error.message} (given: ${given(name, raw[name] === undefined ? undefined : env[name])})`);
  }
  const e = candidate as Static<typeof Env>;
  if (e.DATABASE_URL) checkDatabaseParameters(e.DATABASE_URL);
  checkDemoHost(e, demoExplicit);
  checkRanges(e);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    secret: e.HAVEN_SECRET,
    demo: e.HAVEN_DEMO,
    demoExplicit,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    leaveUrl: e.LEAVE_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    sealWorkers: e.SEAL_WORKERS,
    statusLookupsPerMinute: e.STATUS_LOOKUPS_PER_MINUTE,
    intakeReportsPerClient: e.INTAKE_REPORTS_PER_CLIENT,
    intakeWindowMinutes: e.INTAKE_WINDOW_MINUTES,
    intakeReportsWithoutProof: e.INTAKE_REPORTS_WITHOUT_PROOF,
    intakeProofDifficulty: e.INTAKE_PROOF_DIFFICULTY,
    intakeMaxPending: e.INTAKE_MAX_PENDING,
    auditCheckpointFile: path.resolve(e.AUDIT_CHECKPOINT_FILE ?? path.join(e.DATA_DIR, 'audit-checkpoints')),
    auditCheckpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionHours: e.SESSION_HOURS,
    smtpUrl: e.SMTP_URL,
    mailFrom: mailFromOf(e),
    recoverySheets: e.RECOVERY_SHEETS,
    recoveryThreshold: e.RECOVERY_THRESHOLD,
    noticeMinutes: e.NOTICE_MINUTES,
    contentCheckSeconds: e.CONTENT_CHECK_SECONDS,
    trainingRequestDays: e.TRAINING_REQUEST_DAYS,
  };
}
