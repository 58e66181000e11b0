// Exporting one report for a prosecutor: the report opened in memory, written out as a document,
// recorded (an audit entry naming the document's digest, and an entry in the report's history) in
// one transaction, then signed with the organisation's Ed25519 key together with the seq and hash
// of that audit entry. Only a member whose session holds the organisation key can sign. Every
// export is checked before it is handed out, so a bug cannot give a prosecutor a bad one.
import { auditedWithEntries } from '../../audit/audit.ts';
import type { KeyPair } from '../../crypto/box.ts';
import { organisationSigningKeys, signStatement } from '../../crypto/signing.ts';
import { organisationOf } from '../../office/authorize.ts';
import { NotFound } from '../../office/office.errors.ts';
import type { Session } from '../../sessions/sessions.ts';
import { appendEvents, type CaseRow, listDecisions, listEvents, listUrls, lockCase } from '../case.store.ts';
import { addressesOf, eventText, openFields } from '../case-reading.ts';
import { actorOf, type CaseDeps, organisationKeyOf } from '../case-step.ts';
import { findOrganisationForExport, memberLogins, recordSigningKey } from './export.store.ts';
import {
  type AuditReference,
  type DocumentAddress,
  type DocumentEvent,
  documentDigest,
  type ExportDocument,
  type ExportEnvelope,
  type ExportFormat,
  envelopeOf,
  statementText,
} from './export-document.ts';
import { isSignedEnvelope, statementOf } from './verify.ts';

export type MadeExport = { document: ExportDocument; envelope: ExportEnvelope; audit: AuditReference };

// Events whose detail is a member's id: the document names the member by login too.
const MEMBER_EVENTS: ReadonlySet<string> = new Set(['assigned', 'released', 'handed-over']);

export function createExports(deps: CaseDeps) {
  return {
    async export(session: Session, reportId: string, format: ExportFormat): Promise<MadeExport> {
      const organisation = organisationOf(session, 'case.export');
      const key = organisationKeyOf(session);
      const actor = actorOf(session);
      const at = new Date(deps.now()).toISOString();
      const signing = organisationSigningKeys(key.privateKey);
      try {
        const { result: document, entries } = await auditedWithEntries(
          deps.store,
          deps.keys,
          (made: ExportDocument) => ({
            actor,
            action: 'report.exported',
            subject: `report:${reportId}`,
            organisation,
            at,
            detail: JSON.stringify({ format, sha256: documentDigest(made) }),
          }),
          async (trx) => {
            const report = await lockCase(trx, deps.store.engine, organisation, reportId);
            if (!report) throw new NotFound('case.export');
            const org = await findOrganisationForExport(trx, organisation);
            if (!org) throw new NotFound('case.export');
            const recorded = org.signing_public_key ? Buffer.from(org.signing_public_key) : null;
            // Never hand out an export that the key on record would not verify.
            if (recorded && !recorded.equals(signing.publicKey)) throw new Error(`the signing key on record for ${organisation} is not the organisation key's`);
            const made = await writeDocument(deps, trx, report, key, {
              organisation: { id: org.id, name: org.name },
              exported: { at, by: session.account.login, format },
            });
            await appendEvents(trx, reportId, [{ type: 'exported', actor, detail: JSON.stringify({ format, sha256: documentDigest(made) }) }], at);
            if (!recorded) await recordSigningKey(trx, organisation, signing.publicKey);
            return made;
          },
        );
        const entry = entries[0];
        if (!entry) throw new Error('the export was not audited');
        const audit: AuditReference = { seq: entry.seq, hash: entry.hash.toString('hex') };
        const statement = statementText(document, audit);
        const envelope = envelopeOf(statement, signStatement(Buffer.from(statement, 'utf8'), signing.secretKey), signing.publicKey);
        if (!isSignedEnvelope(envelope) || JSON.stringify(statementOf(envelope)?.document) !== JSON.stringify(document)) {
          throw new Error('an export failed its own verification');
        }
        return { document, envelope, audit };
      } finally {
        signing.secretKey.fill(0);
      }
    },
  };
}

export type Exports = ReturnType<typeof createExports>;

type Handle = Parameters<typeof listEvents>[0];

/** The report opened in memory and written out, with its history; logins instead of ids. */
async function writeDocument(
  deps: CaseDeps,
  db: Handle,
  report: CaseRow,
  key: KeyPair,
  about: Pick<ExportDocument, 'organisation' | 'exported'>,
): Promise<ExportDocument> {
  const [events, urls, decisions, names] = [
    await listEvents(db, report.id),
    await listUrls(db, report.id),
    await listDecisions(db, report.id),
    await memberLogins(db, report.organisation_id),
  ];
  const login = (actor: string | null) => (actor === null ? null : (names.get(actor) ?? actor));
  const fields = openFields(Buffer.from(report.sealed_body), key);

  const byItem = new Map<string, DocumentAddress>(
    addressesOf(fields, urls, deps.keys.url).map((a) => [a.item, { given: a.given, defanged: a.defanged, classification: a.classification, fields: a.fields }]),
  );

  const history = events.map((e): DocumentEvent => {
    const entry: DocumentEvent = { seq: e.seq, type: e.type, at: e.at, by: login(e.actor) ?? e.actor, detail: e.detail };
    const member = MEMBER_EVENTS.has(e.type) && e.detail ? names.get(`account:${e.detail}`) : undefined;
    if (member) entry.member = member;
    const address = itemOf(e.detail);
    if (address) entry.address = byItem.get(address)?.defanged ?? address;
    const text = eventText(e, key);
    if (text !== undefined) entry.text = text;
    return entry;
  });

  return {
    organisation: about.organisation,
    report: {
      id: report.id,
      channel: report.channel_id,
      category: report.category,
      country: report.country,
      receivedHour: report.received_hour,
      status: report.workflow_status,
      classification: report.classification,
      assignee: report.assignee_id ? (login(`account:${report.assignee_id}`) ?? report.assignee_id) : null,
      closedAt: report.closed_at,
      fields,
      addresses: [...byItem.values()],
      decisions: decisions.map((d) => ({
        kind: d.kind,
        address: d.item ? (byItem.get(d.item)?.defanged ?? d.item) : null,
        value: d.value,
        fields: d.fields ? (JSON.parse(d.fields) as Record<string, string>) : null,
        state: d.state,
        proposedBy: login(d.proposed_by) ?? d.proposed_by,
        proposedAt: d.proposed_at,
        decidedBy: login(d.decided_by),
        decidedAt: d.decided_at,
      })),
      history,
    },
    exported: about.exported,
  };
}

/** The address a decision's history entry names (its detail is JSON with the item), if any. */
function itemOf(detail: string | null): string | undefined {
  if (!detail?.startsWith('{')) return undefined;
  try {
    const item = (JSON.parse(detail) as { item?: unknown }).item;
    return typeof item === 'string' && item !== '' ? item : undefined;
  } catch {
    return undefined;
  }
}
