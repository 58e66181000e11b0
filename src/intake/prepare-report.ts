// A valid report made ready to store: sealed for its recipient under a new receipt, and laid out
// as the rows of reports, report_urls and report_events. The same in a sealing thread or in the
// main thread. Nothing the reporter typed is in a row in clear.
import crypto, { randomUUID } from 'node:crypto';
import { type SealKeys, sealReport } from '../crypto/seal-job.ts';
import type { SealedReportRows } from '../reports/report.store.ts';

/** What intake hands over for one valid report: the clear metadata the workflow needs, and the
 *  rest as the JSON text to seal. */
export type ReportJob = {
  channelId: string;
  organisationId: string;
  recipientPublicKey: Uint8Array;
  category: string;
  country: string | null;
  /** Normalised, each once: their keyed hashes are kept for duplicate detection. */
  urls: string[];
  body: string;
};

/** The hour a report arrived, and no finer: an exact time can single out a reporter. */
export function coarseHour(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00Z`;
}

/**
 * Report ids: random UUIDs, except that reports arriving one after another share their first
 * eight hex digits, drawn at random for each block of them. Fully random keys land anywhere in
 * the id indexes (reports, report_urls, report_events), so each report of a group commit
 * rewrites its own index pages and the commit writes and fsyncs several times more bytes; with
 * a shared prefix a whole commit touches a few pages. Ids stay unguessable (90 random bits each)
 * and carry no time or count.
 */
export function reportIds(block = 256): () => string {
  let prefix = '';
  let left = 0;
  return () => {
    if (left-- === 0) {
      prefix = randomUUID().slice(0, 8);
      left = block - 1;
    }
    return `${prefix}${randomUUID().slice(8)}`;
  };
}

// crypto.hash, one call instead of a Hash object, is in Node from 20.12 and 21.7.
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'buffer') : (text) => crypto.createHash('sha256').update(text).digest();

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A sealed report: the receipt to give the visitor once the rows are committed. */
export type PreparedReport = { receipt: string; rows: SealedReportRows };

export function prepareReport(job: ReportJob, keys: SealKeys, newId: () => string): PreparedReport {
  const sealed = sealReport({ recipientPublicKey: job.recipientPublicKey, body: job.body, urls: job.urls }, keys);
  const id = newId();
  const hour = coarseHour(new Date());
  return {
    receipt: sealed.receipt,
    rows: {
      report: {
        id,
        channel_id: job.channelId,
        organisation_id: job.organisationId,
        category: job.category,
        country: job.country,
        received_hour: hour,
        workflow_status: 'new',
        receipt_hash: asBuffer(sealed.receiptHash),
        reporter_public_key: asBuffer(sealed.reporterPublicKey),
        sealed_body: asBuffer(sealed.sealedBody),
        // The members' next notice mail counts it (casework/notices.ts).
        notice_pending: 1,
      },
      urls: sealed.urlHashes.map((hash) => ({ report_id: id, url_hash: asBuffer(hash), hosting_country: null, asn: null })),
      events: [
        {
          report_id: id,
          seq: 1,
          type: 'received',
          actor: 'reporter',
          at: hour,
          sealed_payload: null,
          previous_hash: null,
          hash: sha256(JSON.stringify([id, 1, 'received', 'reporter', hour])),
        },
      ],
    },
  };
}
