// Queries for reports: intake writes sealed reports, tracking reads their status, casework will
// read and update them. The handle comes first, so callers compose them in one transaction.
import type { Kysely } from 'kysely';
import type { Database, ReportEventTable, ReportTable, ReportUrlTable } from '../db/schema.ts';

export type SealedReportRows = { report: ReportTable; urls: ReportUrlTable[]; events: ReportEventTable[] };

/** A report to store, with the keyed digest of its form submission when it came with one. */
export type ReportToStore = { rows: SealedReportRows; submission?: Buffer | undefined };
/** 'duplicate': the same report was already received under the same submission token. */
export type StoreOutcome = 'stored' | 'duplicate';

// SQLite allows 32,766 bound values per statement; 500 reports × 10 columns stays far below.
const CHUNK = 500;
const URL_CHUNK = 5000;

/**
 * Stores reports in the caller's transaction. A report whose submission digest is already there
 * (received before, on any instance) is left out and answered 'duplicate': the digest and the
 * report commit together, so a report is never filed twice, nor a digest kept for a lost report.
 */
/** `receivedHour`: the hour, as the report's own row keeps it, and no finer. */
export async function insertReports(db: Kysely<Database>, items: ReportToStore[], receivedHour: string): Promise<StoreOutcome[]> {
  const digests = items.flatMap((item) => (item.submission ? [item.submission] : []));
  const claimed = new Set<string>();
  if (digests.length) {
    const rows = await db
      .insertInto('report_submissions')
      .values(digests.map((digest) => ({ digest, received_at: receivedHour })))
      .onConflict((oc) => oc.column('digest').doNothing())
      .returning('digest')
      .execute();
    for (const row of rows) claimed.add(Buffer.from(row.digest).toString('hex'));
  }
  // The first report under a newly claimed digest is stored; any other under the same one is not.
  const outcomes = items.map((item): StoreOutcome => (!item.submission || claimed.delete(item.submission.toString('hex')) ? 'stored' : 'duplicate'));
  const stored = items.filter((_, i) => outcomes[i] === 'stored').map((item) => item.rows);
  for (let i = 0; i < stored.length; i += CHUNK) {
    const chunk = stored.slice(i, i + CHUNK);
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

export function findReportByReceiptHash(db: Kysely<Database>, receiptHash: Buffer) {
  return db.selectFrom('reports').select(['id', 'channel_id', 'workflow_status']).where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

export function listReportEvents(db: Kysely<Database>, reportId: string) {
  return db.selectFrom('report_events').select(['seq', 'type', 'at']).where('report_id', '=', reportId).orderBy('seq').execute();
}
