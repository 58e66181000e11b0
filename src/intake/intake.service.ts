// Intake: a validated report is sealed for its recipient organisation, committed durably, and
// only then answered with a receipt. Nothing the reporter typed reaches the database in clear;
// the clear columns are the ones workflow and statistics need.
import type { Channel } from '../content/content.schema.ts';
import { AlreadyReceived, ChannelNotFound, IntakeUnavailable, InvalidReport } from './intake.errors.ts';
import type { ReportJob } from './prepare-report.ts';
import { FIELD_NAMES, normaliseUrl, type RawFields, type ValidReport, validateReport } from './report-fields.ts';
import type { ReportPipeline } from './report-pipeline.ts';
import { createInFlight, type Submission, submissionFor } from './submissions.ts';

export type IntakeDeps = {
  /** Seals and stores a valid report (report-pipeline.ts). */
  pipeline: ReportPipeline;
  channel(id: string): Channel | undefined;
  /** Public keys of the recipient organisations, by organisation id. */
  organisationKeys: Map<string, Buffer>;
  /** Reports being sealed and committed at once, at most; the next is refused as 'busy'. */
  maxPending?: number;
};

export type Intake = {
  /**
   * Throws ChannelNotFound, InvalidReport (nothing stored), IntakeUnavailable, or AlreadyReceived
   * when the same report was already received under the same `submission` token (a form's) and
   * its receipt is no longer kept; while it is, that receipt is the answer.
   * `strict` (the API): a field the channel does not take is refused by name, so that a platform
   * that misspells one learns it, rather than have that part of the report silently left out.
   */
  submit(channelId: string, fields: RawFields, options?: { submission?: string | undefined; strict?: boolean }): Promise<{ receipt: string }>;
  /**
   * Whether `submit` with the same arguments would file a new report: not when the report is
   * invalid (it comes back to be corrected) nor when the same form was already received (its
   * receipt is shown again). Only a report that would be filed counts against a client's limit.
   */
  wouldFile(channelId: string, fields: RawFields, options?: { submission?: string | undefined; strict?: boolean }): Promise<boolean>;
  /** Lets the reports in progress be stored, then stops the threads (shutdown). */
  drain(): Promise<void>;
};

function reportJob(channelId: string, organisationId: string, recipientPublicKey: Uint8Array, report: ValidReport, body: string): ReportJob {
  const urls = [...new Set(report.urls.map(normaliseUrl))];
  return { channelId, organisationId, recipientPublicKey, category: report.category, country: report.country, urls, body };
}

export function createIntake(deps: IntakeDeps): Intake {
  // Each key in a buffer of its own: a job then carries 32 bytes to the sealing thread, not the
  // 8 KiB pool a small Buffer usually lives in.
  const recipientKeys = new Map([...deps.organisationKeys].map(([id, key]) => [id, new Uint8Array(key)]));
  // Without a bound, a stalled disk or database would hold every report that arrives meanwhile
  // (and its visitor's wait) in memory until the process falls over, taking them all with it.
  const maxPending = deps.maxPending ?? Number.POSITIVE_INFINITY;
  let pending = 0;
  const once = createInFlight();

  /** Seals and commits one report, within the bound on reports in progress. */
  async function receive(job: ReportJob, submission?: Submission): Promise<{ receipt: string }> {
    if (pending >= maxPending) throw new IntakeUnavailable('busy');
    pending++;
    try {
      return { receipt: await deps.pipeline.store(job, submission) };
    } catch (error) {
      if (error instanceof AlreadyReceived) throw error;
      throw new IntakeUnavailable('failed', { cause: error });
    } finally {
      pending--;
    }
  }

  // A request asks `wouldFile` (its limit) and then `submit` with the same fields object: the
  // report is validated and laid out once.
  const prepared = new WeakMap<RawFields, { key: string; result: ReturnType<typeof prepareNow> }>();
  function prepare(channelId: string, fields: RawFields, options: { submission?: string | undefined; strict?: boolean }) {
    const key = `${channelId}\u0000${options.submission ?? ''}\u0000${options.strict ? 1 : 0}`;
    const known = prepared.get(fields);
    if (known?.key === key) return known.result;
    const result = prepareNow(channelId, fields, options);
    prepared.set(fields, { key, result });
    return result;
  }

  /** The report as it would be sealed, or the domain error that refuses it. */
  function prepareNow(channelId: string, fields: RawFields, options: { submission?: string | undefined; strict?: boolean }) {
    const channel = deps.channel(channelId);
    if (channel?.kind !== 'hosted' || !channel.recipient) throw new ChannelNotFound(channelId);
    const recipientKey = recipientKeys.get(channel.recipient);
    if (!recipientKey) throw new ChannelNotFound(channelId);

    if (options.strict) {
      const unknown = Object.keys(fields).filter((name) => !FIELD_NAMES[channel.form].has(name));
      if (unknown.length) throw new InvalidReport(unknown.slice(0, 20).map((name) => ({ field: name.slice(0, 100), code: 'unknown-field' })));
    }
    const checked = validateReport(channel, fields);
    if ('errors' in checked) throw new InvalidReport(checked.errors);
    const body = JSON.stringify({ v: 1, channel: channel.id, fields: checked.report.sealed });
    const job = reportJob(channel.id, channel.recipient, recipientKey, checked.report, body);
    return { job, submission: options.submission ? submissionFor(options.submission, body) : undefined };
  }

  return {
    async submit(channelId, fields, options = {}) {
      const { job, submission } = prepare(channelId, fields, options);
      if (!submission) return receive(job);
      return once(submission.digest, () => receive(job, submission));
    },
    async wouldFile(channelId, fields, options = {}) {
      let prepared: ReturnType<typeof prepare>;
      try {
        prepared = prepare(channelId, fields, options);
      } catch {
        return false;
      }
      return !prepared.submission || !(await deps.pipeline.received(prepared.submission));
    },
    drain: () => deps.pipeline.close(),
  };
}
