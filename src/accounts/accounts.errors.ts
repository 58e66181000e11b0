// The back office's domain errors: services throw them, the web layer answers each by its kind
// and code (web/domain-errors.ts) and translates `error.<code>`.

/** Wrong login or password, or a wrong second-factor code: one answer, whatever was wrong. */
export class WrongCredentials extends Error {
  override name = 'WrongCredentials';
  readonly kind = 'unauthorised';
  constructor(readonly code: 'wrong-credentials' | 'wrong-code' = 'wrong-credentials') {
    super(code);
  }
}

/** Too many failures for this login or from this client: try again later. */
export class SignInLocked extends Error {
  override name = 'SignInLocked';
  readonly kind = 'too-many';
  readonly code = 'sign-in-locked';
  constructor(readonly retryAfterSeconds: number) {
    super('sign-in temporarily locked');
  }
}

/** Input a person can correct: the code names what, the field where. */
export class AccountRefused extends Error {
  override name = 'AccountRefused';
  readonly kind = 'invalid';
  constructor(
    readonly code:
      | 'invitation-invalid'
      | 'password-too-short'
      | 'password-too-long'
      | 'password-weak'
      | 'passwords-differ'
      | 'login-taken'
      | 'email-invalid'
      | 'no-key-yet'
      | 'already-granted'
      | 'own-grant'
      | 'not-pending'
      | 'last-supervisor'
      | 'needs-key'
      | 'has-key'
      | 'already-enrolled'
      | 'supervisor-removal-needs-operator'
      | 'recovery-needs-operator',
    readonly field?: string,
    /** zxcvbn's advice, already in the member's language. */
    readonly advice?: string[],
  ) {
    super(code);
  }
}
