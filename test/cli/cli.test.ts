// The operators' command line, run as a child process: help creates nothing, what it writes is
// private to Haven's user, and the audit checks read without changing a byte.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { type Checkpoint, checkpointIsSigned } from '../../src/audit/audit.checkpoints.ts';
import { loadServerKeys } from '../../src/crypto/secrets.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { cliEnv, runHaven } from './haven-cli.ts';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

test('help, no command, an unknown one or a wrong command line prints the usage and creates nothing', async (t) => {
  const root = tempDir(t);
  const dataDir = path.join(root, 'data');
  const cases: (readonly [readonly string[], number])[] = [
    [['--help'], 0],
    [['-h'], 0],
    [['help'], 0],
    [[], 2],
    [['no-such-command'], 2],
    [['constructor'], 2],
    [['audit'], 2],
    [['audit', 'verify', 'extra'], 2],
    // Replaced by `organisation create`, whose first supervisor is invited by mail.
    [['create-organisation', 'acme', 'police', 'Acme', 'lead'], 2],
    [['admin'], 2],
    [['admin', 'create'], 2],
    [['admin', 'create', 'ops-alice', '--locale', 'xx'], 2],
    [['admin', 'create', 'ops-alice', '--password', 'x'], 2],
    [['admin', 'create', 'ops-alice', '--help'], 0],
    [['organisation', 'create', '--id', 'acme', '--kind', 'police', '--name', 'Acme'], 2],
    [['organisation', 'create', '--id', 'Acme!', '--kind', 'police', '--name', 'Acme', '--supervisor', 'a@example.org'], 2],
    [['organisation', 'create', '--id', 'acme', '--kind', 'police', '--name', 'Acme', '--supervisor', 'a@example.org', '-h'], 0],
    [['organisation', 'list', 'extra'], 2],
    [['member', 'list'], 2],
    [['member', 'reset-second-factor'], 2],
    [['member', 'remove'], 2],
    [['member', 'promote', 'x'], 2],
  ];
  // Two at a time: most of each run is loading the code.
  for (let i = 0; i < cases.length; i += 2) {
    await Promise.all(
      cases.slice(i, i + 2).map(async ([args, code]) => {
        const result = await runHaven([...args], { DATA_DIR: dataDir });
        assert.equal(result.code, code, `haven ${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stdout + result.stderr, /usage: haven <command>/);
      }),
    );
    assert.deepEqual(fs.readdirSync(root), [], `haven ${cases[i]?.[0].join(' ')} … created nothing`);
  }
});

test('the usage lists every command', async () => {
  const { stdout } = await runHaven(['--help'], {});
  for (const command of [
    'migrate',
    'admin create LOGIN',
    'organisation create --id ID --kind police|hotline --name NAME --supervisor EMAIL',
    'organisation list',
    'member list ORGANISATION_ID',
    'member remove LOGIN',
    'member reset-second-factor LOGIN',
    'audit verify',
    'audit head',
  ]) {
    assert.ok(stdout.includes(`  ${command}`), command);
  }
});

test('migrate leaves the database 0600 in a 0700 directory, whatever was there before', async (t) => {
  const dataDir = tempDir(t);
  fs.chmodSync(dataDir, 0o755);
  const first = await runHaven(['migrate'], { DATA_DIR: dataDir });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(modeOf(dataDir), '700');
  assert.ok(fs.readdirSync(dataDir).includes('haven.db'));
  for (const name of fs.readdirSync(dataDir)) assert.equal(modeOf(path.join(dataDir, name)), '600', name);

  // As an earlier version left them: the directory and the database readable by all.
  fs.chmodSync(dataDir, 0o755);
  fs.chmodSync(path.join(dataDir, 'haven.db'), 0o644);
  const again = await runHaven(['migrate'], { DATA_DIR: dataDir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(modeOf(dataDir), '700');
  for (const name of fs.readdirSync(dataDir)) assert.equal(modeOf(path.join(dataDir, name)), '600', name);
});

/** Every file's bytes and modification time (SQLite), and the rows that matter (PostgreSQL). */
async function snapshot(dataDir: string, databaseUrl: string | undefined) {
  const files = Object.fromEntries(
    fs.readdirSync(dataDir).map((name) => {
      const file = path.join(dataDir, name);
      return [name, { bytes: fs.readFileSync(file).toString('base64'), mtime: fs.statSync(file).mtimeMs }];
    }),
  );
  if (!databaseUrl) return { files, rows: [] };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const audit = await client.query('SELECT * FROM audit_log ORDER BY seq');
    const settings = await client.query('SELECT * FROM server_settings ORDER BY name');
    const outbox = await client.query('SELECT * FROM outbox ORDER BY id');
    return { files, rows: [...audit.rows, ...settings.rows, ...outbox.rows] };
  } finally {
    await client.end();
  }
}

test('audit head prints the signed head and audit verify checks it, changing nothing', async (t) => {
  const local = teardownInReverse(t);
  const dataDir = tempDir(local);
  const databaseUrl = await freshPostgres(local);
  const env = cliEnv(dataDir, databaseUrl);

  const created = await runHaven(
    ['organisation', 'create', '--id', 'acme', '--kind', 'police', '--name', 'Acme police', '--supervisor', 'lead@example.org'],
    env,
  );
  assert.equal(created.code, 0, created.stderr);
  const before = await snapshot(dataDir, databaseUrl);

  const head = await runHaven(['audit', 'head'], env);
  assert.equal(head.code, 0, head.stderr);
  const signed = JSON.parse(head.stdout) as Checkpoint;
  assert.equal(signed.count, 2, 'the organisation, and its first supervisor invited');
  assert.match(signed.head, /^[0-9a-f]{64}$/);
  const keys = loadServerKeys(dataDir, undefined, { readOnly: true });
  assert.equal(signed.publicKey, keys.auditSigning.publicKey.toString('base64'));
  assert.ok(checkpointIsSigned(signed, keys.auditSigning.publicKey), 'the signature holds');

  const verified = await runHaven(['audit', 'verify'], env);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /audit log intact: 2 entries, head [0-9a-f]{64}; checkpoints: 1, all signed and matching/);
  const alias = await runHaven(['verify-audit'], env);
  assert.equal(alias.code, 0, alias.stderr);

  const after = await snapshot(dataDir, databaseUrl);
  // A read-only SQLite connection to a database with no write-ahead log adds an empty one (and
  // its index); nothing else may appear, and nothing that was there may change.
  for (const name of Object.keys(after.files)) {
    if (!(name in before.files)) assert.ok(['haven.db-wal', 'haven.db-shm'].includes(name), `${name} appeared`);
  }
  if ('haven.db-wal' in after.files && !('haven.db-wal' in before.files)) assert.equal(after.files['haven.db-wal']?.bytes, '');
  for (const [name, was] of Object.entries(before.files)) assert.deepEqual(after.files[name], was, `${name} is unchanged`);
  assert.deepEqual(after.rows, before.rows);

  // The head an operator recorded elsewhere can be checked later, as a checkpoint file.
  const recorded = path.join(tempDir(local), 'recorded-heads');
  fs.writeFileSync(recorded, head.stdout);
  const againstRecord = await runHaven(['audit', 'verify'], { ...env, AUDIT_CHECKPOINT_FILE: recorded });
  assert.equal(againstRecord.code, 0, againstRecord.stderr);
});

test('audit verify with no database says so, exits 1 and creates nothing', async (t) => {
  const root = tempDir(t);
  const dataDir = path.join(root, 'data');
  const missing = await runHaven(['audit', 'verify'], { DATA_DIR: dataDir });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^haven: no server secret at /);
  const noDatabase = await runHaven(['audit', 'verify'], { DATA_DIR: dataDir, HAVEN_SECRET: Buffer.alloc(32, 7).toString('base64') });
  assert.equal(noDatabase.code, 1);
  assert.match(noDatabase.stderr, /^haven: cannot open the database /);
  assert.deepEqual(fs.readdirSync(root), []);
});
