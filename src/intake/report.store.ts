// Writes sealed reports. Rows for many reports go in one statement per table, so a group commit
// of hundreds of reports is three statements and one fsync.
import type { Kysely } from 'kysely';
import type { Database, ReportEventTable, ReportTable, ReportUrlTable } from '../db/schema.ts';

export type SealedReportRows = { report: ReportTable; urls: ReportUrlTable[]; events: ReportEventTable[] };

// SQLite allows 32,766 bound values per statement; 500 reports × 10 columns stays far below.
const CHUNK = 500;
const URL_CHUNK = 5000;

export async function insertReports(db: Kysely<Database>, rows: SealedReportRows[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db.insertInto('reports').values(chunk.map((r) => r.report)).execute();
    const urls = chunk.flatMap((r) => r.urls);
    for (let j = 0; j < urls.length; j += URL_CHUNK) await db.insertInto('report_urls').values(urls.slice(j, j + URL_CHUNK)).execute();
    await db.insertInto('report_events').values(chunk.flatMap((r) => r.events)).execute();
  }
}

export function findReportByReceiptHash(db: Kysely<Database>, receiptHash: Buffer) {
  return db.selectFrom('reports').select(['id', 'channel_id', 'workflow_status']).where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

export function listReportEvents(db: Kysely<Database>, reportId: string) {
  return db.selectFrom('report_events').select(['seq', 'type', 'at']).where('report_id', '=', reportId).orderBy('seq').execute();
}
