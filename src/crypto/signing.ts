// Ed25519 signatures (libsodium), for statements Haven makes about itself that someone outside
// the database must be able to check later: the audit log's signed checkpoints, and an
// organisation's exports of a report.
import { hkdfSync } from 'node:crypto';
import sodium from 'sodium-native';

export type SigningKeyPair = { publicKey: Buffer; secretKey: Buffer };

/** A deterministic signing key pair from a 32-byte seed (derived from the server secret). */
export function signingKeyPairFromSeed(seed: Buffer): SigningKeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const secretKey = sodium.sodium_malloc(sodium.crypto_sign_SECRETKEYBYTES) as Buffer;
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  return { publicKey, secretKey };
}

export function signStatement(statement: Buffer, secretKey: Buffer): Buffer {
  const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(signature, statement, secretKey);
  return signature;
}

export function isSignedBy(statement: Buffer, signature: Buffer, publicKey: Buffer): boolean {
  if (signature.length !== sodium.crypto_sign_BYTES || publicKey.length !== sodium.crypto_sign_PUBLICKEYBYTES) return false;
  return sodium.crypto_sign_verify_detached(signature, statement, publicKey);
}

const ORGANISATION_SIGNING_INFO = 'haven/organisation-signing/v1';

/**
 * An organisation's Ed25519 signing key pair, derived (HKDF-SHA256) from its X25519 private key:
 * only a member whose session holds the organisation key can sign for it, and nothing more is
 * stored than the public half.
 */
export function organisationSigningKeys(organisationPrivateKey: Buffer): SigningKeyPair {
  const seed = Buffer.from(hkdfSync('sha256', organisationPrivateKey, Buffer.alloc(0), ORGANISATION_SIGNING_INFO, 32));
  try {
    return signingKeyPairFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}
