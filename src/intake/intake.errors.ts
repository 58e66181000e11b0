// Intake's domain errors. Services throw them; the web layer answers each by its kind and code
// (web/domain-errors.ts), in one place.
import type { FieldError } from './report-fields.ts';

/** How long a visitor or platform is asked to wait before sending a report again. */
const RETRY_AFTER_SECONDS = 60;

export class ChannelNotFound extends Error {
  override name = 'ChannelNotFound';
  readonly kind = 'invalid';
  readonly code = 'invalid-choice';
  readonly field = 'channel';
}

export class InvalidReport extends Error {
  override name = 'InvalidReport';
  readonly kind = 'invalid';
  readonly code = 'invalid-report';
  constructor(readonly problems: FieldError[]) {
    super('the report has invalid fields');
  }
}

/**
 * The report was valid but is not stored, so no receipt is given: too many reports were already
 * being sealed and saved ('busy'), or sealing or saving failed ('failed', the error as `cause`).
 * The visitor is asked to send it again; everything they typed goes back to them.
 */
export class IntakeUnavailable extends Error {
  override name = 'IntakeUnavailable';
  readonly kind = 'unavailable';
  readonly code = 'unavailable';
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(
    readonly reason: 'busy' | 'failed',
    options?: { cause: unknown },
  ) {
    super(reason === 'busy' ? 'too many reports are being stored at once' : 'the report could not be sealed or stored', options);
  }
}

/** The same report was already received under the same submission token. */
export class AlreadyReceived extends Error {
  override name = 'AlreadyReceived';
  readonly kind = 'conflict';
  readonly code = 'already-received';
  constructor() {
    super('this report was already received');
  }
}

/** Intake is closed (Haven is stopping). */
export class PipelineStopped extends Error {
  override name = 'PipelineStopped';
}
