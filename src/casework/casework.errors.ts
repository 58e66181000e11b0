// Casework's refusals: services throw them, the web layer answers each by its kind and code and
// translates `office.error.<code>`.

/** A step a member can correct or understand: the code names what, the field where. */
export class CaseRefused extends Error {
  override name = 'CaseRefused';
  readonly kind = 'invalid';
  constructor(
    readonly code:
      | 'key-missing'
      | 'unknown-decision'
      | 'unknown-item'
      | 'invalid-field'
      | 'own-decision'
      | 'already-settled'
      | 'invalid-status'
      | 'same-status'
      | 'text-empty'
      | 'text-too-long'
      | 'not-a-caseworker'
      | 'not-yours'
      | 'already-holds'
      | 'no-reporter-key',
    readonly field?: string,
  ) {
    super(code);
  }
}
