// The append-only audit log, and the only way to change back-office state: `audited` opens a
// transaction, hands the action an `Audited` handle, and appends the action's entries with that
// same handle, so both commit or neither. Store functions that mutate accept only `Audited`, so
// an action that forgets its audit entry does not compile. Each entry's hash is an HMAC (key
// derived from the server secret, not in the database) over its fields and the previous hash:
// whoever edits, removes or rewrites entries without the key breaks the chain.
import { sql, type Transaction } from 'kysely';
import { keyedHash, type ServerKeys } from '../crypto/secrets.ts';
import type { Db, Engine, Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

export const AUDIT_ACTIONS = [
  'organisation.created',
  'member.created',
  'grant.created',
  'content.imported',
  'account.invited',
  'account.enrolled',
  'account.removed',
  'password.changed',
  'sign-in.password-accepted',
  'sign-in.failed',
  'sign-in.succeeded',
  'sign-in.locked',
  'second-factor.enrolled',
  'second-factor.failed',
  'second-factor.reset',
  'recovery-code.used',
  'session.ended',
  'session.revoked',
  'sessions.revoked-all',
  'grant.requested',
  'grant.approved',
  'organisation.recovered',
  'recovery-sheets.issued',
  'recovery.failed',
  'organisations.listed',
  'members.listed',
  'report.opened',
  'report.classified',
  'report.proposed',
  'report.withdrawn',
  'report.confirmed',
  'report.rejected',
  'report.noted',
  'report.messaged',
  'report.answered',
  'report.status-changed',
  'report.assigned',
  'report.released',
  'report.handed-over',
  'reports.reassigned',
  'report.exported',
  'reports.purged',
  'newsletter.sent',
  'newsletter.tested',
  'subscribers.exported',
  'subscriber.deleted',
  'content.saved',
  'content.published',
  'content.reverted',
  'training.session-added',
  'training.session-changed',
  'training.session-deleted',
  'training.details-changed',
  'training-requests.listed',
  'training-request.read',
  'training-request.deleted',
  'training-requests.purged',
  'newsroom.created',
  'newsroom.updated',
  'newsroom.published',
  'newsroom.unpublished',
  'newsroom.deleted',
  'newsroom.document-uploaded',
  'newsroom.document-removed',
  'newsroom.imported',
  'monitoring.imported',
  'monitoring.country-added',
  'monitoring.assessed',
  'monitoring.fact-recorded',
  'monitoring.fact-corrected',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `organisation`: the recipient organisation the entry concerns; its supervisors read these. */
export type AuditEntry = { actor: string; action: AuditAction; subject: string; detail?: string; organisation?: string; at?: string };

/** The audit HMAC key, as `loadServerKeys` derives it. */
export type AuditKeys = Pick<ServerKeys, 'audit'>;

// Never exported: only this module can turn a transaction into an `Audited` handle.
declare const auditedBrand: unique symbol;
export type Audited = Transaction<Database> & { readonly [auditedBrand]: true };

/**
 * Given up front, at least one entry: `audited(store, keys, [], …)` does not compile. Computed
 * from the action's result, the list may be empty, for an action that turned out to change
 * nothing (a content import that found every file as it was).
 */
type Entries<T> = AuditEntry | [AuditEntry, ...AuditEntry[]] | ((result: T) => AuditEntry | AuditEntry[]);

/**
 * Runs `action` in one transaction and appends `entries` (or those computed from its result)
 * in the same transaction. Inside `action`, use only its handle: on SQLite, `store.db` would
 * wait for the one connection, which the transaction holds until `action` returns.
 */
export function audited<T>(store: Store, keys: AuditKeys, entries: Entries<T>, action: (trx: Audited) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (trx) => {
    const handle = trx as Audited;
    const result = await action(handle);
    const list = typeof entries === 'function' ? entries(result) : entries;
    await appendEntries(handle, store.engine, keys.audit, Array.isArray(list) ? list : [list]);
    return result;
  });
}

/** Where an entry landed in the log: its seq and its hash. */
export type AppendedEntry = { seq: number; hash: Buffer };

/**
 * As `audited`, and also says where each entry landed: for a statement that names its own audit
 * entry (an export of a report signs the seq and hash of the entry that records it).
 */
export function auditedWithEntries<T>(
  store: Store,
  keys: AuditKeys,
  entries: AuditEntry | [AuditEntry, ...AuditEntry[]] | ((result: T) => AuditEntry | [AuditEntry, ...AuditEntry[]]),
  action: (trx: Audited) => Promise<T>,
): Promise<{ result: T; entries: AppendedEntry[] }> {
  return store.db.transaction().execute(async (trx) => {
    const handle = trx as Audited;
    const result = await action(handle);
    const list = typeof entries === 'function' ? entries(result) : entries;
    const appended = await appendEntries(handle, store.engine, keys.audit, Array.isArray(list) ? list : [list]);
    return { result, entries: appended };
  });
}

export type ChainedFields = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string | null;
  organisation_id: string | null;
};

/**
 * HMAC-SHA256 over every field of the entry and the hash before it (null for the first). The
 * organisation (added with the back office) is chained when there is one; entries without one
 * hash as they always did.
 */
export function entryHash(key: Buffer, previous: Buffer | null, e: ChainedFields): Buffer {
  const fields = ['haven/audit/v1', e.seq, e.at, e.actor, e.action, e.subject, e.detail, previous?.toString('hex') ?? null];
  return keyedHash(key, JSON.stringify(e.organisation_id === null ? fields : [...fields, e.organisation_id]));
}

async function appendEntries(trx: Audited, engine: Engine, key: Buffer, entries: AuditEntry[]): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  // SQLite write transactions are already serialised (BEGIN IMMEDIATE); PostgreSQL needs a lock,
  // held until commit, so two instances never chain onto the same predecessor.
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(7261)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let previous: Buffer | null = last ? Buffer.from(last.hash) : null;
  const now = new Date().toISOString();
  const appended: AppendedEntry[] = [];
  for (const entry of entries) {
    const row = {
      seq: ++seq,
      at: entry.at ?? now,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail ?? null,
      organisation_id: entry.organisation ?? null,
    };
    const hash = entryHash(key, previous, row);
    await trx
      .insertInto('audit_log')
      .values({ ...row, previous_hash: previous, hash })
      .execute();
    appended.push({ seq: row.seq, hash });
    previous = hash;
  }
  return appended;
}

/** The head of an empty log, so a checkpoint always names 32 bytes. */
export const EMPTY_HEAD = Buffer.alloc(32);

export type AuditHead = { count: number; head: Buffer };

/** How many entries the log has (seq runs 1…n) and the last one's hash. */
export async function readAuditHead(db: Db): Promise<AuditHead> {
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ? { count: last.seq, head: Buffer.from(last.hash) } : { count: 0, head: EMPTY_HEAD };
}
