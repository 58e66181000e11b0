// The operators' account commands, run as an operator would: an admin's enrolment link is the
// only secret they print, a new organisation's invitation leaves through the outbox (its link
// carries the organisation key), the lists show no key, and each change (and each list) is in the
// audit log.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import { seedDemo } from '../../src/accounts/demo.ts';
import { invitationHash } from '../../src/accounts/invitations.ts';
import { openSecretBox } from '../../src/crypto/box.ts';
import { loadServerKeys } from '../../src/crypto/secrets.ts';
import { openStore, type Store } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';
import { type CliResult, cliEnv, runHaven } from './haven-cli.ts';

type Hooks = { after(fn: () => unknown): void };

/** A data directory (and PostgreSQL database, when testing on it) for one test. */
async function setUp(t: Hooks) {
  const local = teardownInReverse(t);
  const dataDir = tempDir(local);
  const databaseUrl = await freshPostgres(local);
  const env = cliEnv(dataDir, databaseUrl);
  /** Opens the database for a look (or a test's set-up), closed before the next command runs. */
  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = openStore({ dataDir, databaseUrl });
    try {
      await migrateToLatest(store.db);
      return await fn(store);
    } finally {
      await store.db.destroy();
    }
  }
  const withDb = <T>(fn: (db: Store['db']) => Promise<T>) => withStore((store) => fn(store.db));
  const haven = async (...args: string[]): Promise<CliResult> => runHaven(args, env);
  const lastEntry = () => withDb((db) => db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow());
  const checkpoints = () => fs.readFileSync(`${dataDir}/audit-checkpoints`, 'utf8').trim().split('\n').length;
  return { dataDir, databaseUrl, env, withStore, withDb, haven, lastEntry, checkpoints };
}

const ok = (result: CliResult, what: string) => assert.equal(result.code, 0, `${what}: ${result.stderr}${result.stdout}`);

// A run of base64, base64url or hex as long as a key, a token or a digest.
const KEYISH = /[A-Za-z0-9+/_=-]{32,}/;

async function verifies(haven: (...args: string[]) => Promise<CliResult>, entries: number) {
  const verified = await haven('audit', 'verify');
  ok(verified, 'audit verify');
  assert.match(verified.stdout, new RegExp(`^audit log intact: ${entries} entries`));
}

test('admin create prints a one-time enrolment link, and creates an invited admin with no password', async (t) => {
  const { dataDir, env, withDb, haven, lastEntry, checkpoints } = await setUp(t);
  const created = await runHaven(['admin', 'create', 'ops-alice', '--locale', 'fr'], { ...env, PUBLIC_URL: 'https://haven.example.org' });
  ok(created, 'admin create');
  const links = created.stdout.match(/https:\/\/haven\.example\.org\/office\/enrol\/([A-Za-z0-9_-]{43})\b/g) ?? [];
  assert.equal(links.length, 1, created.stdout);
  const token = (links[0] as string).split('/').pop() as string;
  // Nothing secret but the link: remove it, and no key-like run is left.
  assert.doesNotMatch(created.stdout.replace(links[0] as string, ''), KEYISH);
  assert.match(created.stdout, /24 hours/);
  assert.equal(created.stderr, '');

  const keys = loadServerKeys(dataDir, undefined, { readOnly: true });
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').selectAll().where('login', '=', 'ops-alice').executeTakeFirstOrThrow();
    assert.equal(account.role, 'admin');
    assert.equal(account.status, 'invited');
    assert.equal(account.organisation_id, null);
    assert.equal(account.locale, 'fr');
    assert.equal(account.wrapped_private_key, null, 'no password, hence no key, until the admin enrols');
    assert.equal(account.second_factor, null);
    const invitation = await db.selectFrom('invitations').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow();
    assert.deepEqual(Buffer.from(invitation.token_hash), invitationHash(keys.token, token), 'the printed link is the invitation');
    const hours = (Number(invitation.expires_at) - Date.now()) / 3_600_000;
    assert.ok(hours > 23.9 && hours <= 24, `valid 24 hours (${hours})`);
    assert.equal(invitation.sealed_organisation_key, null);
    const accounts = await db.selectFrom('accounts').select('login').execute();
    assert.deepEqual(accounts, [{ login: 'ops-alice' }], 'a fresh install has no other account, and no default password');
  });
  const entry = await lastEntry();
  assert.deepEqual([entry.actor, entry.action, entry.detail], ['cli', 'account.invited', 'admin']);
  assert.equal(checkpoints(), 1, 'the new head is signed at once');

  // The same login again is refused, with one line, and changes nothing.
  const again = await haven('admin', 'create', 'ops-alice');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^haven: refused: an account with this login exists already\n$/);
  assert.equal(again.stdout, '');
  const badLogin = await haven('admin', 'create', 'a b');
  assert.equal(badLogin.code, 1);
  assert.match(badLogin.stderr, /^haven: refused: a login is /);
  await verifies(haven, 1);
  assert.equal(checkpoints(), 1);
});

test('organisation create queues one invitation mail in the outbox and prints no link', async (t) => {
  const { dataDir, env, withDb, haven, lastEntry, checkpoints } = await setUp(t);
  const args = [
    'organisation',
    'create',
    '--id',
    'acme-police',
    '--kind',
    'police',
    '--name',
    'Acme police',
    '--supervisor',
    'Lead@Example.org',
    '--locale',
    'de',
  ];
  const created = await runHaven(args, { ...env, PUBLIC_URL: 'https://haven.example.org' });
  ok(created, 'organisation create');
  const output = created.stdout + created.stderr;
  assert.match(created.stdout, /organisation acme-police \(police\) created/);
  assert.match(created.stdout, /lead@example\.org.*queued.*writes it to .*\/mail \(no SMTP_URL is set\)/s);
  assert.doesNotMatch(output, /\/office\/enrol\//);
  assert.doesNotMatch(output, KEYISH);

  const keys = loadServerKeys(dataDir, undefined, { readOnly: true });
  await withDb(async (db) => {
    const rows = await db.selectFrom('outbox').selectAll().execute();
    assert.equal(rows.length, 1, 'exactly one mail');
    const [row] = rows;
    assert.equal(row?.kind, 'invitation');
    assert.equal(row?.done_at, null, 'the running server sends it');
    const mail = JSON.parse(openSecretBox(Buffer.from(row?.payload ?? []), keys.outbox).toString('utf8')) as { to: string; subject: string; text: string };
    assert.equal(mail.to, 'lead@example.org');
    // The link is in the mail, in the supervisor's language, and its token nowhere in the output.
    const token = /https:\/\/haven\.example\.org\/office\/enrol\/([A-Za-z0-9_-]{43})\b/.exec(mail.text)?.[1] ?? assert.fail(mail.text);
    assert.ok(!output.includes(token));
    assert.ok(!output.includes(token.slice(0, 12)));
    assert.ok(mail.subject.length > 0 && !mail.subject.startsWith('office.'), mail.subject);

    const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', 'acme-police').executeTakeFirstOrThrow();
    assert.deepEqual([organisation.kind, organisation.name], ['police', 'Acme police']);
    const supervisor = await db.selectFrom('accounts').selectAll().where('login', '=', 'lead@example.org').executeTakeFirstOrThrow();
    assert.deepEqual([supervisor.role, supervisor.status, supervisor.organisation_id, supervisor.locale], ['supervisor', 'invited', 'acme-police', 'de']);
  });
  const entry = await lastEntry();
  assert.deepEqual([entry.actor, entry.action, entry.detail, entry.organisation_id], ['cli', 'account.invited', 'supervisor', 'acme-police']);
  assert.equal(checkpoints(), 1);

  const listed = await haven('organisation', 'list');
  ok(listed, 'organisation list');
  assert.match(listed.stdout, /^ID\s+KIND\s+NAME\s+MEMBERS\n/);
  assert.match(listed.stdout, /^acme-police\s+police\s+Acme police\s+1$/m);
  const listing = await lastEntry();
  assert.deepEqual(
    [listing.actor, listing.action, listing.subject, listing.organisation_id],
    ['cli', 'organisations.listed', 'organisations', null],
    'the list is audited, for no one organisation',
  );
  assert.equal(checkpoints(), 2, 'and its head signed');

  // The same id again, or a bad option, is refused and queues nothing more.
  const again = await haven(...args);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^haven: refused: an organisation acme-police exists already/);
  const wrongKind = await haven('organisation', 'create', '--id', 'x', '--kind', 'army', '--name', 'X', '--supervisor', 'x@example.org');
  assert.equal(wrongKind.code, 2);
  assert.match(wrongKind.stderr, /--kind: police or hotline/);
  const badAddress = await haven('organisation', 'create', '--id', 'other', '--kind', 'hotline', '--name', 'Other', '--supervisor', 'not-an-address');
  assert.equal(badAddress.code, 1);
  assert.match(badAddress.stderr, /^haven: refused: not one valid e-mail address/);
  await withDb(async (db) => {
    assert.equal((await db.selectFrom('outbox').select('id').execute()).length, 1);
    assert.deepEqual(await db.selectFrom('organisations').select('id').execute(), [{ id: 'acme-police' }]);
  });
  await verifies(haven, 3);
});

/** The demo organisations, with the police analyst enrolled in a second factor and signed in twice. */
async function enrolledMembers(withStore: <T>(fn: (store: Store) => Promise<T>) => Promise<T>, dataDir: string) {
  return withStore(async (store) => {
    const { db } = store;
    await seedDemo(store, loadServerKeys(dataDir, undefined), () => 'a demo password for the tests');
    const accounts = await db.selectFrom('accounts').select(['id', 'login', 'public_key']).execute();
    const id = (login: string) => accounts.find((a) => a.login === login)?.id ?? assert.fail(login);
    const secret = Buffer.alloc(40, 0xab);
    const codes = JSON.stringify([createHash('sha256').update('ABCD-EFGH-1234').digest('hex')]);
    await db
      .updateTable('accounts')
      .set({ second_factor: secret, second_factor_step: 123456, recovery_codes: codes })
      .where('id', '=', id('police-analyst'))
      .execute();
    const now = Date.now();
    const session = (account: string, n: number) => ({
      id_hash: Buffer.alloc(32, n),
      account_id: id(account),
      stage: 'signed-in' as const,
      sealed_key: null,
      created_at: now,
      seen_at: now,
      expires_at: now + 3_600_000,
    });
    await db
      .insertInto('sessions')
      .values([session('police-analyst', 1), session('police-analyst', 2), session('police-supervisor', 3)])
      .execute();
    return { id, secret, codes, publicKeys: accounts.map((a) => Buffer.from(a.public_key ?? [])) };
  });
}

test('member list shows each member’s role, status, second factor and grant, and no key; the lists are audited', async (t) => {
  const { dataDir, haven, withStore, withDb, lastEntry, checkpoints } = await setUp(t);
  const { secret, codes, publicKeys } = await enrolledMembers(withStore, dataDir);
  const entriesBefore = await withDb(async (db) => (await db.selectFrom('audit_log').select('seq').execute()).length);
  const listed = await haven('member', 'list', 'police-demo');
  ok(listed, 'member list');
  const lines = listed.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^LOGIN\s+ROLE\s+STATUS\s+SECOND-FACTOR\s+GRANT$/);
  assert.deepEqual(
    lines
      .slice(1)
      .map((l) => l.split(/\s+/))
      .sort(),
    [
      ['police-analyst', 'analyst', 'active', 'yes', 'active'],
      ['police-supervisor', 'supervisor', 'active', 'no', 'active'],
    ],
  );
  assert.doesNotMatch(listed.stdout, KEYISH);
  for (const key of [secret, ...publicKeys]) {
    for (const form of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) assert.ok(!listed.stdout.includes(form.slice(0, 16)));
  }
  assert.ok(!listed.stdout.includes(codes.slice(2, 18)), 'no recovery code digest');
  // Who looked is in the log, for the organisation (its supervisors read it), signed at once.
  const entry = await lastEntry();
  assert.deepEqual([entry.actor, entry.action, entry.subject, entry.organisation_id], ['cli', 'members.listed', 'organisation:police-demo', 'police-demo']);
  assert.equal(checkpoints(), 1);

  const unknown = await haven('member', 'list', 'no-such-organisation');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^haven: no organisation no-such-organisation\n$/);
  assert.equal((await lastEntry()).seq, entry.seq, 'a refused list writes nothing');
  const organisations = await haven('organisation', 'list');
  ok(organisations, 'organisation list');
  assert.match(organisations.stdout, /^police-demo\s+police\s+Grand-Ducal Police — demo\s+2$/m);
  assert.match(organisations.stdout, /^hotline-demo\s+hotline\s+BEE SECURE Stopline — demo\s+2$/m);
  assert.equal((await lastEntry()).action, 'organisations.listed');
  await verifies(haven, entriesBefore + 2);
});

test('member reset-second-factor clears the factor and recovery codes and ends that member’s sessions', async (t) => {
  const { dataDir, haven, withStore, withDb, lastEntry, checkpoints } = await setUp(t);
  const { id } = await enrolledMembers(withStore, dataDir);
  const entriesBefore = await withDb(async (db) => (await db.selectFrom('audit_log').select('seq').execute()).length);

  const reset = await haven('member', 'reset-second-factor', 'police-analyst');
  ok(reset, 'reset-second-factor');
  assert.match(reset.stdout, /police-analyst: second factor cleared.*2 session\(s\) ended/s);
  assert.doesNotMatch(reset.stdout + reset.stderr, KEYISH);
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').selectAll().where('login', '=', 'police-analyst').executeTakeFirstOrThrow();
    assert.deepEqual([account.second_factor, account.second_factor_step, account.recovery_codes], [null, null, null]);
    assert.equal(account.status, 'active', 'still a member: the password and the key grant are untouched');
    assert.ok(account.wrapped_private_key);
    const grant = await db.selectFrom('key_grants').select('status').where('account_id', '=', account.id).executeTakeFirstOrThrow();
    assert.equal(grant.status, 'active');
    const sessions = await db.selectFrom('sessions').select('account_id').execute();
    assert.deepEqual(sessions, [{ account_id: id('police-supervisor') }], 'only the other member’s session is left');
  });
  const entry = await lastEntry();
  assert.deepEqual(
    [entry.actor, entry.action, entry.subject, entry.organisation_id],
    ['cli', 'second-factor.reset', `account:${id('police-analyst')}`, 'police-demo'],
  );
  assert.equal(checkpoints(), 1);

  const unknown = await haven('member', 'reset-second-factor', 'nobody');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^haven: no account nobody\n$/);
  await verifies(haven, entriesBefore + 1);
});

test('every account command refuses a server secret other than the one the database was set up with', async (t) => {
  const { env, haven, withDb } = await setUp(t);
  ok(await haven('organisation', 'create', '--id', 'acme', '--kind', 'hotline', '--name', 'Acme', '--supervisor', 'lead@example.org'), 'organisation create');
  const other = { ...env, HAVEN_SECRET: Buffer.alloc(32, 3).toString('base64') };
  for (const args of [
    ['admin', 'create', 'ops-bob'],
    ['organisation', 'create', '--id', 'other', '--kind', 'police', '--name', 'Other', '--supervisor', 'other@example.org'],
    ['organisation', 'list'],
    ['member', 'list', 'acme'],
    ['member', 'reset-second-factor', 'lead@example.org'],
  ]) {
    const refused = await runHaven(args, other);
    assert.equal(refused.code, 1, args.join(' '));
    assert.match(refused.stderr, /^haven: this database was set up with a different server secret/, args.join(' '));
    assert.equal(refused.stdout, '');
  }
  await withDb(async (db) => {
    assert.deepEqual(await db.selectFrom('accounts').select('login').execute(), [{ login: 'lead@example.org' }]);
    assert.equal((await db.selectFrom('outbox').select('id').execute()).length, 1);
    assert.equal((await db.selectFrom('audit_log').select('seq').execute()).length, 2);
  });
  await verifies(haven, 2);
});

test('member remove takes a member out at once: sessions, grant, second factor; the account stays for the log', async (t) => {
  const { dataDir, haven, withStore, withDb, lastEntry } = await setUp(t);
  const { id } = await enrolledMembers(withStore, dataDir);
  const removed = await haven('member', 'remove', 'police-supervisor');
  ok(removed, 'remove');
  assert.match(removed.stdout, /police-supervisor removed from police-demo/);
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', id('police-supervisor')).executeTakeFirstOrThrow();
    assert.equal(account.status, 'removed');
    assert.equal(account.wrapped_private_key, null);
    assert.equal(await db.selectFrom('key_grants').select('status').where('account_id', '=', account.id).executeTakeFirst(), undefined);
    assert.deepEqual(await db.selectFrom('sessions').select('account_id').where('account_id', '=', account.id).execute(), []);
    const other = await db.selectFrom('key_grants').select('status').where('account_id', '=', id('police-analyst')).executeTakeFirstOrThrow();
    assert.equal(other.status, 'active', 'the organisation keeps its key through its other members');
  });
  const entry = await lastEntry();
  assert.deepEqual([entry.actor, entry.action, entry.subject], ['cli', 'account.removed', `account:${id('police-supervisor')}`]);
  const again = await haven('member', 'remove', 'police-supervisor');
  assert.equal(again.code, 1);

  // The analyst now holds the key alone, and there are no recovery sheets: removing them would
  // lose every report, so it is refused and changes nothing.
  const last = await haven('member', 'remove', 'police-analyst');
  assert.equal(last.code, 1);
  assert.match(last.stderr, /last member of police-demo who holds its key/);
  await withDb(async (db) => {
    const grant = await db.selectFrom('key_grants').select('status').where('account_id', '=', id('police-analyst')).executeTakeFirstOrThrow();
    assert.equal(grant.status, 'active');
  });
});

test('admin create --role editor invites an editor; member remove removes an operator account, never the last active admin', async (t) => {
  const { haven, withStore, withDb, dataDir, lastEntry } = await setUp(t);
  await withStore((store) => seedDemo(store, loadServerKeys(dataDir, undefined), () => 'a demo password for the tests'));

  const editor = await haven('admin', 'create', 'ops-editor', '--role', 'editor');
  ok(editor, 'admin create --role editor');
  assert.match(editor.stdout, /^editor ops-editor invited: /);
  const wrongRole = await haven('admin', 'create', 'ops-x', '--role', 'supervisor');
  assert.equal(wrongRole.code, 2);
  assert.match(wrongRole.stderr, /--role must be one of admin, editor/);
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').selectAll().where('login', '=', 'ops-editor').executeTakeFirstOrThrow();
    assert.deepEqual([account.role, account.status, account.organisation_id], ['editor', 'invited', null]);
  });
  const invitedEntry = await lastEntry();
  assert.deepEqual([invitedEntry.actor, invitedEntry.action, invitedEntry.detail, invitedEntry.organisation_id], ['cli', 'account.invited', 'editor', null]);

  // An operator account goes like a member, its audit entry for no organisation.
  const removedEditor = await haven('member', 'remove', 'ops-editor');
  ok(removedEditor, 'member remove ops-editor');
  assert.match(removedEditor.stdout, /ops-editor \(operator editor\) removed/);
  const removal = await lastEntry();
  assert.deepEqual([removal.actor, removal.action, removal.subject, removal.organisation_id], ['cli', 'account.removed', invitedEntry.subject, null]);
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').select('status').where('id', '=', invitedEntry.subject.slice('account:'.length)).executeTakeFirstOrThrow();
    assert.equal(account.status, 'removed');
    assert.deepEqual(await db.selectFrom('invitations').select('account_id').execute(), [], 'its enrolment link opens nothing');
  });

  // The last active admin stays, whatever invited admins there are.
  ok(await haven('admin', 'create', 'ops-next'), 'admin create ops-next');
  const refused = await haven('member', 'remove', 'operator-admin');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^haven: refused: operator-admin is the last active operator admin, without whom nobody could create an organisation/);
  const entries = await withDb(async (db) => (await db.selectFrom('audit_log').select('seq').execute()).length);
  await withDb(async (db) => {
    const account = await db.selectFrom('accounts').select('status').where('login', '=', 'operator-admin').executeTakeFirstOrThrow();
    assert.equal(account.status, 'active', 'refused, nothing changed');
  });
  // Once another admin has enrolled (pretended here), the one who leaves can be removed.
  await withDb((db) => db.updateTable('accounts').set({ status: 'active' }).where('login', '=', 'ops-next').execute());
  const removedAdmin = await haven('member', 'remove', 'operator-admin');
  ok(removedAdmin, 'member remove operator-admin');
  const last = await lastEntry();
  assert.deepEqual([last.seq, last.action, last.organisation_id], [entries + 1, 'account.removed', null]);
  await verifies(haven, entries + 1);
});
