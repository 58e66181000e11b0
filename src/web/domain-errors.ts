// How the domain's errors are answered over HTTP, in one table. Services throw errors that carry
// a `kind` and a `code` (and field errors when input was wrong); they import nothing from here:
// the web layer recognises them by their shape. Messages are translated from `error.<code>`.

export const STATUS_OF_KIND = {
  invalid: 400,
  unauthorised: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
  unavailable: 503,
} as const;

export type DomainErrorKind = keyof typeof STATUS_OF_KIND;

/** One wrong field: its name (with the API's path), what is wrong, and the numbers a message needs. */
export type FieldProblem = { field: string; code: string; index?: number | undefined; max?: number | undefined };

export type DomainError = Error & {
  kind: DomainErrorKind;
  code: string;
  /** The field the error is about, when there is one (a wrong receipt, an unknown channel). */
  field?: string;
  /** Each wrong field, when input was wrong. */
  problems?: FieldProblem[];
  /** How long to wait before trying again, when it may work later. */
  retryAfterSeconds?: number;
};

export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof Error &&
    typeof (error as Partial<DomainError>).kind === 'string' &&
    (error as DomainError).kind in STATUS_OF_KIND &&
    typeof (error as Partial<DomainError>).code === 'string'
  );
}

export function statusOf(error: DomainError): number {
  return STATUS_OF_KIND[error.kind];
}
