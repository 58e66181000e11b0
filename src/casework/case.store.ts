// Queries for casework: a report as its organisation's members may see it, the row lock every
// change takes, the append-only history, decisions awaiting a second analyst, and earlier reports
// of the same address. Those that change anything take only an `Audited` handle.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Audited } from '../audit/audit.ts';
import type { Engine } from '../db/database.ts';
import type { CaseDecisionTable, Database } from '../db/schema.ts';
import type { EventType } from '../reports/report-status.ts';

type Handle = Kysely<Database>;

const REPORT_COLUMNS = [
  'id',
  'channel_id',
  'organisation_id',
  'category',
  'country',
  'received_hour',
  'workflow_status',
  'reporter_public_key',
  'sealed_body',
  'assignee_id',
  'classification',
  'closed_at',
  'awaiting',
] as const;

export type CaseRow = Awaited<ReturnType<typeof findCase>> & {};

/** A report, if it went to this organisation: another organisation's id finds nothing. */
export function findCase(db: Handle, organisationId: string, reportId: string) {
  return db.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', reportId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

/**
 * The report, locked until the transaction ends: two members changing one report take turns, so
 * each sees the other's change (SQLite's write transactions are serialised already).
 */
export async function lockCase(trx: Audited, engine: Engine, organisationId: string, reportId: string) {
  let query = trx.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', reportId).where('organisation_id', '=', organisationId);
  if (engine === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

export function updateCase(
  trx: Audited,
  reportId: string,
  changes: Partial<{
    workflow_status: string;
    assignee_id: string | null;
    classification: string | null;
    closed_at: string | null;
    awaiting: number;
    notice_pending: number;
  }>,
) {
  return trx.updateTable('reports').set(changes).where('id', '=', reportId).execute();
}

export type NewEvent = {
  type: EventType;
  /** `account:<id>`, or `reporter`. */
  actor: string;
  detail?: string | null;
  /** Sealed to the organisation. */
  sealed?: Buffer | null;
  /** Sealed to the reporter's key (messages). */
  forReporter?: Buffer | null;
};

const digestHex = (bytes: Buffer | null | undefined) => (bytes ? createHash('sha256').update(bytes).digest('hex') : null);

/**
 * Appends to the report's history, each entry chained to the one before by a SHA-256 over its
 * fields and the previous hash, so a history edited in place no longer hangs together. Call with
 * the report locked (lockCase).
 */
export async function appendEvents(trx: Audited, reportId: string, events: NewEvent[], at: string): Promise<void> {
  const last = await trx
    .selectFrom('report_events')
    .select(['seq', 'hash'])
    .where('report_id', '=', reportId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let previous = last ? Buffer.from(last.hash) : null;
  for (const e of events) {
    seq++;
    const fields = [reportId, seq, e.type, e.actor, at, e.detail ?? null, digestHex(e.sealed), digestHex(e.forReporter), previous?.toString('hex') ?? null];
    const hash = createHash('sha256').update(JSON.stringify(fields)).digest();
    await trx
      .insertInto('report_events')
      .values({
        report_id: reportId,
        seq,
        type: e.type,
        actor: e.actor,
        at,
        detail: e.detail ?? null,
        sealed_payload: e.sealed ?? null,
        reporter_payload: e.forReporter ?? null,
        previous_hash: previous,
        hash,
      })
      .execute();
    previous = hash;
  }
}

export function listEvents(db: Handle, reportId: string) {
  return db
    .selectFrom('report_events')
    .select(['seq', 'type', 'actor', 'at', 'detail', 'sealed_payload', 'reporter_payload', 'hash'])
    .where('report_id', '=', reportId)
    .orderBy('seq')
    .execute();
}

export function listUrls(db: Handle, reportId: string) {
  return db.selectFrom('report_urls').select(['url_hash', 'classification', 'fields']).where('report_id', '=', reportId).execute();
}

export function setUrlClassification(trx: Audited, reportId: string, urlHash: Buffer, classification: string, fields: string | null) {
  return trx.updateTable('report_urls').set({ classification, fields }).where('report_id', '=', reportId).where('url_hash', '=', urlHash).execute();
}

/** Earlier (and later) reports to this organisation of the same addresses, by keyed hash. */
export function findSameAddresses(db: Handle, organisationId: string, reportId: string, urlHashes: Buffer[]) {
  if (urlHashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report_urls as u')
    .innerJoin('reports as r', 'r.id', 'u.report_id')
    .select(['u.url_hash', 'r.id', 'r.received_hour', 'r.workflow_status', 'u.classification'])
    .where('u.url_hash', 'in', urlHashes)
    .where('r.organisation_id', '=', organisationId)
    .where('r.id', '<>', reportId)
    .orderBy('r.received_hour', 'desc')
    .limit(50)
    .execute();
}

export function insertDecision(trx: Audited, row: CaseDecisionTable) {
  return trx.insertInto('case_decisions').values(row).execute();
}

export function listDecisions(db: Handle, reportId: string) {
  return db.selectFrom('case_decisions').selectAll().where('report_id', '=', reportId).orderBy('proposed_at').execute();
}

export function findDecision(db: Handle, organisationId: string, decisionId: string) {
  return db.selectFrom('case_decisions').selectAll().where('id', '=', decisionId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

/** Settles a pending decision; false when another member settled it first. */
export async function settleDecision(trx: Audited, decisionId: string, state: 'confirmed' | 'rejected', by: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('case_decisions')
    .set({ state, decided_by: by, decided_at: at })
    .where('id', '=', decisionId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What still waits for confirmation on one item of a report (a newer proposal withdraws it). */
export function listPending(db: Handle, reportId: string, item: string, kind: CaseDecisionTable['kind']) {
  return db
    .selectFrom('case_decisions')
    .select(['id', 'item', 'kind', 'value'])
    .where('report_id', '=', reportId)
    .where('item', '=', item)
    .where('kind', '=', kind)
    .where('state', '=', 'pending')
    .execute();
}

export async function countPending(trx: Handle, reportId: string): Promise<number> {
  const row = await trx
    .selectFrom('case_decisions')
    .select(sql<number>`count(*)`.as('n'))
    .where('report_id', '=', reportId)
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Members of the organisation who can hold a report: active supervisors and analysts. */
export function listCaseworkers(db: Handle, organisationId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'login', 'role', 'email', 'locale'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('role', 'in', ['supervisor', 'analyst'])
    .orderBy('login')
    .execute();
}
