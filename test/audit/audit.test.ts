// The audit log is written in the same transaction as the action it records, chained with a
// key that is not in the database, refused any change by the database itself, and checkpointed,
// signed, to a file outside it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { insertOrganisation } from '../../src/accounts/accounts.store.ts';
import { type Checkpoint, checkpointIsSigned, createCheckpointer } from '../../src/audit/audit.checkpoints.ts';
import { type AuditEntry, audited } from '../../src/audit/audit.ts';
import { verifyAuditLog } from '../../src/audit/audit.verify.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { type TestHaven, tempDir, testHaven } from '../support/haven.ts';
import { checkpointFileOf } from './attacker.ts';

const entry: AuditEntry = { actor: 'test', action: 'content.imported', subject: 'content' };
const organisation = (id: string) => ({
  id,
  name: `Org ${id}`,
  kind: 'police' as const,
  public_key: Buffer.alloc(32, 1),
  created_at: new Date().toISOString(),
});

const auditCount = async (db: Db) => (await db.selectFrom('audit_log').select('seq').execute()).length;
const organisationExists = async (db: Db, id: string) =>
  (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
const verify = (haven: TestHaven) => verifyAuditLog(haven.store.db, haven.keys, checkpointFileOf(haven.dataDir));

function readCheckpoints(file: string): Checkpoint[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Checkpoint);
}

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('demo set-up and the content import are audited, and the log verifies', async (t) => {
  const haven = await testHaven(t);
  const actions = (await haven.store.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
  // Each demo organisation with its supervisor and analyst, each granted the key; the operator admin.
  const organisation = ['organisation.created', 'member.created', 'grant.created', 'member.created', 'grant.created'];
  // Then the content files: the site's words, and the seeds of the publications and monitoring.
  const content = ['content.imported', 'newsroom.imported', 'newsroom.imported', 'monitoring.imported'];
  assert.deepEqual(actions, [...organisation, ...organisation, 'member.created', ...content]);
  assert.deepEqual((await verify(haven)).problems, []);
});

test('an action and its audit entries commit together or not at all', async (t) => {
  const haven = await testHaven(t);
  const { db } = haven.store;
  const before = await auditCount(db);

  await audited(haven.store, haven.keys, entry, (trx) => insertOrganisation(trx, organisation('kept')));
  assert.ok(await organisationExists(db, 'kept'));
  assert.equal(await auditCount(db), before + 1);

  // The action fails after its write: neither the write nor an entry remains.
  await assert.rejects(
    audited(haven.store, haven.keys, entry, async (trx) => {
      await insertOrganisation(trx, organisation('failed-action'));
      throw new Error('the action failed');
    }),
    /the action failed/,
  );
  // The entry cannot be computed: the action's write is rolled back with it.
  await assert.rejects(
    audited(
      haven.store,
      haven.keys,
      () => {
        throw new Error('no entry');
      },
      (trx) => insertOrganisation(trx, organisation('no-entry')),
    ),
    /no entry/,
  );
  assert.equal(await organisationExists(db, 'failed-action'), false);
  assert.equal(await organisationExists(db, 'no-entry'), false);
  assert.equal(await auditCount(db), before + 1);

  // Entries may be computed from what the action returns.
  const id = await audited(
    haven.store,
    haven.keys,
    (id: string) => ({ ...entry, detail: id }),
    async (trx) => {
      await insertOrganisation(trx, organisation('computed'));
      return 'computed';
    },
  );
  const last = await db.selectFrom('audit_log').select('detail').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.equal(last.detail, id);
  assert.deepEqual((await verify(haven)).problems, []);
});

test('a mutating store function accepts only the handle `audited` gives (checked by tsc)', () => {
  // Never called: the point is that `tsc --noEmit` rejects the plain database handle.
  const forgetsTheAudit = (db: Db) => {
    // @ts-expect-error insertOrganisation takes an Audited handle, not the database
    return insertOrganisation(db, organisation('unaudited'));
  };
  assert.equal(typeof forgetsTheAudit, 'function');
});

test('concurrent audited actions chain one after another', async (t) => {
  const haven = await testHaven(t);
  const before = await auditCount(haven.store.db);
  await Promise.all(Array.from({ length: 20 }, (_, i) => audited(haven.store, haven.keys, { ...entry, detail: `${i}` }, async () => undefined)));
  const verdict = await verify(haven);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.entries, before + 20);
});

test('the database refuses to change or remove audit entries, or to take one out of line', async (t) => {
  const haven = await testHaven(t);
  const { db } = haven.store;
  const rows = async () => db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const before = await rows();
  await assert.rejects(db.updateTable('audit_log').set({ detail: 'someone-else' }).where('seq', '=', 2).execute(), /append-only/);
  await assert.rejects(db.deleteFrom('audit_log').where('seq', '=', before.length).execute(), /append-only/);
  await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
  if (haven.engine === 'postgres') await assert.rejects(sql`TRUNCATE audit_log`.execute(db), /append-only/);
  // Nor an entry anywhere but next in line: before the first, or past a gap.
  const first = before[0] as (typeof before)[number];
  for (const seq of [0, -5, before.length + 2]) {
    await assert.rejects(
      db
        .insertInto('audit_log')
        .values({ ...first, seq })
        .execute(),
      /in order/,
      `seq ${seq}`,
    );
  }
  assert.deepEqual(await rows(), before);
  // Appending still works.
  await audited(haven.store, haven.keys, entry, async () => undefined);
  assert.equal((await rows()).length, before.length + 1);
});

test('Haven signs a checkpoint when it starts and when it stops, in a private file', async (t) => {
  const haven = await testHaven(t);
  const file = checkpointFileOf(haven.dataDir);
  const started = readCheckpoints(file);
  assert.equal(started.length, 1);
  assert.equal(started[0]?.count, 15);
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');

  await audited(haven.store, haven.keys, entry, async () => undefined);
  await haven.close();
  const stopped = readCheckpoints(file);
  assert.equal(stopped.length, 2);
  assert.equal(stopped[1]?.count, 16, 'the final checkpoint covers what was written after the start');
  for (const c of stopped) assert.ok(checkpointIsSigned(c, haven.keys.auditSigning.publicKey));
});

test('the checkpointer writes on its timer only when the log has grown', async (t) => {
  const haven = await testHaven(t);
  const file = path.join(tempDir(t), 'elsewhere', 'checkpoints');
  const checkpointer = createCheckpointer({ store: haven.store, keys: haven.keys, file, everyMs: 5 });
  await checkpointer.start();
  assert.equal(readCheckpoints(file).length, 1);
  for (const expected of [2, 3]) {
    await audited(haven.store, haven.keys, entry, async () => undefined);
    await until(() => readCheckpoints(file).length >= expected, `checkpoint ${expected}`);
  }
  await checkpointer.stop();
  const counts = readCheckpoints(file).map((c) => c.count);
  // Many ticks passed between the entries; only the two that found the log grown wrote a line.
  assert.deepEqual(counts, [15, 16, 17, 17]);
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
});

test('where and how often checkpoints are written is configured, and checked', () => {
  const defaults = loadConfig({ DATA_DIR: '/srv/haven' });
  assert.equal(defaults.auditCheckpointFile, '/srv/haven/audit-checkpoints');
  assert.equal(defaults.auditCheckpointMinutes, 5);
  const given = loadConfig({ DATA_DIR: '/srv/haven', AUDIT_CHECKPOINT_FILE: '/var/log/haven/checkpoints', AUDIT_CHECKPOINT_MINUTES: '1440' });
  assert.equal(given.auditCheckpointFile, '/var/log/haven/checkpoints');
  assert.equal(given.auditCheckpointMinutes, 1440);
  for (const minutes of ['0', '1441', '2.5', 'often']) {
    assert.throws(
      () => loadConfig({ AUDIT_CHECKPOINT_MINUTES: minutes }),
      (e: unknown) => e instanceof ConfigError && /AUDIT_CHECKPOINT_MINUTES/.test(e.message),
    );
  }
});
