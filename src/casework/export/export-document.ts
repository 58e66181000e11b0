// What an export of a report says, and the envelope that carries it: the document (the report
// opened, its history and who exported it), the statement that is signed (the document and the
// audit entry that records the export), and the envelope (statement, signature, signing key).
// Checkable without Haven: the statement is the exact text signed, kept as a string in the
// envelope, so no re-serialisation is needed to verify it.
import { createHash } from 'node:crypto';

export const EXPORT_FORMATS = ['json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const STATEMENT_FORMAT = 'haven-export/1';
export const ENVELOPE_FORMAT = 'haven-export-envelope/1';

/** A field as the reporter gave it: text, the list of addresses, or a ticked acknowledgement. */
export type DocumentFields = Record<string, string | string[] | boolean>;

export type DocumentAddress = {
  /** As the reporter typed it. */
  given: string;
  /** Normalised, then defanged: as the back office shows it. */
  defanged: string;
  classification: string | null;
  /** The structured fields recorded with its classification (content type, age group…). */
  fields: Record<string, string> | null;
};

export type DocumentDecision = {
  kind: 'classification' | 'status';
  /** The address it concerns (defanged), or null for the report as a whole. */
  address: string | null;
  value: string;
  fields: Record<string, string> | null;
  state: 'pending' | 'confirmed' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
};

export type DocumentEvent = {
  seq: number;
  type: string;
  at: string;
  /** The member's login, or `reporter`. */
  by: string;
  /** What the event says in clear: a status, a decision. */
  detail: string | null;
  /** The member an assignment, release or hand-over concerns, by login. */
  member?: string;
  /** The address a decision concerns, defanged. */
  address?: string;
  /** A note, message or answer, opened. */
  text?: string;
};

export type ExportDocument = {
  organisation: { id: string; name: string };
  report: {
    id: string;
    channel: string;
    category: string;
    country: string | null;
    receivedHour: string;
    status: string;
    classification: string | null;
    assignee: string | null;
    closedAt: string | null;
    fields: DocumentFields;
    addresses: DocumentAddress[];
    decisions: DocumentDecision[];
    history: DocumentEvent[];
  };
  exported: { at: string; by: string; format: ExportFormat };
};

/** The audit entry that records the export: its seq in the log and its hash (hex). */
export type AuditReference = { seq: number; hash: string };

export type ExportStatement = { format: typeof STATEMENT_FORMAT; document: ExportDocument; audit: AuditReference };

export type ExportEnvelope = {
  format: typeof ENVELOPE_FORMAT;
  /** The statement's JSON text: exactly the UTF-8 bytes signed. */
  statement: string;
  /** Ed25519 detached signature, base64. */
  signature: string;
  /** The organisation's Ed25519 public key, base64. */
  signingKey: string;
};

/** SHA-256 (hex) of the document's JSON text: what the audit entry records of it. */
export function documentDigest(document: ExportDocument): string {
  return createHash('sha256').update(JSON.stringify(document), 'utf8').digest('hex');
}

export function statementText(document: ExportDocument, audit: AuditReference): string {
  const statement: ExportStatement = { format: STATEMENT_FORMAT, document, audit };
  return JSON.stringify(statement);
}

export function envelopeOf(statement: string, signature: Buffer, signingKey: Buffer): ExportEnvelope {
  return { format: ENVELOPE_FORMAT, statement, signature: signature.toString('base64'), signingKey: signingKey.toString('base64') };
}

/** The envelope as the .json file and the HTML page's last block carry it. */
export function envelopeText(envelope: ExportEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
