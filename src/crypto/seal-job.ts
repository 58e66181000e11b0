// One report's cryptographic work, the same in a worker thread or in-thread.
import { seal } from './box.ts';
import { reporterKeyPair } from './receipt.ts';

/** The body is the report as text: strings are the cheapest thing to pass to a worker thread. */
export type SealJob = { recipientPublicKey: Uint8Array; body: string; receipt: string };
export type SealResult = { sealedBody: Uint8Array; reporterPublicKey: Uint8Array };

/** Seals the body for the recipient and derives the reporter's public key from the receipt. */
export function sealReportBody(job: SealJob): SealResult {
  // The plaintext bytes get a buffer of their own (not a slice of Node's shared pool of small
  // Buffers, which travels whole between threads), wiped as soon as the box is made.
  const body = Buffer.allocUnsafeSlow(Buffer.byteLength(job.body));
  body.write(job.body);
  try {
    const reporter = reporterKeyPair(job.receipt);
    // Only the receipt holder may ever hold the reporter's private key; none stays here.
    reporter.privateKey.fill(0);
    return { sealedBody: seal(body, Buffer.from(job.recipientPublicKey)), reporterPublicKey: reporter.publicKey };
  } finally {
    body.fill(0);
  }
}
