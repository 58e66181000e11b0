// Writes sealed reports. On PostgreSQL, rows for many reports go in one Kysely statement per
// table. On SQLite a sealing thread hands rows to the writer thread as plain statements
// (reportWriteOps): building and compiling a query per batch cost more than the inserts.
import type { Kysely } from 'kysely';
import type { WriteOp } from '../db/sqlite-writer.ts';
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

type Missing<Row, C extends readonly unknown[]> = Exclude<keyof Row, C[number]>;

/** One INSERT per row naming every column of the table: leaving one out fails to type-check. */
function insert<Row>(table: keyof Database) {
  return <const C extends readonly (keyof Row & string)[]>(columns: C & (Missing<Row, C> extends never ? unknown : { missing: Missing<Row, C> })) => ({
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    values: (row: Row): unknown[] => columns.map((c) => row[c]),
  });
}

const reports = insert<ReportTable>('reports')([
  'id',
  'channel_id',
  'organisation_id',
  'category',
  'country',
  'received_hour',
  'workflow_status',
  'receipt_hash',
  'reporter_public_key',
  'sealed_body',
]);
const reportUrls = insert<ReportUrlTable>('report_urls')(['report_id', 'url_hash', 'hosting_country', 'asn']);
const reportEvents = insert<ReportEventTable>('report_events')(['report_id', 'seq', 'type', 'actor', 'at', 'sealed_payload', 'previous_hash', 'hash']);

/** The same rows as insertReports, as statements for the SQLite writer thread (one transaction). */
export function reportWriteOps(rows: SealedReportRows[]): WriteOp[] {
  return [
    { sql: reports.sql, rows: rows.map((r) => reports.values(r.report)) },
    { sql: reportUrls.sql, rows: rows.flatMap((r) => r.urls.map(reportUrls.values)) },
    { sql: reportEvents.sql, rows: rows.flatMap((r) => r.events.map(reportEvents.values)) },
  ];
}

export function findReportByReceiptHash(db: Kysely<Database>, receiptHash: Buffer) {
  return db.selectFrom('reports').select(['id', 'channel_id', 'workflow_status']).where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

export function listReportEvents(db: Kysely<Database>, reportId: string) {
  return db.selectFrom('report_events').select(['seq', 'type', 'at']).where('report_id', '=', reportId).orderBy('seq').execute();
}
