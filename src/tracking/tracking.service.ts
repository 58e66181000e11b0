// Tracking: a reporter's receipt leads to the status history of their report, and to nothing
// else. Every wrong number gets the same answer, whatever made it wrong.
import { parseReceipt, receiptLookupHash } from '../crypto/receipt.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { findReportByReceiptHash, listReportEvents } from '../reports/report.store.ts';
import { type ReporterStatus, reporterStatusOf } from '../reports/report-status.ts';

export class ReceiptNotFound extends Error {
  override name = 'ReceiptNotFound';
  readonly kind = 'not-found';
  readonly code = 'not-found';
  readonly field = 'receipt';
}

export type StatusEntry = { status: ReporterStatus; at: string };
export type StatusHistory = { channel: string; history: StatusEntry[] };

export async function lookUpStatus(store: Store, keys: ServerKeys, input: string): Promise<StatusHistory> {
  const receipt = parseReceipt(input);
  if (!receipt) throw new ReceiptNotFound();
  const report = await findReportByReceiptHash(store.db, receiptLookupHash(keys.receipt, receipt));
  if (!report) throw new ReceiptNotFound();
  const events = await listReportEvents(store.db, report.id);
  const history: StatusEntry[] = [];
  for (const e of events) {
    const status = reporterStatusOf(e);
    if (status) history.push({ status, at: e.at });
  }
  return { channel: report.channel_id, history };
}
