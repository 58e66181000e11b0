// A company's training request as the form sends it: what was typed (kept, to be given back with
// its errors) and what is wrong with it. Nothing here stores anything.
import { isEmail, textOf } from '../intake/report-fields.ts';

/** The languages a training can be given or asked for in (Luxembourg's three, and English). */
export const TRAINING_LANGUAGES = ['en', 'fr', 'de', 'lb'] as const;
export type TrainingLanguage = (typeof TRAINING_LANGUAGES)[number];
export const isTrainingLanguage = (value: string): value is TrainingLanguage => (TRAINING_LANGUAGES as readonly string[]).includes(value);

export const LIMITS = { organisation: 200, contactName: 200, email: 254, phone: 40, dates: 500 } as const;
export const STAFF_MAX = 10_000;

export const REQUEST_FIELDS = ['organisation', 'contactName', 'email', 'phone', 'language', 'dates', 'staff'] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

/** The form as typed: every field text, so that nothing typed is lost when it comes back. */
export type RequestDraft = Record<RequestField, string>;
/** A field and what is wrong with it ('missing', 'invalid' or 'long'); 'too-many' is the form's. */
export type RequestProblem = { field: RequestField; kind: 'missing' | 'invalid' | 'long' } | { field: 'form'; kind: 'too-many' };

/** A request once valid: what is sealed and what editors read. */
export type TrainingRequest = {
  organisation: string;
  contactName: string;
  email: string;
  phone: string;
  language: TrainingLanguage;
  dates: string;
  staff: number;
};

export const emptyDraft = (): RequestDraft => ({ organisation: '', contactName: '', email: '', phone: '', language: '', dates: '', staff: '' });

/** What the form sent, as text; long input is kept (cut only to a sane bound) and refused later. */
export function draftOf(body: Record<string, unknown>): RequestDraft {
  const draft = emptyDraft();
  for (const field of REQUEST_FIELDS) draft[field] = textOf(body[field]).slice(0, 4 * 1024);
  return draft;
}

const PHONE = /^\+?[0-9 ()./-]{4,}$/;
const WHOLE = /^[0-9]{1,6}$/;

/** The request, or what is wrong with the form (every field's problem at once). */
export function readRequest(draft: RequestDraft): { request: TrainingRequest } | { problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const text = (field: 'organisation' | 'contactName' | 'dates', required: boolean) => {
    const value = draft[field];
    if (required && !value) problems.push({ field, kind: 'missing' });
    else if (value.length > LIMITS[field]) problems.push({ field, kind: 'long' });
  };
  text('organisation', true);
  text('contactName', true);
  if (!draft.email) problems.push({ field: 'email', kind: 'missing' });
  else if (draft.email.length > LIMITS.email || !isEmail(draft.email)) problems.push({ field: 'email', kind: 'invalid' });
  if (draft.phone && (draft.phone.length > LIMITS.phone || !PHONE.test(draft.phone) || !/[0-9]{4}/.test(draft.phone.replace(/\D/g, ''))))
    problems.push({ field: 'phone', kind: 'invalid' });
  if (!isTrainingLanguage(draft.language)) problems.push({ field: 'language', kind: draft.language ? 'invalid' : 'missing' });
  text('dates', false);
  const staff = draft.staff.replace(/[\s.,’']/g, '');
  if (!draft.staff) problems.push({ field: 'staff', kind: 'missing' });
  else if (!WHOLE.test(staff) || Number(staff) < 1 || Number(staff) > STAFF_MAX) problems.push({ field: 'staff', kind: 'invalid' });
  if (problems.length || !isTrainingLanguage(draft.language)) return { problems };
  const { organisation, contactName, email, phone, language, dates } = draft;
  return { request: { organisation, contactName, email, phone, language, dates, staff: Number(staff) } };
}
