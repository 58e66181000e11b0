// One report's cryptographic work, the same in a worker thread or in-thread.
import { seal } from './box.ts';
import { reporterKeyPair } from './receipt.ts';

/** The body is the report as JSON text: strings are the cheapest thing to pass to a worker thread. */
export type SealJob = { recipientPublicKey: Uint8Array; body: string; receipt: string };
export type SealResult = { sealedBody: Uint8Array; reporterPublicKey: Uint8Array };

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
 * white space, so the recipient parses it as it is), and derives the reporter's public key from
 * the receipt.
 */
export function sealReportBody(job: SealJob): SealResult {
  // The plaintext bytes get a buffer of their own (not a slice of Node's shared pool of small
  // Buffers, which travels whole between threads), wiped as soon as the box is made.
  const length = Buffer.byteLength(job.body);
  const body = Buffer.allocUnsafeSlow(paddedLength(length));
  body.write(job.body);
  body.fill(0x20, length);
  try {
    const reporter = reporterKeyPair(job.receipt);
    // Only the receipt holder may ever hold the reporter's private key; none stays here.
    reporter.privateKey.fill(0);
    return { sealedBody: seal(body, Buffer.from(job.recipientPublicKey)), reporterPublicKey: reporter.publicKey };
  } finally {
    body.fill(0);
  }
}
