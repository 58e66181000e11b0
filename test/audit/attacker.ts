// Plays someone who holds the database (a copy of the file, or the PostgreSQL owner's password)
// but not Haven's secret: they can switch off the append-only triggers and change any row.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Store } from '../../src/db/database.ts';

export const checkpointFileOf = (dataDir: string) => path.join(dataDir, 'audit-checkpoints');

export async function dropAppendOnlyGuard(store: Store): Promise<void> {
  if (store.engine === 'postgres') {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(store.db);
    return;
  }
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`.execute(store.db);
  for (const { name } of rows) await sql`DROP TRIGGER ${sql.id(name)}`.execute(store.db);
}

export async function swapRows(db: Db, a: number, b: number): Promise<void> {
  const row = (seq: number) => db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
  const [first, second] = [await row(a), await row(b)];
  await db.deleteFrom('audit_log').where('seq', 'in', [a, b]).execute();
  await db
    .insertInto('audit_log')
    .values([
      { ...second, seq: a },
      { ...first, seq: b },
    ])
    .execute();
}

/**
 * Rewrites the whole log with plain SHA-256 (the chain as it was before it was keyed), leaving
 * entry `omit` out and numbering the rest again, so the new chain links from end to end.
 */
export async function rewriteWithoutKey(db: Db, omit: number): Promise<void> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  await db.deleteFrom('audit_log').execute();
  let previous: Buffer | null = null;
  let seq = 0;
  for (const row of rows) {
    if (row.seq === omit) continue;
    const e = { seq: ++seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, detail: row.detail };
    const hash: Buffer = createHash('sha256')
      .update(previous ?? Buffer.alloc(0))
      .update(JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.detail]))
      .digest();
    await db
      .insertInto('audit_log')
      .values({ ...e, previous_hash: previous, hash })
      .execute();
    previous = hash;
  }
}
