// Checking an export: its envelope read from the .json file or the printable page, and whether
// its statement is exactly what the included key signed. Knows nothing of the database; whose key
// it is, and the audit entry, are the command line's questions (cli/export.command.ts). The
// service runs the same check on every export before handing it out.
import { isSignedBy } from '../../crypto/signing.ts';
import { ENVELOPE_FORMAT, type ExportEnvelope, type ExportStatement, STATEMENT_FORMAT } from './export-document.ts';

/** The file holds no envelope this version can read. */
export class ExportUnreadable extends Error {
  override name = 'ExportUnreadable';
}

// The printable page carries the envelope, HTML-escaped, in this block.
export const ENVELOPE_BLOCK_ID = 'haven-export-envelope';
const BLOCK = new RegExp(`<pre[^>]*\\bid="${ENVELOPE_BLOCK_ID}"[^>]*>([\\s\\S]*?)</pre>`);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Text as it was before HTML escaping (named, decimal and hexadecimal references). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** The envelope of a .json export, or of the printable page (its last block). */
export function envelopeFromFile(text: string): ExportEnvelope {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let json = trimmed;
  if (!trimmed.startsWith('{')) {
    const block = BLOCK.exec(trimmed);
    if (!block) throw new ExportUnreadable(`neither an export envelope (JSON) nor a page with the envelope block (<pre id="${ENVELOPE_BLOCK_ID}">)`);
    json = unescapeHtml(block[1] ?? '');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ExportUnreadable(`the envelope is not valid JSON (${(error as Error).message})`);
  }
  const envelope = parsed as Partial<Record<keyof ExportEnvelope, unknown>>;
  if (!parsed || typeof parsed !== 'object' || envelope.format !== ENVELOPE_FORMAT) throw new ExportUnreadable(`not a ${ENVELOPE_FORMAT} envelope`);
  for (const name of ['statement', 'signature', 'signingKey'] as const) {
    if (typeof envelope[name] !== 'string') throw new ExportUnreadable(`the envelope has no ${name}`);
  }
  for (const name of ['signature', 'signingKey'] as const) {
    if (!BASE64.test(envelope[name] as string)) throw new ExportUnreadable(`the envelope's ${name} is not base64`);
  }
  return envelope as ExportEnvelope;
}

/** Whether the statement's UTF-8 bytes carry a valid Ed25519 signature by the included key. */
export function isSignedEnvelope(envelope: ExportEnvelope): boolean {
  return isSignedBy(Buffer.from(envelope.statement, 'utf8'), Buffer.from(envelope.signature, 'base64'), signingKeyOf(envelope));
}

export const signingKeyOf = (envelope: ExportEnvelope) => Buffer.from(envelope.signingKey, 'base64');

/** The statement, if it is one this version reads (an altered one may not even be JSON). */
export function statementOf(envelope: ExportEnvelope): ExportStatement | undefined {
  try {
    const statement = JSON.parse(envelope.statement) as Partial<ExportStatement>;
    if (statement?.format !== STATEMENT_FORMAT || !statement.document || !statement.audit) return undefined;
    if (!Number.isSafeInteger(statement.audit.seq) || typeof statement.audit.hash !== 'string') return undefined;
    return statement as ExportStatement;
  } catch {
    return undefined;
  }
}
