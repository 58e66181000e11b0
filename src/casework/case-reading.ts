// Opening a report: the only moment it is unsealed. Everything is opened in memory for the
// request that asked, with the session's organisation key, and handed to the page; nothing
// opened is cached, logged or written. Every opening is an audit entry, committed before the
// report is shown.
import { audited } from '../audit/audit.ts';
import { type KeyPair, openSealed } from '../crypto/box.ts';
import { keyedHash } from '../crypto/secrets.ts';
import type { CaseDecisionTable } from '../db/schema.ts';
import { normaliseUrl } from '../intake/report-fields.ts';
import { organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import type { EventType } from '../reports/report-status.ts';
import type { Session } from '../sessions/sessions.ts';
import { type CaseRow, findCase, findSameAddresses, listCaseworkers, listDecisions, listEvents, listUrls } from './case.store.ts';
import { type CaseDeps, organisationKeyOf } from './case-step.ts';
import { defang } from './defang.ts';
import type { Deadline } from './schemes.ts';

/** A field as the reporter gave it: text, the list of addresses, or a declaration ticked. */
export type ReportFields = Record<string, string | string[] | boolean>;

export type EarlierReport = { id: string; receivedHour: string; status: string; classification: string | null };

export type OpenedAddress = {
  /** As the reporter typed it (normalised), for copying. */
  url: string;
  defanged: string;
  /** The hex of its keyed hash: the item a per-address decision names. */
  item: string;
  classification: string | null;
  fields: Record<string, string> | null;
  /** Other reports of the same address to this organisation, newest first. */
  sameAddress: EarlierReport[];
};

export type HistoryEntry = {
  seq: number;
  type: EventType;
  actor: string;
  at: string;
  detail: string | null;
  /** A note, message or answer, opened. */
  text?: string;
};

export type OpenedCase = {
  report: Omit<CaseRow, 'sealed_body' | 'reporter_public_key'>;
  fields: ReportFields;
  addresses: OpenedAddress[];
  history: HistoryEntry[];
  decisions: CaseDecisionTable[];
  deadline: Deadline | undefined;
  /** Who may hold it: for hand-over. */
  caseworkers: { id: string; login: string; role: string }[];
  /** Logins by `account:<id>`, for the history. */
  names: Map<string, string>;
};

/** A sealed note, message or answer: JSON `{ text }` sealed to the organisation. */
export function openText(sealed: Buffer, key: KeyPair): string {
  const opened = openSealed(sealed, key);
  try {
    return String((JSON.parse(opened.toString('utf8')) as { text?: unknown }).text ?? '');
  } finally {
    opened.fill(0);
  }
}

/** The report's fields, unsealed (intake sealed `{ v, channel, fields }`, padded with spaces). */
export function openFields(sealedBody: Buffer, key: KeyPair): ReportFields {
  const opened = openSealed(sealedBody, key);
  try {
    const body = JSON.parse(opened.toString('utf8')) as { fields?: ReportFields };
    return body.fields ?? {};
  } finally {
    opened.fill(0);
  }
}

const TEXT_EVENTS: ReadonlySet<string> = new Set(['note', 'message', 'reply']);

/** A note's, message's or answer's text, opened; undefined for events that carry none. */
export function eventText(e: { type: string; sealed_payload: Buffer | null }, key: KeyPair): string | undefined {
  return TEXT_EVENTS.has(e.type) && e.sealed_payload ? openText(Buffer.from(e.sealed_payload), key) : undefined;
}

/** An address as the report gave it and as casework knows it: its keyed hash, the decision in effect. */
export type AddressInEffect = {
  /** As typed. */
  given: string;
  /** Normalised, as intake hashed it. */
  url: string;
  hash: Buffer;
  /** The hex of its keyed hash: the item a per-address decision names. */
  item: string;
  defanged: string;
  classification: string | null;
  fields: Record<string, string> | null;
};

/** The report's addresses in the order the reporter gave them, each once, matched to their rows. */
export function addressesOf(
  fields: ReportFields,
  rows: { url_hash: Buffer; classification: string | null; fields: string | null }[],
  urlKey: Uint8Array,
): AddressInEffect[] {
  const seen = new Set<string>();
  const out: AddressInEffect[] = [];
  for (const given of Array.isArray(fields.urls) ? fields.urls : []) {
    const url = asHashed(given);
    const hash = keyedHash(urlKey, url);
    const item = hash.toString('hex');
    if (seen.has(item)) continue;
    seen.add(item);
    const row = rows.find((r) => Buffer.from(r.url_hash).equals(hash));
    out.push({
      given,
      url,
      hash,
      item,
      defanged: defang(url),
      classification: row?.classification ?? null,
      fields: row?.fields ? (JSON.parse(row.fields) as Record<string, string>) : null,
    });
  }
  return out;
}

export async function openCase(deps: CaseDeps, session: Session, reportId: string): Promise<OpenedCase> {
  const organisation = organisationOf(session, 'case.read');
  const key = organisationKeyOf(session);
  const actor = `account:${session.account.id}`;
  const rows = await audited(deps.store, deps.keys, { actor, action: 'report.opened', subject: `report:${reportId}`, organisation }, async (trx) => {
    const report = await findCase(trx, organisation, reportId);
    if (!report) throw new NotFound('case.read');
    const [events, urls, decisions, caseworkers] = [
      await listEvents(trx, reportId),
      await listUrls(trx, reportId),
      await listDecisions(trx, reportId),
      await listCaseworkers(trx, organisation),
    ];
    return { report, events, urls, decisions, caseworkers };
  });
  const { sealed_body, reporter_public_key: _, ...report } = rows.report;
  const fields = openFields(Buffer.from(sealed_body), key);

  const inEffect = addressesOf(fields, rows.urls, deps.keys.url);
  const same = await findSameAddresses(
    deps.store.db,
    organisation,
    reportId,
    inEffect.map((a) => a.hash),
  );
  const addresses = inEffect.map(
    ({ given: _, hash, ...address }): OpenedAddress => ({
      ...address,
      sameAddress: same
        .filter((s) => Buffer.from(s.url_hash).equals(hash))
        .map((s) => ({ id: s.id, receivedHour: s.received_hour, status: s.workflow_status, classification: s.classification })),
    }),
  );
  const history = rows.events.map((e): HistoryEntry => {
    const entry: HistoryEntry = { seq: e.seq, type: e.type as EventType, actor: e.actor, at: e.at, detail: e.detail };
    const text = eventText(e, key);
    if (text !== undefined) entry.text = text;
    return entry;
  });
  const names = new Map(rows.caseworkers.map((c) => [`account:${c.id}`, c.login]));
  return {
    report,
    fields,
    addresses,
    history,
    decisions: rows.decisions,
    deadline: deps.schemes.deadline(report, deps.now()),
    caseworkers: rows.caseworkers.map(({ id, login, role }) => ({ id, login, role })),
    names,
  };
}

/** As intake hashed it (intake accepts only addresses that normalise; any other stays as typed). */
function asHashed(url: string): string {
  try {
    return normaliseUrl(url);
  } catch {
    return url;
  }
}
