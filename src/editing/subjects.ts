// What an editor can change, each named by a subject: "page/<slug>", "record/<collection>/<id>"
// (help services, emergency numbers, laws, definitions, the operator, the triage) or
// "channel/<id>". Each has a schema its data must fit before it is saved, and the same schemas
// the content files are checked with.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Channel, COLLECTIONS, PAGE_SECTIONS, Triage } from '../content/content.schema.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';

export const RECORD_COLLECTIONS = ['help-services', 'emergency', 'laws', 'definitions', 'operator', 'triage'] as const;
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

/** The operator and the triage are one record each, under this id. */
export const SINGLE_ID = 'main';

const PageText = Type.Object(
  { title: Type.String({ maxLength: 200 }), summary: Type.String({ maxLength: 500 }), body: Type.String({ maxLength: 100_000 }) },
  { additionalProperties: false },
);

/** A page as an editor saves it: a locale may be missing from a draft, not from what is published. */
export const PageData = Type.Object(
  {
    section: Type.Union(PAGE_SECTIONS.map((s) => Type.Literal(s))),
    order: Type.Integer({ minimum: 0, maximum: 10_000 }),
    translations: Type.Partial(Type.Object(Object.fromEntries(LOCALES.map((l) => [l, PageText])) as Record<Locale, typeof PageText>), {
      additionalProperties: false,
    }),
    /** Locales shown in English until translated: the editor's explicit choice, never a default. */
    fallback: Type.Array(Type.Union(LOCALES.filter((l) => l !== 'en').map((l) => Type.Literal(l))), { uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type PageData = Static<typeof PageData>;

/** The operator as an editor changes it: its logo is a file an operator installs, not an editor's field. */
const EditableOperator = Type.Omit(COLLECTIONS.operator, ['logo']);

export type Subject = { kind: 'page'; slug: string } | { kind: 'record'; collection: RecordCollection; id: string } | { kind: 'channel'; id: string };

export const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Addresses the site's own routes answer: a page with one of these names could never be reached. */
export const RESERVED_SLUGS = new Set([
  'help',
  'triage',
  'report',
  'newsletter',
  'news',
  'publications',
  'monitoring',
  'training',
  'home',
  'api',
  'assets',
  'office',
]);

export function parseSubject(text: string): Subject | undefined {
  const [kind, a, b, ...rest] = text.split('/');
  if (rest.length) return undefined;
  if (kind === 'page' && a && ID.test(a) && b === undefined) return { kind, slug: a };
  if (kind === 'channel' && a && ID.test(a) && b === undefined) return { kind, id: a };
  if (kind === 'record' && (RECORD_COLLECTIONS as readonly string[]).includes(a ?? '') && b && ID.test(b)) {
    // The operator and the triage are one record each: only under their one id.
    if ((a === 'operator' || a === 'triage') && b !== SINGLE_ID) return undefined;
    return { kind, collection: a as RecordCollection, id: b };
  }
  return undefined;
}

export function subjectKey(subject: Subject): string {
  if (subject.kind === 'page') return `page/${subject.slug}`;
  if (subject.kind === 'channel') return `channel/${subject.id}`;
  return `record/${subject.collection}/${subject.id}`;
}

/** The schema an editor's data for the subject must fit. */
export function schemaOf(subject: Subject): TSchema {
  if (subject.kind === 'page') return PageData;
  if (subject.kind === 'channel') return Channel;
  if (subject.collection === 'triage') return Triage;
  if (subject.collection === 'operator') return EditableOperator;
  return COLLECTIONS[subject.collection];
}

/** The id a record's data carries (the operator's and the triage's have none: theirs is "main"). */
export function carriesId(subject: Subject): boolean {
  return subject.kind === 'channel' || (subject.kind === 'record' && subject.collection !== 'operator' && subject.collection !== 'triage');
}

/** What keeps a page from being published: the locales with neither text nor an explicit fallback. */
export function missingLocales(page: PageData): Locale[] {
  if (!complete(page.translations.en)) return ['en'];
  return LOCALES.filter((l) => l !== 'en' && !complete(page.translations[l]) && !(page.fallback as string[]).includes(l));
}

function complete(text: { title: string; summary: string; body: string } | undefined): boolean {
  return Boolean(text?.title.trim() && text.summary.trim() && text.body.trim());
}
