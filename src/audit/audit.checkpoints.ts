// Signed checkpoints of the audit log's head (entry count + last hash, Ed25519), appended to a
// file outside the database. The chain alone cannot show that entries were cut from its end or
// that the whole log was rewritten; a checkpoint can: the entry at its count must still have
// its hash. Lines are only ever appended, each fsync'd, the file private to Haven's user.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerKeys } from '../crypto/secrets.ts';
import { isSignedBy, signStatement } from '../crypto/signing.ts';
import type { Store } from '../db/database.ts';
import { type AuditHead, readAuditHead } from './audit.ts';

export type CheckpointKeys = Pick<ServerKeys, 'auditSigning'>;

/** One line of the checkpoint file, and what `haven audit head` prints (hex head, base64 rest). */
export type Checkpoint = { count: number; head: string; signature: string; publicKey: string };

// What is signed: the count and the head, under a label so the signature means nothing elsewhere.
function statement(count: number, headHex: string): Buffer {
  return Buffer.from(`haven/audit-checkpoint/v1 ${count} ${headHex}`);
}

export function signCheckpoint({ count, head }: AuditHead, keys: CheckpointKeys): Checkpoint {
  const headHex = head.toString('hex');
  return {
    count,
    head: headHex,
    signature: signStatement(statement(count, headHex), keys.auditSigning.secretKey).toString('base64'),
    publicKey: keys.auditSigning.publicKey.toString('base64'),
  };
}

/** The checkpoint is well formed and signed by `publicKey` (this Haven's, not the one it names). */
export function checkpointIsSigned(c: Checkpoint, publicKey: Buffer): boolean {
  return isSignedBy(statement(c.count, c.head), Buffer.from(c.signature, 'base64'), publicKey);
}

/** Appends one line and fsyncs it; a new file is created 0600 and its directory entry synced. */
export async function appendCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const created = !fs.existsSync(file);
  const handle = await fs.promises.open(file, 'a', 0o600);
  try {
    // A file made by hand (or restored from a backup) with wider permissions is tightened.
    if ((await handle.stat()).mode & 0o077) await handle.chmod(0o600);
    await handle.write(`${JSON.stringify(checkpoint)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) {
    const dir = await fs.promises.open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

/** Signs the log's current head and appends it to `file`; returns what was written. */
export async function writeCheckpoint(store: Store, keys: CheckpointKeys, file: string): Promise<Checkpoint> {
  const checkpoint = signCheckpoint(await readAuditHead(store.db), keys);
  await appendCheckpoint(file, checkpoint);
  return checkpoint;
}

export type Checkpointer = { start(): Promise<void>; stop(): Promise<void> };

/**
 * Writes a checkpoint at start, then every `everyMs` when the head has moved, and a last one at
 * stop (call it once writes have ended, before the database closes).
 */
export function createCheckpointer(options: { store: Store; keys: CheckpointKeys; file: string; everyMs: number }): Checkpointer {
  const { store, keys, file, everyMs } = options;
  let last: Checkpoint | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Writes run one after another, so a slow disk never interleaves two of them.
  let writing: Promise<void> = Promise.resolve();
  const write = async (onlyIfMoved: boolean) => {
    const head = await readAuditHead(store.db);
    if (onlyIfMoved && last && last.count === head.count && last.head === head.head.toString('hex')) return;
    const checkpoint = signCheckpoint(head, keys);
    await appendCheckpoint(file, checkpoint);
    last = checkpoint;
  };
  const tick = () => {
    writing = writing
      .then(() => write(true))
      // A failed checkpoint must not stop Haven; the next tick tries again.
      .catch((error: unknown) => process.emitWarning(`audit checkpoint not written to ${file}: ${error instanceof Error ? error.message : error}`));
  };
  return {
    async start() {
      await write(false);
      timer = setInterval(tick, everyMs);
      // The timer alone must not keep the process alive.
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await writing;
      await write(false);
    },
  };
}
