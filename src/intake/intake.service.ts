// Intake: a validated report is sealed for its recipient organisation, committed durably, and
// only then answered with a receipt. Nothing the reporter typed reaches the database in clear;
// the clear columns are the ones workflow and statistics need.
import crypto, { randomUUID } from 'node:crypto';
import type { Channel } from '../content/content.schema.ts';
import type { Sealer } from '../crypto/sealer.ts';
import type { Store } from '../db/database.ts';
import { createGroupCommit, type GroupCommit } from '../db/group-commit.ts';
import { createSqliteWriter } from '../db/sqlite-writer.ts';
import { type FieldError, normaliseUrl, type RawFields, type ValidReport, validateReport } from './report-fields.ts';
import { insertReports, reportWriteOps, type SealedReportRows } from './report.store.ts';
import { createSubmissions } from './submissions.ts';

export class ChannelNotFound extends Error {
  override name = 'ChannelNotFound';
}

export class InvalidReport extends Error {
  override name = 'InvalidReport';
  constructor(readonly errors: FieldError[]) {
    super('the report has invalid fields');
  }
}

/**
 * The report was valid but is not stored, so no receipt is given: too many reports were already
 * being sealed and saved ('busy'), or sealing or saving failed ('failed', the error as `cause`).
 * The visitor is asked to send it again; everything they typed goes back to them.
 */
export class IntakeUnavailable extends Error {
  override name = 'IntakeUnavailable';
  constructor(
    readonly reason: 'busy' | 'failed',
    options?: { cause: unknown },
  ) {
    super(reason === 'busy' ? 'too many reports are being stored at once' : 'the report could not be sealed or stored', options);
  }
}

export type IntakeDeps = {
  store: Store;
  /** Seals with the server secret's receipt and URL keys (createSealer). */
  sealer: Sealer;
  channel(id: string): Channel | undefined;
  /** Public keys of the recipient organisations, by organisation id. */
  organisationKeys: Map<string, Buffer>;
  /** Reports being sealed and committed at once, at most; the next is refused as 'busy'. */
  maxPending?: number;
};

export type Intake = {
  /**
   * Throws ChannelNotFound, InvalidReport (nothing stored), IntakeUnavailable, or AlreadyReceived
   * when the same report was already received under the same `submission` token (a form's).
   */
  submit(channelId: string, fields: RawFields, options?: { submission?: string | undefined }): Promise<{ receipt: string }>;
  /** Waits for queued commits, then lets the writer go (shutdown). */
  drain(): Promise<void>;
};

/** The hour a report arrived, and no finer: an exact time can single out a reporter. */
export function coarseHour(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00Z`;
}

/**
 * How sealed rows reach the database. SQLite: requests share commits (group-commit.ts), made by
 * a writer thread so the fsyncs never stall the event loop (sqlite-writer.ts). PostgreSQL: each
 * request commits its own transaction; the server groups concurrent WAL flushes itself.
 */
function reportWriter(store: Store): GroupCommit<SealedReportRows> & { close(): Promise<void> } {
  if (store.engine === 'sqlite' && store.file) {
    const thread = createSqliteWriter(store.file);
    const group = createGroupCommit((rows: SealedReportRows[]) => thread.write(reportWriteOps(rows)));
    return { ...group, close: () => thread.close() };
  }
  const write = (rows: SealedReportRows[]) => store.db.transaction().execute((trx) => insertReports(trx, rows));
  if (store.engine === 'sqlite') return { ...createGroupCommit(write), close: async () => {} };
  return { submit: (r) => write([r]), drain: async () => {}, close: async () => {} };
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

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// crypto.hash, one call instead of a Hash object, is in Node from 20.12 and 21.7.
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'buffer') : (text) => crypto.createHash('sha256').update(text).digest();

export function createIntake(deps: IntakeDeps): Intake {
  const writer = reportWriter(deps.store);
  const newId = reportIds();
  // Each key in a buffer of its own: a job then carries 32 bytes to the seal worker, not the
  // 8 KiB pool a small Buffer usually lives in (and the same key object once per batch).
  const recipientKeys = new Map([...deps.organisationKeys].map(([id, key]) => [id, new Uint8Array(key)]));
  // Without a bound, a stalled disk or database would hold every report that arrives meanwhile
  // (and its visitor's wait) in memory until the process falls over, taking them all with it.
  const maxPending = deps.maxPending ?? Number.POSITIVE_INFINITY;
  let pending = 0;
  const submissions = createSubmissions();

  /** Seals the report, commits it durably, and only then gives its receipt. */
  async function sealAndCommit(channelId: string, recipient: string, report: ValidReport, body: string, recipientKey: Uint8Array): Promise<string> {
    const urls = [...new Set(report.urls.map(normaliseUrl))];
    const sealed = await deps.sealer.seal({ recipientPublicKey: recipientKey, body, urls });

    const id = newId();
    const hour = coarseHour(new Date());
    const eventHash = sha256(JSON.stringify([id, 1, 'received', 'reporter', hour]));
    await writer.submit({
      report: {
        id,
        channel_id: channelId,
        organisation_id: recipient,
        category: report.category,
        country: report.country,
        received_hour: hour,
        workflow_status: 'new',
        // Views, not copies: the bytes came from the seal worker and go on to the writer as they are.
        receipt_hash: asBuffer(sealed.receiptHash),
        reporter_public_key: asBuffer(sealed.reporterPublicKey),
        sealed_body: asBuffer(sealed.sealedBody),
      },
      urls: sealed.urlHashes.map((hash) => ({ report_id: id, url_hash: asBuffer(hash), hosting_country: null, asn: null })),
      events: [{ report_id: id, seq: 1, type: 'received', actor: 'reporter', at: hour, sealed_payload: null, previous_hash: null, hash: eventHash }],
    });
    return sealed.receipt;
  }

  /** Seals and commits one report, within the bound on reports in progress. */
  async function receive(channelId: string, recipient: string, report: ValidReport, body: string, recipientKey: Uint8Array): Promise<{ receipt: string }> {
    if (pending >= maxPending) throw new IntakeUnavailable('busy');
    pending++;
    try {
      return { receipt: await sealAndCommit(channelId, recipient, report, body, recipientKey) };
    } catch (error) {
      throw new IntakeUnavailable('failed', { cause: error });
    } finally {
      pending--;
    }
  }

  return {
    async submit(channelId, fields, options = {}) {
      const channel = deps.channel(channelId);
      if (channel?.kind !== 'hosted' || !channel.recipient) throw new ChannelNotFound(channelId);
      const recipientKey = recipientKeys.get(channel.recipient);
      if (!recipientKey) throw new ChannelNotFound(channelId);

      const checked = validateReport(channel, fields);
      if ('errors' in checked) throw new InvalidReport(checked.errors);
      const body = JSON.stringify({ v: 1, channel: channel.id, fields: checked.report.sealed });
      const { id, recipient } = channel;
      if (!options.submission) return receive(id, recipient, checked.report, body, recipientKey);
      return submissions.once(options.submission, body, () => receive(id, recipient, checked.report, body, recipientKey));
    },
    async drain() {
      await writer.drain();
      await writer.close();
    },
  };
}
