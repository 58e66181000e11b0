// One report's cryptographic work, the same in a sealing thread or in-thread: a new receipt and
// its look-up hash, the reporter's public key, the sealed body and the addresses' keyed hashes.
// Done together, off the HTTP thread: the receipt is made where the report is sealed, and only
// the bytes to store and the receipt to give the visitor leave it.
import { seal } from './box.ts';
import { newReceipt, receiptLookupHash, reporterKeyPair } from './receipt.ts';
import { keyedHash } from './secrets.ts';

/** The body is the report as JSON text (strings are the cheapest thing to pass to a worker
 *  thread); `urls` are the normalised addresses to hash for duplicate detection. */
export type SealJob = { recipientPublicKey: Uint8Array; body: string; urls: string[] };
/** The HMAC keys of the server secret the job needs (secrets.ts). */
export type SealKeys = { receipt: Uint8Array; url: Uint8Array };
export type SealResult = {
  /** Canonical, 16 characters: given to the reporter once, and stored nowhere. */
  receipt: string;
  receiptHash: Uint8Array;
  reporterPublicKey: Uint8Array;
  sealedBody: Uint8Array;
  /** In the order of the job's `urls`. */
  urlHashes: Uint8Array[];
};

const PAD_STEP = 1024;

/**
 * The length a report body is padded to before sealing, so that a sealed box tells little of what
 * was typed: whether a name or contact was given, how long the description is. A multiple of
 * 1 KiB; past 32 KiB, Padmé's coarser step (Nikitin et al., "Reducing metadata leakage from
 * encrypted files and communication with PURBs", 2019), which adds at most 12 %.
 */
export function paddedLength(length: number): number {
  if (length <= PAD_STEP) return PAD_STEP;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const step = Math.max(PAD_STEP, 2 ** (e - s));
  return Math.ceil(length / step) * step;
}

/**
 * Seals the body for the recipient, padded with spaces to `paddedLength` (JSON allows trailing
 * white space, so the recipient parses it as it is), under a new receipt from which the
 * reporter's public key is derived.
 */
export function sealReport(job: SealJob, keys: SealKeys): SealResult {
  // The plaintext bytes get a buffer of their own (not a slice of Node's shared pool of small
  // Buffers, which travels whole between threads), wiped as soon as the box is made.
  const length = Buffer.byteLength(job.body);
  const body = Buffer.allocUnsafeSlow(paddedLength(length));
  body.write(job.body);
  body.fill(0x20, length);
  try {
    const receipt = newReceipt();
    const reporter = reporterKeyPair(receipt);
    // Only the receipt holder may ever hold the reporter's private key; none stays here.
    reporter.privateKey.fill(0);
    return {
      receipt,
      receiptHash: receiptLookupHash(keys.receipt, receipt),
      reporterPublicKey: reporter.publicKey,
      sealedBody: seal(body, Buffer.from(job.recipientPublicKey)),
      urlHashes: job.urls.map((u) => keyedHash(keys.url, u)),
    };
  } finally {
    body.fill(0);
  }
}
