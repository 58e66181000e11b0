// Whoever holds the database but not Haven's secret cannot change the audit log unseen: with the
// append-only triggers switched off (as the owner of the file or database can), each edit,
// removal, reordering, truncation and full rewrite is found by `haven audit verify` and by
// verifyAuditLog, against the chain and the signed checkpoints Haven wrote while it ran.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { type AuditEntry, audited } from '../../src/audit/audit.ts';
import { type AuditVerdict, verifyAuditLog } from '../../src/audit/audit.verify.ts';
import { type Db, openStore } from '../../src/db/database.ts';
import { type CliResult, cliEnv, runHaven } from '../cli/haven-cli.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { checkpointFileOf, dropAppendOnlyGuard, rewriteWithoutKey, swapRows } from './attacker.ts';

const later = (n: number): AuditEntry => ({ actor: 'test', action: 'content.imported', subject: 'content', detail: `${n} changes` });

/**
 * A Haven that started (demo set-up and the content files' imports: 15 entries, a checkpoint at 15), took 3
 * more entries, and stopped (a final checkpoint at 18); then `change` is made to its data and
 * the log is checked both ways.
 */
async function afterTampering(t: test.TestContext, change: (db: Db, haven: TestHaven) => Promise<void>) {
  const haven = await testHaven(t);
  await audited(haven.store, haven.keys, [later(1), later(2), later(3)], async () => undefined);
  await haven.close();
  const store = openStore({ dataDir: haven.dataDir, databaseUrl: haven.databaseUrl });
  let verdict: AuditVerdict;
  let cli: CliResult;
  try {
    await dropAppendOnlyGuard(store);
    await change(store.db, haven);
    verdict = await verifyAuditLog(store.db, haven.keys, checkpointFileOf(haven.dataDir));
    cli = await runHaven(['audit', 'verify'], cliEnv(haven.dataDir, haven.databaseUrl));
  } finally {
    await store.db.destroy();
  }
  return { verdict, cli };
}

function assertDetected({ verdict, cli }: { verdict: AuditVerdict; cli: CliResult }, problem: RegExp) {
  assert.ok(
    verdict.problems.some((p) => problem.test(p)),
    `a problem like ${problem} is reported (got: ${verdict.problems.join(' | ') || 'none'})`,
  );
  assert.equal(cli.code, 1, `haven audit verify exits 1:\n${cli.stdout}${cli.stderr}`);
  assert.match(cli.stderr, /audit log NOT intact/);
  assert.match(cli.stderr, problem);
}

test('an untouched log verifies, with both checkpoints', async (t) => {
  const { verdict, cli } = await afterTampering(t, async () => undefined);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.entries, 18);
  assert.equal(verdict.checkpoints, 2);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /audit log intact: 18 entries/);
});

test('an edited entry is found', async (t) => {
  const result = await afterTampering(t, async (db) => {
    await db.updateTable('audit_log').set({ detail: 'someone-else' }).where('seq', '=', 2).execute();
  });
  assert.equal(result.verdict.brokenAt, 2);
  assertDetected(result, /entry 2: its hash does not match/);
});

test('an entry removed from the middle is found', async (t) => {
  const result = await afterTampering(t, async (db) => {
    await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
  });
  assertDetected(result, /entry 4 missing/);
});

test('the last entry removed (after a checkpoint) is found', async (t) => {
  const result = await afterTampering(t, async (db) => {
    await db.deleteFrom('audit_log').where('seq', '=', 18).execute();
  });
  assert.equal(result.verdict.brokenAt, undefined, 'the chain that is left still links: only the checkpoint shows the loss');
  assertDetected(result, /18 entries were signed, the log ends at 17/);
});

test('every entry removed is found', async (t) => {
  const result = await afterTampering(t, async (db) => {
    await db.deleteFrom('audit_log').execute();
  });
  assert.equal(result.verdict.entries, 0);
  assertDetected(result, /15 entries were signed, the log ends at 0/);
  assertDetected(result, /18 entries were signed, the log ends at 0/);
});

test('two entries swapped are found', async (t) => {
  const result = await afterTampering(t, (db) => swapRows(db, 2, 3));
  assert.equal(result.verdict.brokenAt, 2);
  assertDetected(result, /entry 2/);
});

test('a log rewritten end to end with plain SHA-256 is found', async (t) => {
  const result = await afterTampering(t, (db) => rewriteWithoutKey(db, 4));
  assert.equal(result.verdict.brokenAt, 1);
  assertDetected(result, /entry 1: its hash does not match/);
  assertDetected(result, /entry 15 no longer has the signed hash/);
  assertDetected(result, /18 entries were signed, the log ends at 17/);
});

test('a checkpoint edited to match a shortened log is found by its signature', async (t) => {
  const result = await afterTampering(t, async (db, haven) => {
    await db.deleteFrom('audit_log').where('seq', '=', 18).execute();
    const nine = await db.selectFrom('audit_log').select('hash').where('seq', '=', 17).executeTakeFirstOrThrow();
    const file = checkpointFileOf(haven.dataDir);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const forged = lines.map((line) => {
      const c = JSON.parse(line) as { count: number; head: string };
      return c.count === 18 ? JSON.stringify({ ...c, count: 17, head: Buffer.from(nine.hash).toString('hex') }) : line;
    });
    fs.writeFileSync(file, `${forged.join('\n')}\n`);
  });
  assertDetected(result, /line 2: the signature does not match/);
});

test('a log with entries and no checkpoint file is reported', async (t) => {
  const result = await afterTampering(t, async (_db, haven) => fs.rmSync(checkpointFileOf(haven.dataDir)));
  assertDetected(result, /no signed checkpoint/);
});

test('every entry removed and the checkpoint file emptied is reported', async (t) => {
  const result = await afterTampering(t, async (db, haven) => {
    await db.deleteFrom('audit_log').execute();
    fs.writeFileSync(checkpointFileOf(haven.dataDir), '');
  });
  assert.equal(result.verdict.entries, 0);
  assertDetected(result, /no signed checkpoint/);
});

test('an entry slipped in before the first is found', async (t) => {
  const result = await afterTampering(t, async (db) => {
    const first = await db.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
    await db
      .insertInto('audit_log')
      .values({ ...first, seq: 0, action: 'grant.created' })
      .execute();
  });
  assert.equal(result.verdict.entries, 19, 'the slipped-in entry is read');
  assert.equal(result.verdict.brokenAt, 0);
  assertDetected(result, /entry 0 should not be there/);
});
