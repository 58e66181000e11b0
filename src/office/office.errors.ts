// The back office's refusals that any capability may throw: the web layer answers each by its kind
// and code (web/domain-errors.ts), like every domain error.

/** The role may not do this at all. */
export class Forbidden extends Error {
  override name = 'Forbidden';
  readonly kind = 'forbidden';
  readonly code = 'forbidden';
}

/** Not there, or not this member's to see (another organisation's): the same answer. */
export class NotFound extends Error {
  override name = 'NotFound';
  readonly kind = 'not-found';
  readonly code = 'not-found';
}
