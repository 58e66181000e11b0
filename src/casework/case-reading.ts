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

  // The addresses in the order the reporter gave them, each once, as intake hashed them.
  const typed = Array.isArray(fields.urls) ? fields.urls : [];
  const normalised = [...new Set(typed.map((u) => safeNormalise(u)))];
  const hashes = normalised.map((u) => keyedHash(deps.keys.url, u));
  const same = await findSameAddresses(deps.store.db, organisation, reportId, hashes);
  const addresses = normalised.map((url, i): OpenedAddress => {
    const hash = hashes[i] as Buffer;
    const row = rows.urls.find((r) => Buffer.from(r.url_hash).equals(hash));
    return {
      url,
      defanged: defang(url),
      item: hash.toString('hex'),
      classification: row?.classification ?? null,
      fields: row?.fields ? (JSON.parse(row.fields) as Record<string, string>) : null,
      sameAddress: same
        .filter((s) => Buffer.from(s.url_hash).equals(hash))
        .map((s) => ({ id: s.id, receivedHour: s.received_hour, status: s.workflow_status, classification: s.classification })),
    };
  });

  const history = rows.events.map((e): HistoryEntry => {
    const entry: HistoryEntry = { seq: e.seq, type: e.type as EventType, actor: e.actor, at: e.at, detail: e.detail };
    if (TEXT_EVENTS.has(e.type) && e.sealed_payload) entry.text = openText(Buffer.from(e.sealed_payload), key);
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

function safeNormalise(url: string): string {
  try {
    return normaliseUrl(url);
  } catch {
    return url;
  }
}
