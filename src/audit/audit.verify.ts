// Checks the whole audit log, reading only: every entry's HMAC and link to the one before, and
// every signed checkpoint in the file (the entry at its count must still carry its head). The
// chain catches an edited, moved or removed entry; the checkpoints catch what the chain cannot:
// entries cut from the end, the log emptied, or rewritten by someone without Haven's key.
import fs from 'node:fs';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Db } from '../db/database.ts';
import { type Checkpoint, checkpointIsSigned } from './audit.checkpoints.ts';
import { type ChainedFields, EMPTY_HEAD, entryHash } from './audit.ts';

export type AuditVerdict = {
  entries: number;
  /** Hex hash of the last entry (zeros for an empty log). */
  head: string;
  /** Checkpoints read from the file whose signature holds. */
  checkpoints: number;
  /** The first entry where the chain breaks, if it does. */
  brokenAt?: number;
  /** Everything found wrong, in words for the operator; empty when the log is intact. */
  problems: string[];
};

type Signed = { line: number; count: number; head: Buffer };

// Rows are read a page at a time, so a long log is checked in bounded memory.
const PAGE = 1000;

export async function verifyAuditLog(db: Db, keys: Pick<ServerKeys, 'audit' | 'auditSigning'>, checkpointFile: string): Promise<AuditVerdict> {
  const problems: string[] = [];
  const signed = readCheckpoints(checkpointFile, keys.auditSigning.publicKey, problems);
  const bySeq = new Map<number, Signed[]>();
  for (const c of signed ?? []) bySeq.set(c.count, [...(bySeq.get(c.count) ?? []), c]);
  const matched = new Set<Signed>();

  let entries = 0;
  let lastSeq = 0;
  let previous: Buffer | null = null;
  let brokenAt: number | undefined;
  // From the lowest seq there is, whatever it is: an entry slipped in at 0 or below is read too.
  let after: number | undefined;
  for (;;) {
    const page = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(PAGE);
    const rows = await (after === undefined ? page : page.where('seq', '>', after)).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.seq;
    for (const row of rows) {
      entries++;
      const hash = Buffer.from(row.hash);
      if (brokenAt === undefined) {
        const problem = chainProblem(row, lastSeq, previous, hash, keys.audit);
        if (problem) {
          problems.push(problem);
          brokenAt = row.seq;
        }
      }
      for (const c of bySeq.get(row.seq) ?? []) {
        matched.add(c);
        if (!c.head.equals(hash)) problems.push(`checkpoint on line ${c.line}: entry ${c.count} no longer has the signed hash (the log was rewritten)`);
      }
      previous = hash;
      lastSeq = row.seq;
    }
  }

  for (const c of signed ?? []) {
    if (matched.has(c)) continue;
    if (c.count === 0) {
      if (!c.head.equals(EMPTY_HEAD)) problems.push(`checkpoint on line ${c.line}: an empty log with a head that is not empty`);
    } else if (c.count > lastSeq) {
      problems.push(`checkpoint on line ${c.line}: ${c.count} entries were signed, the log ends at ${lastSeq} (entries were removed from its end)`);
    } else {
      problems.push(`checkpoint on line ${c.line}: entry ${c.count} is missing`);
    }
  }
  // Haven signs a checkpoint each time it starts: none at all means the file was removed or
  // emptied, and with it what shows entries cut from the end of the log (or the whole log).
  if (!signed?.length) {
    problems.push(
      `no signed checkpoint in ${checkpointFile}: without one, entries removed from the end of the log cannot be seen (Haven writes one each time it starts)`,
    );
  }
  return {
    entries,
    head: (previous ?? EMPTY_HEAD).toString('hex'),
    checkpoints: signed?.length ?? 0,
    ...(brokenAt === undefined ? {} : { brokenAt }),
    problems,
  };
}

type Row = ChainedFields & { previous_hash: Buffer | null };

function chainProblem(row: Row, lastSeq: number, previous: Buffer | null, hash: Buffer, key: Buffer): string | undefined {
  const expected = lastSeq + 1;
  if (row.seq < expected) return `entry ${row.seq} should not be there: the log numbers its entries from 1, one after another`;
  if (row.seq !== expected) {
    return `entry ${expected}${row.seq > expected + 1 ? `–${row.seq - 1}` : ''} missing: the log goes from ${lastSeq} to ${row.seq}`;
  }
  const link = row.previous_hash ? Buffer.from(row.previous_hash) : null;
  if (!(link === null ? previous === null : previous !== null && link.equals(previous))) {
    return `entry ${row.seq} does not link to the entry before it (entries were removed or moved)`;
  }
  if (!entryHash(key, previous, row).equals(hash)) {
    return `entry ${row.seq}: its hash does not match its contents (edited, moved, or written without Haven's key)`;
  }
  return undefined;
}

/** The checkpoints whose signature holds; undefined when there is no file. */
function readCheckpoints(file: string, publicKey: Buffer, problems: string[]): Signed[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const signed: Signed[] = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    const c = parseCheckpoint(content);
    if (!c) problems.push(`checkpoint on line ${line}: unreadable`);
    else if (c.publicKey !== publicKey.toString('base64')) problems.push(`checkpoint on line ${line}: signed with another key than this Haven's`);
    else if (!checkpointIsSigned(c, publicKey)) problems.push(`checkpoint on line ${line}: the signature does not match (the line was altered)`);
    else signed.push({ line, count: c.count, head: Buffer.from(c.head, 'hex') });
  });
  return signed;
}

function parseCheckpoint(content: string): Checkpoint | undefined {
  try {
    const c = JSON.parse(content) as Partial<Checkpoint>;
    const wellFormed =
      Number.isSafeInteger(c.count) &&
      (c.count ?? -1) >= 0 &&
      typeof c.head === 'string' &&
      /^[0-9a-f]{64}$/.test(c.head) &&
      typeof c.signature === 'string' &&
      typeof c.publicKey === 'string';
    return wellFormed ? (c as Checkpoint) : undefined;
  } catch {
    return undefined;
  }
}
