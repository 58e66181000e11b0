// The report form's proof-of-work field (proof-of-work.ts). Empty as served: with JavaScript the
// page solves the challenge in the background and fills it in (public/haven.js); without, it is
// sent empty and the report counts under the lower limit for reports without a proof.

export type ProofChallenge = {
  /** The challenge as JSON, in altcha-lib's form. */
  challenge: string;
  /** Seconds the challenge stays usable: an older page asks for a new one before sending. */
  lifetime: number;
};

export function ProofField({ challenge, lifetime }: ProofChallenge) {
  return <input type="hidden" name="proof" value="" data-proof-challenge={challenge} data-proof-lifetime={String(lifetime)} />;
}
