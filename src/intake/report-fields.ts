// What each form asks, and the one validation both the HTML forms and the JSON API go through.
// Field errors carry a code, never text: the route translates them into the visitor's language.
// Hand-written rather than a schema library's errors because each rule maps to a message a
// frightened visitor can act on ("give an e-mail address or a phone number"), which generic
// schema errors do not give.
import countries from 'i18n-iso-countries';
import type { Channel, FormKind } from '../content/content.schema.ts';

export const MAX_URLS = 20;
export const MAX_URL_LENGTH = 2048;

export type FieldKind = 'choice' | 'text' | 'longtext' | 'email' | 'phone' | 'contact' | 'country' | 'urls' | 'accept';
export type FieldSpec = { name: string; kind: FieldKind; required: boolean; max: number; identity?: boolean };

const text = (name: string, max: number, required = false): FieldSpec => ({ name, kind: max > 500 ? 'longtext' : 'text', required, max });

const identity: FieldSpec[] = [
  { name: 'name', kind: 'text', required: true, max: 200, identity: true },
  { name: 'email', kind: 'email', required: false, max: 254, identity: true },
  { name: 'phone', kind: 'phone', required: false, max: 40, identity: true },
];
const acknowledgements: FieldSpec[] = [
  { name: 'acknowledgeFalseReports', kind: 'accept', required: true, max: 0 },
  { name: 'acknowledgeFinal', kind: 'accept', required: true, max: 0 },
];
const category: FieldSpec = { name: 'category', kind: 'choice', required: true, max: 0 };

export const FORM_FIELDS: Record<FormKind, FieldSpec[]> = {
  police: [
    category,
    text('description', 10_000, true),
    text('when', 500),
    text('where', 1000),
    text('child', 2000),
    text('suspect', 2000),
    ...identity,
    ...acknowledgements,
  ],
  travel: [
    category,
    { name: 'country', kind: 'country', required: true, max: 2 },
    text('place', 500, true),
    text('when', 500),
    text('description', 10_000, true),
    text('child', 2000),
    text('suspect', 2000),
    ...identity,
    ...acknowledgements,
  ],
  online: [
    { name: 'urls', kind: 'urls', required: true, max: MAX_URL_LENGTH },
    category,
    text('description', 5000),
    { name: 'contact', kind: 'contact', required: false, max: 254, identity: true },
  ],
};

/**
 * The most characters a field takes, when it is typed text: said beside the field and set as its
 * maxlength. The count is the one validateReport makes, `length` (UTF-16 code units) of the text
 * trimmed, NFC-normalised and with line ends as one: what browsers count for maxlength too, so
 * the browser stops where the server would. None for a choice, a country code or the web
 * addresses, which are limited per line and in number (their hint says how many).
 */
export function characterLimit(spec: FieldSpec): number | undefined {
  const typed: FieldKind[] = ['text', 'longtext', 'email', 'phone', 'contact'];
  return typed.includes(spec.kind) && spec.max > 0 ? spec.max : undefined;
}

/** The names of the fields each kind of form takes. */
const namesOf = (form: FormKind): ReadonlySet<string> => new Set(FORM_FIELDS[form].map((f) => f.name));
export const FIELD_NAMES: Record<FormKind, ReadonlySet<string>> = { police: namesOf('police'), travel: namesOf('travel'), online: namesOf('online') };

/** Characters a form of this kind holds when every field is full (a URL line counts its line end). */
export function maxCharacters(form: FormKind): number {
  return FORM_FIELDS[form].reduce((sum, f) => sum + (f.kind === 'urls' ? MAX_URLS * (f.max + 1) : f.max), 0);
}

/**
 * The body size a report may have. Form encoding can turn one character into 9 bytes (%E4%B8%AD)
 * and JSON into 6 (\u4e2d), so a full form of the longest kind takes up to 9 bytes a character;
 * twice that, so that text typed or pasted past a field's limit still arrives and comes back in
 * the form with "too long", instead of a 413 page that loses everything the visitor wrote.
 */
export const REPORT_BODY_LIMIT = 2 * 9 * Math.max(...(Object.keys(FORM_FIELDS) as FormKind[]).map(maxCharacters));

export type FieldErrorCode =
  | 'required'
  | 'too-long'
  | 'invalid-choice'
  | 'invalid-email'
  | 'invalid-phone'
  | 'invalid-contact'
  | 'contact-required'
  | 'must-accept'
  | 'url-invalid'
  | 'url-scheme'
  | 'url-too-long'
  | 'too-many-urls'
  | 'invalid-country'
  | 'unknown-field'
  | 'malformed';
/**
 * `index`: which URL line is wrong; `max`: the most the field takes, for its message: characters
 * (too-long), characters of one address (url-too-long), or addresses (too-many-urls).
 */
export type FieldError = { field: string; code: FieldErrorCode; index?: number; max?: number };

/** What a visitor typed, as a form (strings) or the API (strings, arrays, booleans) gives it. */
export type RawFields = Record<string, unknown>;

/** A valid report: the parts kept in clear for workflow and statistics, and the rest to seal. */
export type ValidReport = {
  channel: Channel;
  category: string;
  country: string | null;
  urls: string[];
  /** Everything the reporter typed, including the URLs; sealed as one box. */
  sealed: Record<string, string | string[] | boolean>;
};

// The WHATWG "valid e-mail address" production, as browsers check <input type=email>.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** The WHATWG "valid e-mail address", as browsers check <input type=email> (also the newsletter's). */
export const isEmail = (value: string): boolean => EMAIL.test(value);
const PHONE = /^\+?[0-9 ()./-]{4,39}$/;

/** One text value from a form or JSON: trimmed, Unicode-normalised, line ends unified. */
export function textOf(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  if (typeof first === 'number') return String(first);
  return '';
}

/** URLs from a textarea (one per line) or a JSON array; blank lines dropped. */
export function urlsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((v) => (typeof v === 'string' ? v.split(/[\r\n]+/) : []))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A value of a type the field cannot hold (an object, a list where one value belongs, a list of
 * addresses that are not all text): refused with 'malformed' rather than guessed at, so that a
 * platform sending a description as a list of lines learns it, instead of losing all but one.
 */
function isMalformed(spec: FieldSpec, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (spec.kind === 'urls') return !(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')));
  if (spec.kind === 'accept') return typeof value !== 'boolean' && typeof value !== 'string';
  return typeof value !== 'string' && typeof value !== 'number';
}

/** A tick-box value that means "ticked", as a form or the API sends it. */
export function accepted(value: unknown): boolean {
  return value === true || value === 'yes' || value === 'on' || value === 'true';
}

export function isCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function validateReport(channel: Channel, raw: RawFields): { report: ValidReport } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const sealed: ValidReport['sealed'] = {};
  let urls: string[] = [];
  for (const spec of FORM_FIELDS[channel.form]) {
    const value = raw[spec.name];
    if (isMalformed(spec, value)) {
      errors.push({ field: spec.name, code: 'malformed' });
      continue;
    }
    if (spec.kind === 'accept') {
      if (!accepted(value)) errors.push({ field: spec.name, code: 'must-accept' });
      else sealed[spec.name] = true;
      continue;
    }
    if (spec.kind === 'urls') {
      urls = urlsOf(value);
      if (urls.length === 0) errors.push({ field: spec.name, code: 'required' });
      else if (urls.length > MAX_URLS) errors.push({ field: spec.name, code: 'too-many-urls', max: MAX_URLS });
      else
        urls.forEach((u, index) => {
          const code = checkUrl(u);
          if (code) errors.push({ field: spec.name, code, index, ...(code === 'url-too-long' ? { max: MAX_URL_LENGTH } : {}) });
        });
      sealed.urls = urls;
      continue;
    }
    const v = textOf(value);
    if (!v) {
      if (spec.required) errors.push({ field: spec.name, code: 'required' });
      continue;
    }
    if (v.length > spec.max && spec.max > 0) {
      errors.push({ field: spec.name, code: 'too-long', max: spec.max });
      continue;
    }
    const code = checkValue(spec, v, channel);
    if (code) errors.push({ field: spec.name, code });
    else sealed[spec.name] = spec.kind === 'country' ? v.toUpperCase() : v;
  }
  if (channel.identity === 'required' && !sealed.email && !sealed.phone && !errors.some((e) => e.field === 'email' || e.field === 'phone')) {
    errors.push({ field: 'email', code: 'contact-required' });
  }
  if (errors.length) return { errors };
  const country = typeof sealed.country === 'string' ? sealed.country : null;
  return { report: { channel, category: String(sealed.category), country, urls, sealed } };
}

function checkValue(spec: FieldSpec, v: string, channel: Channel): FieldErrorCode | undefined {
  switch (spec.kind) {
    case 'choice':
      return channel.categories.some((c) => c.id === v) ? undefined : 'invalid-choice';
    case 'email':
      return EMAIL.test(v) ? undefined : 'invalid-email';
    case 'phone':
      return PHONE.test(v) && /[0-9].*[0-9].*[0-9].*[0-9]/.test(v) ? undefined : 'invalid-phone';
    case 'contact':
      return EMAIL.test(v) || PHONE.test(v) ? undefined : 'invalid-contact';
    case 'country':
      return isCountry(v.toUpperCase()) ? undefined : 'invalid-country';
    default:
      return undefined;
  }
}

/** http(s) only, with a real host name. The address is parsed, never fetched. */
export function checkUrl(input: string): FieldErrorCode | undefined {
  if (input.length > MAX_URL_LENGTH) return 'url-too-long';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`);
  } catch {
    return 'url-invalid';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url-scheme';
  if (!url.hostname.includes('.') && !url.hostname.startsWith('[')) return 'url-invalid';
  return undefined;
}

/**
 * The form of a URL used for duplicate detection: scheme and host lower-cased (and punycoded by
 * the URL parser), default port, fragment and trailing dot dropped. Path and query are kept as
 * they are: two different queries are often two different pieces of material.
 */
export function normaliseUrl(input: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`);
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.replace(/\.$/, '');
  return url.href;
}
