// Intake: a validated report is sealed for its recipient organisation, committed durably, and
// only then answered with a receipt. Nothing the reporter typed reaches the database in clear;
// the clear columns are the ones workflow and statistics need.
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Channel } from '../content/content.schema.ts';
import { newReceipt, receiptLookupHash } from '../crypto/receipt.ts';
import type { Sealer } from '../crypto/sealer.ts';
import { keyedHash, type ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { createGroupCommit } from '../db/group-commit.ts';
import { type FieldError, normaliseUrl, type RawFields, validateReport } from './report-fields.ts';
import { insertReports, type SealedReportRows } from './report.store.ts';

export class ChannelNotFound extends Error {
  override name = 'ChannelNotFound';
}

export class InvalidReport extends Error {
  override name = 'InvalidReport';
  constructor(readonly errors: FieldError[]) {
    super('the report has invalid fields');
  }
}

export type IntakeDeps = {
  store: Store;
  keys: ServerKeys;
  sealer: Sealer;
  channel(id: string): Channel | undefined;
  /** Public keys of the recipient organisations, by organisation id. */
  organisationKeys: Map<string, Buffer>;
};

export type Intake = {
  submit(channelId: string, fields: RawFields): Promise<{ receipt: string }>;
  /** Waits for queued commits (shutdown). */
  drain(): Promise<void>;
};

/** The hour a report arrived, and no finer: an exact time can single out a reporter. */
export function coarseHour(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00Z`;
}

export function createIntake(deps: IntakeDeps): Intake {
  const { store } = deps;
  const writeBatch = (rows: SealedReportRows[]) => store.db.transaction().execute((trx) => insertReports(trx, rows));
  // SQLite: share commits across requests (see group-commit.ts). PostgreSQL: each request
  // commits its own transaction; the server groups concurrent WAL flushes itself.
  const writer = store.engine === 'sqlite' ? createGroupCommit(writeBatch) : { submit: (r: SealedReportRows) => writeBatch([r]), drain: async () => {} };

  return {
    async submit(channelId, fields) {
      const channel = deps.channel(channelId);
      if (!channel || channel.kind !== 'hosted' || !channel.recipient) throw new ChannelNotFound(channelId);
      const recipientKey = deps.organisationKeys.get(channel.recipient);
      if (!recipientKey) throw new ChannelNotFound(channelId);

      const checked = validateReport(channel, fields);
      if ('errors' in checked) throw new InvalidReport(checked.errors);
      const { report } = checked;

      const receipt = newReceipt();
      const body = Buffer.from(JSON.stringify({ v: 1, channel: channel.id, fields: report.sealed }));
      const { sealedBody, reporterPublicKey } = await deps.sealer.seal({ recipientPublicKey: recipientKey, body, receipt });

      const id = randomUUID();
      const hour = coarseHour(new Date());
      const eventHash = createHash('sha256').update(JSON.stringify([id, 1, 'received', 'reporter', hour])).digest();
      await writer.submit({
        report: {
          id,
          channel_id: channel.id,
          organisation_id: channel.recipient,
          category: report.category,
          country: report.country,
          received_hour: hour,
          workflow_status: 'new',
          receipt_hash: receiptLookupHash(deps.keys.receipt, receipt),
          reporter_public_key: Buffer.from(reporterPublicKey),
          sealed_body: Buffer.from(sealedBody),
        },
        urls: [...new Set(report.urls.map(normaliseUrl))].map((u) => ({
          report_id: id,
          url_hash: keyedHash(deps.keys.url, u),
          hosting_country: null,
          asn: null,
        })),
        events: [{ report_id: id, seq: 1, type: 'received', actor: 'reporter', at: hour, sealed_payload: null, previous_hash: null, hash: eventHash }],
      });
      return { receipt };
    },
    drain: () => writer.drain(),
  };
}
