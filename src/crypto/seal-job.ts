// One report's cryptographic work, the same in a worker thread or in-thread.
import { seal } from './box.ts';
import { reporterKeyPair } from './receipt.ts';

export type SealJob = { recipientPublicKey: Uint8Array; body: Uint8Array; receipt: string };
export type SealResult = { sealedBody: Uint8Array; reporterPublicKey: Uint8Array };

export function sealReportBody(job: SealJob): SealResult {
  const sealedBody = seal(Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength), Buffer.from(job.recipientPublicKey));
  job.body.fill(0);
  return { sealedBody, reporterPublicKey: reporterKeyPair(job.receipt).publicKey };
}
