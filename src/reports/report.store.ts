// Queries for reports: intake writes sealed reports, tracking reads their status, casework will
// read and update them. The handle comes first, so callers compose them in one transaction.
import type { Insertable, Kysely } from 'kysely';
import type { Database, ReportEventTable, ReportTable, ReportUrlTable } from '../db/schema.ts';

export type SealedReportRows = { report: Insertable<ReportTable>; urls: Insertable<ReportUrlTable>[]; events: Insertable<ReportEventTable>[] };

/**
 * A report's form submission: the keyed digest that recognises the same form sent again, and the
 * report's receipt sealed under a key only the visitor's form gives (intake/submissions.ts).
 */
export type SubmissionToStore = { digest: Buffer; sealedReceipt: Buffer };
/** A report to store, with its form submission when it came with one. */
export type ReportToStore = { rows: SealedReportRows; submission?: SubmissionToStore | undefined };
/**
 * 'stored'; or 'duplicate': the same report was already received under the same submission token,
 * and `sealedReceipt` is that report's receipt, sealed, while it is still kept.
 */
export type StoreOutcome = { kind: 'stored' } | { kind: 'duplicate'; sealedReceipt: Buffer | undefined };

export type ReportsArriving = {
  /** The hour, as the report's own row keeps it, and no finer. */
  receivedHour: string;
  /** Sealed receipts of submissions received before this hour are no longer given back. */
  receiptsKeptFrom: string;
};

// SQLite allows 32,766 bound values per statement; 500 reports × 10 columns stays far below.
const CHUNK = 500;
const URL_CHUNK = 5000;

const hex = (digest: Uint8Array) => Buffer.from(digest).toString('hex');

/**
 * Stores reports in the caller's transaction. A report whose submission digest is already there
 * (received before, on any instance) is left out and answered 'duplicate', with the first report's
 * sealed receipt while it is kept: the digest, the sealed receipt and the report commit together,
 * so a report is never filed twice, nor a digest kept for a lost report. On PostgreSQL, a digest
 * another instance's transaction is writing makes this one wait for that commit, then find it.
 */
export async function insertReports(
  db: Kysely<Database>,
  items: ReportToStore[],
  { receivedHour, receiptsKeptFrom }: ReportsArriving,
): Promise<StoreOutcome[]> {
  const submissions = items.flatMap((item) => (item.submission ? [item.submission] : []));
  const claimed = new Set<string>();
  for (let i = 0; i < submissions.length; i += CHUNK) {
    const rows = await db
      .insertInto('report_submissions')
      .values(submissions.slice(i, i + CHUNK).map((s) => ({ digest: s.digest, received_at: receivedHour, sealed_receipt: s.sealedReceipt })))
      .onConflict((oc) => oc.column('digest').doNothing())
      .returning('digest')
      .execute();
    for (const row of rows) claimed.add(hex(row.digest));
  }
  // The first report under a newly claimed digest is stored; any other under the same one is not.
  const stored = items.map((item) => !item.submission || claimed.delete(hex(item.submission.digest)));
  const repeated = items.flatMap((item, i) => (item.submission && !stored[i] ? [item.submission.digest] : []));
  const kept = new Map<string, Buffer>();
  for (let i = 0; i < repeated.length; i += CHUNK) {
    const rows = await db
      .selectFrom('report_submissions')
      .select(['digest', 'sealed_receipt'])
      .where('digest', 'in', repeated.slice(i, i + CHUNK))
      .where('received_at', '>=', receiptsKeptFrom)
      .where('sealed_receipt', 'is not', null)
      .execute();
    for (const row of rows) if (row.sealed_receipt) kept.set(hex(row.digest), Buffer.from(row.sealed_receipt));
  }
  const outcomes = items.map(
    (item, i): StoreOutcome =>
      stored[i] || !item.submission ? { kind: 'stored' } : { kind: 'duplicate', sealedReceipt: kept.get(hex(item.submission.digest)) },
  );
  const toStore = items.filter((_, i) => stored[i]).map((item) => item.rows);
  for (let i = 0; i < toStore.length; i += CHUNK) {
    const chunk = toStore.slice(i, i + CHUNK);
    await db
      .insertInto('reports')
      .values(chunk.map((r) => r.report))
      .execute();
    const urls = chunk.flatMap((r) => r.urls);
    for (let j = 0; j < urls.length; j += URL_CHUNK)
      await db
        .insertInto('report_urls')
        .values(urls.slice(j, j + URL_CHUNK))
        .execute();
    await db
      .insertInto('report_events')
      .values(chunk.flatMap((r) => r.events))
      .execute();
  }
  return outcomes;
}

/** Submission digests are needed only while a visitor may send the same form again. */
export function forgetSubmissionsBefore(db: Kysely<Database>, before: string) {
  return db.deleteFrom('report_submissions').where('received_at', '<', before).execute();
}

/** A receipt is given back only shortly after its report: later, its sealed copy goes too. */
export function clearSealedReceiptsBefore(db: Kysely<Database>, before: string) {
  return db.updateTable('report_submissions').set({ sealed_receipt: null }).where('received_at', '<', before).where('sealed_receipt', 'is not', null).execute();
}

/** Whether a report was received under this submission digest (a form sent again). */
export async function isSubmissionReceived(db: Kysely<Database>, digest: Buffer): Promise<boolean> {
  return (await db.selectFrom('report_submissions').select('digest').where('digest', '=', digest).executeTakeFirst()) !== undefined;
}
