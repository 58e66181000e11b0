// The server secret: 32 random bytes from HAVEN_SECRET or from DATA_DIR/secret (mode 0600),
// created on first start. Purpose-bound keys are derived from it so that one leak of a derived
// key (say, the URL-hash key shared with a partner later) does not reveal the others.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type SigningKeyPair, signingKeyPairFromSeed } from './signing.ts';

export type ServerKeys = {
  /** HMAC key for receipt look-up hashes. */
  receipt: Buffer;
  /** HMAC key for normalised-URL hashes (duplicate detection). */
  url: Buffer;
  /** HMAC key for the daily salt of rate-limit client keys (web/client-key.ts): one per secret, so instances agree. */
  client: Buffer;
  /** HMAC key chaining the audit log: kept out of the database, so a rewritten log does not verify. */
  audit: Buffer;
  /** Signs the audit log's checkpoints (Ed25519), kept outside the database too. */
  auditSigning: SigningKeyPair;
  /** HMAC key signing proof-of-work challenges (intake/proof-of-work.ts): one per secret, so any instance checks another's. */
  proofOfWork: Buffer;
  /** Seals second-factor (TOTP) secrets at rest. */
  secondFactor: Buffer;
  /** Seals queued mail at rest (outbox): invitations carry one-time links. */
  outbox: Buffer;
  /** HMAC key for digests of one-time links, session ids and login throttle keys. */
  token: Buffer;
  /** Newsletter subscribers' addresses: their digests and their sealing (newsletter/), kept out of the database. */
  newsletter: Buffer;
  /** Companies' training requests (training/): sealed under it, kept out of the database. */
  training: Buffer;
  /** Identifies the secret without revealing it, so instances can check they share one. */
  fingerprint: string;
};

/** `readOnly` (the CLI's checks) never creates or changes the secret file: a missing one is an error. */
export function loadServerKeys(dataDir: string, fromEnv: string | undefined, options: { readOnly?: boolean } = {}): ServerKeys {
  const file = path.join(dataDir, 'secret');
  const secret = fromEnv ? Buffer.from(fromEnv, 'base64') : options.readOnly ? readSecret(file) : readOrCreateSecret(file);
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `haven/${purpose}/v1`, 32));
  return {
    receipt: derive('receipt'),
    url: derive('url'),
    client: derive('client'),
    audit: derive('audit'),
    auditSigning: signingKeyPairFromSeed(derive('audit-checkpoint')),
    proofOfWork: derive('proof-of-work'),
    secondFactor: derive('second-factor'),
    outbox: derive('outbox'),
    token: derive('token'),
    newsletter: derive('newsletter'),
    training: derive('training'),
    fingerprint: derive('fingerprint').toString('base64url'),
  };
}

function readOrCreateSecret(file: string): Buffer {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    // Written in full under a temporary name, then published with link(), which fails if the
    // name exists: two instances starting together agree on one secret, and neither can read
    // a half-written file.
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeSync(fd, randomBytes(32).toString('base64'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(temporary);
    }
    // The new name must survive a power cut too: a lost secret makes every receipt unknown.
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) fs.chmodSync(file, 0o600);
  return readSecret(file);
}

function readSecret(file: string): Buffer {
  if (!fs.existsSync(file)) throw new Error(`no server secret at ${file} (set HAVEN_SECRET, or DATA_DIR to where Haven keeps its data)`);
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 secret`);
  return secret;
}

export function keyedHash(key: Uint8Array, value: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(value).digest();
}
