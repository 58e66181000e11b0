// `haven export verify FILE`: whether an export of a report (the .json envelope, or the printable
// .html page) is unaltered, which organisation of this Haven signed it, and whether the audit
// entry it names is in the log as it says. Reads only, like `audit verify`: checking a document
// changes nothing and writes no entry (the export itself was audited when it was made).
import fs from 'node:fs';
import { entryHash } from '../audit/audit.ts';
import { documentDigest, type ExportStatement } from '../casework/export/export-document.ts';
import { findAuditEntry, findOrganisationBySigningKey } from '../casework/export/export.store.ts';
import { envelopeFromFile, ExportUnreadable, isSignedEnvelope, signingKeyOf, statementOf } from '../casework/export/verify.ts';
import type { Config } from '../config.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Db } from '../db/database.ts';
import { CliError, parse, UsageError } from './command-line.ts';
import { withReadOnlyStore } from './open-store.ts';

export async function exportCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub === 'verify') {
    const { positionals } = parse(args, {}, 1);
    return verifyExport(config, positionals[0] as string);
  }
  throw new UsageError(`unknown export command ${JSON.stringify(sub ?? '')}`);
}

function verifyExport(config: Config, file: string): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let envelope: ReturnType<typeof envelopeFromFile>;
  try {
    envelope = envelopeFromFile(text);
  } catch (error) {
    if (error instanceof ExportUnreadable) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const key = signingKeyOf(envelope);
  const statement = statementOf(envelope);
  if (!isSignedEnvelope(envelope) || !statement) {
    console.error(`${file}: ALTERED or not signed by this key: the statement does not match its signature (key ${envelope.signingKey})`);
    return Promise.resolve(1);
  }
  const { document } = statement;
  console.log(`${file}: export of report ${document.report.id}, made ${document.exported.at} by ${document.exported.by}`);
  console.log(`signature: valid, the statement is unaltered since it was signed with key ${envelope.signingKey}`);

  return withReadOnlyStore(config, async (store, keys) => {
    const organisation = await findOrganisationBySigningKey(store.db, key);
    if (!organisation) {
      console.error(`valid signature, but the key is not an organisation's here: no organisation of this Haven signs with ${envelope.signingKey}`);
      return 1;
    }
    console.log(`signed by: ${organisation.name} (${organisation.id}), whose signing key this is in this Haven`);
    if (organisation.id !== document.organisation.id) {
      console.error(`but the statement names another organisation, ${document.organisation.id}`);
      return 1;
    }
    const problem = await auditProblem(store.db, keys, statement, organisation.id);
    if (problem) {
      console.error(`audit entry ${statement.audit.seq}: NOT as the statement says: ${problem}`);
      return 1;
    }
    console.log(`audit entry ${statement.audit.seq}: in the log with hash ${statement.audit.hash}, recording this export`);
    console.log('verified');
    return 0;
  });
}

/** What is wrong with the audit entry the statement names, or nothing. */
async function auditProblem(db: Db, keys: Pick<ServerKeys, 'audit'>, statement: ExportStatement, organisationId: string): Promise<string | undefined> {
  const { seq, hash } = statement.audit;
  const row = await findAuditEntry(db, seq);
  if (!row) return 'there is no such entry in this log';
  const stored = Buffer.from(row.hash);
  if (stored.toString('hex') !== hash) return `the log's entry has hash ${stored.toString('hex')}`;
  const recomputed = entryHash(keys.audit, row.previous_hash ? Buffer.from(row.previous_hash) : null, row);
  if (!recomputed.equals(stored)) return 'the entry was changed since it was written (run `haven audit verify`)';
  if (row.action !== 'report.exported' || row.subject !== `report:${statement.document.report.id}` || row.organisation_id !== organisationId) {
    return `the entry records ${row.action} of ${row.subject}, not this report's export`;
  }
  let digest: unknown;
  try {
    digest = (JSON.parse(row.detail ?? '{}') as { sha256?: unknown }).sha256;
  } catch {
    digest = undefined;
  }
  if (digest !== documentDigest(statement.document)) return 'the entry records another document';
  return undefined;
}
