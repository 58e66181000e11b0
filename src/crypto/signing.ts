// Ed25519 signatures (libsodium), for statements Haven makes about itself that someone outside
// the database must be able to check later: today, the audit log's signed checkpoints.
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
