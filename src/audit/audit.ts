// The append-only audit log. Each entry's hash covers the previous entry's hash, so removing or
// editing any entry breaks every hash after it; `verifyAuditChain` finds the first break.
// Callers pass their transaction, so an action and its audit entry commit together or not at all.
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

export const AUDIT_ACTIONS = [
  'organisation.created',
  'member.created',
  'grant.created',
  'content.imported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = { actor: string; action: AuditAction; subject: string; detail?: string; at?: string };

function entryHash(previous: Buffer | null, e: { seq: number; at: string; actor: string; action: string; subject: string; detail: string | null }): Buffer {
  return createHash('sha256')
    .update(previous ?? Buffer.alloc(0))
    .update(JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.detail]))
    .digest();
}

export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry, engine: 'sqlite' | 'postgres'): Promise<void> {
  // SQLite transactions are already serialised; PostgreSQL needs a lock so two instances never
  // chain onto the same predecessor.
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(7261)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: entry.at ?? new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail ?? null,
  };
  const previous = last ? Buffer.from(last.hash) : null;
  await trx.insertInto('audit_log').values({ ...row, previous_hash: previous, hash: entryHash(previous, row) }).execute();
}

/** Returns the seq of the first entry that does not chain, or undefined if the log is intact. */
export async function verifyAuditChain(db: Db): Promise<{ entries: number; brokenAt?: number }> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let previous: Buffer | null = null;
  for (const row of rows) {
    const expected = entryHash(previous, row);
    const stored = Buffer.from(row.hash);
    const linked = (row.previous_hash ? Buffer.from(row.previous_hash) : null)?.equals(previous ?? Buffer.alloc(0)) ?? previous === null;
    if (!linked || !expected.equals(stored)) return { entries: rows.length, brokenAt: row.seq };
    previous = stored;
  }
  return { entries: rows.length };
}
