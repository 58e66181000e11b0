// The few libsodium operations Haven uses, with names from the domain. Sealed boxes carry reports
// to an organisation; secretbox + Argon2id wrap a member's private key under their password.
import sodium from 'sodium-native';

export type KeyPair = { publicKey: Buffer; privateKey: Buffer };

/**
 * A buffer for a key or what a key opens: outside Node's shared pool (never handed to another
 * allocation), zero-filled. Not sodium_malloc: its guarded pages cost an mmap and mprotect per
 * call on the main thread, which stalled every request for up to 150 ms while Argon2id (64 MiB a
 * run) was busy in the thread pool (bench/sign-in.ts: home page p99 100 ms at 20 sign-ins a second).
 */
function secretBuffer(size: number): Buffer {
  return Buffer.alloc(size);
}

export const SEAL_OVERHEAD = sodium.crypto_box_SEALBYTES;

export function generateKeyPair(): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const privateKey = secretBuffer(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_keypair(publicKey, privateKey);
  return { publicKey, privateKey };
}

/** A deterministic key pair from a 32-byte seed (the reporter's, derived from the receipt). */
export function keyPairFromSeed(seed: Buffer): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const privateKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_seed_keypair(publicKey, privateKey, seed);
  return { publicKey, privateKey };
}

/** Anonymous-sender encryption: only the holder of the recipient's private key can open it. */
export function seal(message: Buffer, recipientPublicKey: Buffer): Buffer {
  const box = Buffer.allocUnsafe(message.length + SEAL_OVERHEAD);
  sodium.crypto_box_seal(box, message, recipientPublicKey);
  return box;
}

export class SealBroken extends Error {
  override name = 'SealBroken';
}

export function openSealed(box: Buffer, keys: KeyPair): Buffer {
  if (box.length < SEAL_OVERHEAD) throw new SealBroken('sealed box too short');
  const message = Buffer.alloc(box.length - SEAL_OVERHEAD);
  if (!sodium.crypto_box_seal_open(message, box, keys.publicKey, keys.privateKey)) {
    throw new SealBroken('sealed box does not open with this key');
  }
  return message;
}

// Argon2id at libsodium's "interactive" cost (2 passes, 64 MiB): about 0.1 s here, so a login
// stays quick while an offline guess at a stolen wrap costs the same for every attempt.
const WRAP_OPS = sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE;
const WRAP_MEM = sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE;

function wrapKeyFromPassword(password: string, salt: Buffer): Buffer {
  const key = secretBuffer(sodium.crypto_secretbox_KEYBYTES);
  sodium.crypto_pwhash(key, Buffer.from(password, 'utf8'), salt, WRAP_OPS, WRAP_MEM, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return key;
}

/** Argon2id off the event loop (libuv's thread pool): a sign-in never stalls other requests. */
async function wrapKeyFromPasswordAsync(password: string, salt: Buffer): Promise<Buffer> {
  const key = secretBuffer(sodium.crypto_secretbox_KEYBYTES);
  // Without a callback, sodium-native returns a promise (its type declarations predate that).
  const pwhash = sodium.crypto_pwhash_async as unknown as (...args: unknown[]) => Promise<void>;
  await pwhash(key, Buffer.from(password, 'utf8'), salt, WRAP_OPS, WRAP_MEM, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return key;
}

/** `wrapWithPassword`, with Argon2id off the event loop. */
export async function wrapWithPasswordAsync(secret: Buffer, password: string): Promise<Buffer> {
  const salt = randomBytes(sodium.crypto_pwhash_SALTBYTES);
  return Buffer.concat([salt, secretBox(secret, await wrapKeyFromPasswordAsync(password, salt))]);
}

/**
 * `unwrapWithPassword`, with Argon2id off the event loop. The box's MAC is the password check:
 * a wrong password fails to open it, after the same work as a right one.
 */
export async function unwrapWithPasswordAsync(wrapped: Buffer, password: string): Promise<Buffer> {
  const saltEnd = sodium.crypto_pwhash_SALTBYTES;
  if (wrapped.length < saltEnd) throw new SealBroken('wrapped key too short');
  const key = await wrapKeyFromPasswordAsync(password, wrapped.subarray(0, saltEnd));
  return openSecretBox(wrapped.subarray(saltEnd), key);
}

/** nonce ‖ secretbox(message) under a 32-byte key. */
export function secretBox(message: Buffer, key: Buffer): Buffer {
  const nonce = randomBytes(sodium.crypto_secretbox_NONCEBYTES);
  const box = Buffer.alloc(message.length + sodium.crypto_secretbox_MACBYTES);
  sodium.crypto_secretbox_easy(box, message, nonce, key);
  return Buffer.concat([nonce, box]);
}

export function openSecretBox(sealed: Buffer, key: Buffer): Buffer {
  const nonceEnd = sodium.crypto_secretbox_NONCEBYTES;
  const box = sealed.subarray(nonceEnd);
  if (box.length < sodium.crypto_secretbox_MACBYTES) throw new SealBroken('secret box too short');
  const message = secretBuffer(box.length - sodium.crypto_secretbox_MACBYTES);
  if (!sodium.crypto_secretbox_open_easy(message, box, sealed.subarray(0, nonceEnd), key)) {
    throw new SealBroken('secret box does not open with this key');
  }
  return message;
}

/** The public key of an X25519 private key (to check a rebuilt key against the one on record). */
export function publicKeyOf(privateKey: Buffer): Buffer {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  sodium.crypto_scalarmult_base(publicKey, privateKey);
  return publicKey;
}

/** salt ‖ nonce ‖ secretbox(secret) under a key derived from the password with Argon2id. */
export function wrapWithPassword(secret: Buffer, password: string): Buffer {
  const salt = randomBytes(sodium.crypto_pwhash_SALTBYTES);
  const nonce = randomBytes(sodium.crypto_secretbox_NONCEBYTES);
  const box = Buffer.alloc(secret.length + sodium.crypto_secretbox_MACBYTES);
  sodium.crypto_secretbox_easy(box, secret, nonce, wrapKeyFromPassword(password, salt));
  return Buffer.concat([salt, nonce, box]);
}

export function unwrapWithPassword(wrapped: Buffer, password: string): Buffer {
  const saltEnd = sodium.crypto_pwhash_SALTBYTES;
  const nonceEnd = saltEnd + sodium.crypto_secretbox_NONCEBYTES;
  const box = wrapped.subarray(nonceEnd);
  if (box.length < sodium.crypto_secretbox_MACBYTES) throw new SealBroken('wrapped key too short');
  const secret = secretBuffer(box.length - sodium.crypto_secretbox_MACBYTES);
  const key = wrapKeyFromPassword(password, wrapped.subarray(0, saltEnd));
  if (!sodium.crypto_secretbox_open_easy(secret, box, wrapped.subarray(saltEnd, nonceEnd), key)) {
    throw new SealBroken('wrong password for this key');
  }
  return secret;
}

/** A password verifier string (Argon2id, parameters embedded) for logging in. */
export function hashPassword(password: string): string {
  const out = Buffer.alloc(sodium.crypto_pwhash_STRBYTES);
  sodium.crypto_pwhash_str(out, Buffer.from(password, 'utf8'), WRAP_OPS, WRAP_MEM);
  return out.toString('utf8').replace(/\0+$/, '');
}

export function verifyPassword(hash: string, password: string): boolean {
  const str = Buffer.alloc(sodium.crypto_pwhash_STRBYTES);
  str.write(hash, 'utf8');
  return sodium.crypto_pwhash_str_verify(str, Buffer.from(password, 'utf8'));
}

export function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  sodium.randombytes_buf(b);
  return b;
}
