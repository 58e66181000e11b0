// Tracking: a reporter's receipt leads to the status history of their report and to the messages
// between them and the organisation, and to nothing else; with it they answer. Every wrong number
// gets the same answer, whatever made it wrong.
import { sql } from 'kysely';
import { audited } from '../audit/audit.ts';
import { appendEvents, listEvents, lockCase } from '../casework/case.store.ts';
import { openText } from '../casework/case-reading.ts';
import { checkText } from '../casework/case-text.ts';
import { CaseRefused } from '../casework/casework.errors.ts';
import { seal } from '../crypto/box.ts';
import { parseReceipt, receiptLookupHash, reporterKeyPair } from '../crypto/receipt.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { coarseHour } from '../intake/prepare-report.ts';
import { type ReporterStatus, reporterStatusOf } from '../reports/report-status.ts';

export class ReceiptNotFound extends Error {
  override name = 'ReceiptNotFound';
  readonly kind = 'not-found';
  readonly code = 'not-found';
  readonly field = 'receipt';
}

/** An answer the service would not store: empty, or longer than the limit. Nothing was written. */
export class AnswerRefused extends Error {
  override name = 'AnswerRefused';
  readonly kind = 'invalid';
  readonly field = 'answer';
  constructor(readonly code: 'text-empty' | 'text-too-long' | 'report-closed') {
    super(code);
  }
}

export type StatusEntry = { status: ReporterStatus; at: string };
export type Message = { from: 'organisation' | 'reporter'; at: string; text: string };
/** `open`: the report is not closed, so the reporter may still answer. */
export type StatusHistory = { channel: string; history: StatusEntry[]; messages: Message[]; open: boolean };

const FROM: Readonly<Record<string, Message['from']>> = { message: 'organisation', reply: 'reporter' };

async function findByReceipt(store: Store, keys: Pick<ServerKeys, 'receipt'>, input: string) {
  const receipt = parseReceipt(input);
  if (!receipt) throw new ReceiptNotFound();
  const report = await store.db
    .selectFrom('reports as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.id', 'r.channel_id', 'r.organisation_id', 'r.workflow_status', 'r.reporter_public_key', 'o.public_key as organisation_key'])
    .where('r.receipt_hash', '=', receiptLookupHash(keys.receipt, receipt))
    .executeTakeFirst();
  if (!report) throw new ReceiptNotFound();
  return { receipt, report };
}

export async function lookUpStatus(store: Store, keys: Pick<ServerKeys, 'receipt'>, input: string): Promise<StatusHistory> {
  const { receipt, report } = await findByReceipt(store, keys, input);
  const events = await listEvents(store.db, report.id);
  const history: StatusEntry[] = [];
  const messages: Message[] = [];
  // Derived from the receipt, which the server never keeps: only this request, which has the
  // number, can open the reporter's copies. The private key is wiped once they are open.
  const reporterKeys = reporterKeyPair(receipt);
  try {
    for (const e of events) {
      const status = reporterStatusOf(e);
      if (status) history.push({ status, at: e.at });
      const from = FROM[e.type];
      if (from && e.reporter_payload) messages.push({ from, at: e.at, text: openText(Buffer.from(e.reporter_payload), reporterKeys) });
    }
  } finally {
    reporterKeys.privateKey.fill(0);
  }
  return { channel: report.channel_id, history, messages, open: report.workflow_status !== 'closed' };
}

/**
 * The reporter's answer, sealed twice (to the organisation, which reads it in the case, and to
 * the reporter's key, so the status page shows it back) and appended to the report's history in
 * one audited transaction. Its time, in the history and in the audit log, is the hour only: an
 * exact time could be matched against other traces of the reporter.
 */
export async function answerOrganisation(
  store: Store,
  keys: Pick<ServerKeys, 'receipt' | 'audit'>,
  input: string,
  answer: unknown,
  now = Date.now(),
): Promise<void> {
  const { report } = await findByReceipt(store, keys, input);
  // Closed, it may be purged any day, unread: better said now, with the text given back, than lost.
  if (report.workflow_status === 'closed') throw new AnswerRefused('report-closed');
  let text: string;
  try {
    text = checkText(answer, 'answer');
  } catch (error) {
    if (error instanceof CaseRefused && (error.code === 'text-empty' || error.code === 'text-too-long')) throw new AnswerRefused(error.code);
    throw error;
  }
  const clear = Buffer.from(JSON.stringify({ text }));
  const sealed = seal(clear, Buffer.from(report.organisation_key));
  const forReporter = seal(clear, Buffer.from(report.reporter_public_key));
  clear.fill(0);
  const at = coarseHour(new Date(now));
  await audited(
    store,
    keys,
    { actor: 'reporter', action: 'report.answered', subject: `report:${report.id}`, organisation: report.organisation_id, at },
    async (trx) => {
      // Purged since the look-up: the same answer as any wrong number.
      const locked = await lockCase(trx, store.engine, report.organisation_id, report.id);
      if (!locked) throw new ReceiptNotFound();
      // Closed since the look-up above: refused all the same, under the lock.
      if (locked.workflow_status === 'closed') throw new AnswerRefused('report-closed');
      await appendEvents(trx, report.id, [{ type: 'reply', actor: 'reporter', sealed, forReporter }], at);
      // Bit 2: the members' next notice mail says a reporter answered (no content in it).
      await trx.updateTable('reports').set({ notice_pending: sql<number>`notice_pending | 2` }).where('id', '=', report.id).execute();
    },
  );
}
