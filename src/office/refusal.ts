// A refused step, as a form shows it: the message at its field, the status to answer with. Only
// refusals a person can act on (kind "invalid", "too-many") are shown at a field; a refusal of the
// request itself (forbidden, not found) and every other error go on to the app's error handler,
// which answers with its own page and status.
import type { Translate } from '../i18n/messages.ts';
import { isDomainError, statusOf } from '../web/domain-errors.ts';
import type { FieldMessage } from '../web/form.view.tsx';

export type Refusal = { status: number; errors: FieldMessage[]; advice: string[] };

/** The code's message is `office.error.<code>`. */
export function refusalOf(error: unknown, t: Translate, field: string): Refusal {
  if (!isDomainError(error) || (error.kind !== 'invalid' && error.kind !== 'too-many')) throw error;
  const about = error as { sheet?: number; threshold?: number; advice?: string[] };
  const values = { sheet: about.sheet ?? 0, threshold: about.threshold ?? 0 };
  return { status: statusOf(error), errors: [{ field: error.field ?? field, text: t(`office.error.${error.code}`, values) }], advice: about.advice ?? [] };
}
