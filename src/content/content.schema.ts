// Schemas for the content files under content/: they validate the files at start-up and give
// the types the rest of Haven uses. Editors' screens (a later issue) validate with the same ones.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { LOCALES } from '../i18n/locales.ts';

const Text = Type.String({ minLength: 1 });
export const Id = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const Url = Type.String({ pattern: '^https?://\\S+$' });

/** Text in every required locale; more locales (lb, pt) are welcome. */
export const LocaleText = Type.Object(Object.fromEntries(LOCALES.map((l) => [l, Text])) as Record<(typeof LOCALES)[number], typeof Text>, {
  additionalProperties: Text,
});

export const Verification = Type.Union([Type.Literal('verified'), Type.Literal('unverified'), Type.Literal('not-identified'), Type.Literal('obsolete')]);
export type Verification = Static<typeof Verification>;

const Day = Type.Union(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => Type.Literal(d)));
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const Hours = Type.Object(
  {
    verification: Verification,
    note: Type.Optional(Type.String()),
    always: Type.Optional(Type.Boolean()),
    weekly: Type.Optional(Type.Array(Type.Object({ days: Type.Array(Day, { minItems: 1 }), open: Clock, close: Clock }, { additionalProperties: false }))),
    /**
     * Days that differ from the week (public holidays): closed all day, or open from `open` to
     * `close` instead of the weekly hours. In the service's time zone.
     */
    exceptions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            date: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }),
            closed: Type.Optional(Type.Boolean()),
            open: Type.Optional(Clock),
            close: Type.Optional(Clock),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type Hours = Static<typeof Hours>;

export const Audience = Type.Union(['children', 'young-people', 'parents', 'adults', 'professionals', 'anyone'].map((a) => Type.Literal(a)));

export const HelpService = Type.Object(
  {
    id: Id,
    name: LocaleText,
    purpose: LocaleText,
    phone: Type.Optional(Type.String({ pattern: '^[0-9][0-9 \\-–]*$' })),
    free: Type.Optional(Type.Boolean()),
    anonymous: Type.Optional(Type.Boolean()),
    audience: Type.Optional(Type.Array(Audience)),
    languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}$' }))),
    web: Type.Optional(Url),
    hours: Type.Optional(Hours),
    verification: Verification,
    note: Type.Optional(Type.String()),
    sources: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type HelpService = Static<typeof HelpService>;

export const EmergencyNumber = Type.Object(
  {
    id: Id,
    number: Type.String({ pattern: '^[0-9 ]+$' }),
    label: LocaleText,
    when: LocaleText,
  },
  { additionalProperties: false },
);
export type EmergencyNumber = Static<typeof EmergencyNumber>;

/**
 * Why one law row's figures are not settled, beyond what every row shares (texts that may predate
 * the 2023 reform: the law page says that once, at its top). Shown beside the row, in words.
 */
export const LAW_FLAGS = ['sources-conflict', 'press-only', 'replaced', 'not-cross-checked'] as const;
export const LawFlag = Type.Union(LAW_FLAGS.map((f) => Type.Literal(f)));
export type LawFlag = Static<typeof LawFlag>;

export const Law = Type.Object(
  {
    id: Id,
    code: Type.Union([Type.Literal('penal'), Type.Literal('criminal-procedure'), Type.Literal('civil')]),
    article: Text,
    title: LocaleText,
    summary: LocaleText,
    /** Left out only when the article sets no penalty (a definition, a rule of procedure). */
    penalty: Type.Optional(LocaleText),
    verification: Verification,
    flags: Type.Optional(Type.Array(LawFlag, { minItems: 1, uniqueItems: true })),
    note: Type.Optional(Type.String()),
    sources: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type Law = Static<typeof Law>;

export const Definition = Type.Object(
  {
    id: Id,
    term: LocaleText,
    formerly: Type.Optional(LocaleText),
    definition: LocaleText,
    why: Type.Optional(LocaleText),
    /** The page that says more about it. */
    page: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type Definition = Static<typeof Definition>;

export const FORMS = ['police', 'travel', 'online'] as const;
export type FormKind = (typeof FORMS)[number];

export const Channel = Type.Object(
  {
    id: Id,
    kind: Type.Union([Type.Literal('hosted'), Type.Literal('external')]),
    /** The organisation that receives (and alone can read) the channel's reports. */
    recipient: Type.Optional(Id),
    /** Where an external channel's own form lives. */
    externalUrl: Type.Optional(Url),
    form: Type.Union(FORMS.map((f) => Type.Literal(f))),
    identity: Type.Union([Type.Literal('required'), Type.Literal('optional')]),
    title: LocaleText,
    summary: LocaleText,
    categories: Type.Array(Type.Object({ id: Id, label: LocaleText }, { additionalProperties: false }), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Channel = Static<typeof Channel>;

export const TriageAction = Type.Union([
  Type.Object({ kind: Type.Literal('emergency') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('help'), service: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('channel'), channel: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('page'), page: Id }, { additionalProperties: false }),
]);
export type TriageAction = Static<typeof TriageAction>;

export const Triage = Type.Object(
  {
    start: Id,
    steps: Type.Array(
      Type.Object(
        {
          id: Id,
          question: LocaleText,
          hint: Type.Optional(LocaleText),
          answers: Type.Array(
            Type.Object(
              {
                id: Id,
                label: LocaleText,
                next: Type.Optional(Id),
                outcome: Type.Optional(Id),
              },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    outcomes: Type.Array(
      Type.Object(
        {
          id: Id,
          /** The outcome speaks to the child it is about (written with "du"/"tu", not "Sie"/"vous"). */
          addressesChild: Type.Optional(Type.Boolean()),
          title: LocaleText,
          text: LocaleText,
          actions: Type.Array(TriageAction),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type Triage = Static<typeof Triage>;

/** Text that reads the same in every locale, or is given per locale where the wording differs. */
const Wording = Type.Union([Text, LocaleText]);
export type Wording = Static<typeof Wording>;

/**
 * Who runs the site (content/operator.yaml): named in every page's footer and on the about,
 * privacy and accessibility pages. Every field but the name is optional: what the sources do not
 * give is left out rather than guessed.
 */
export const Operator = Type.Object(
  {
    name: Wording,
    /** A shorter form for tight places (the footer); the name is used when there is none. */
    shortName: Type.Optional(Wording),
    /** An SVG file beside operator.yaml in content/; only plain shapes are accepted (no script, style or links). */
    logo: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*\\.svg$' })),
    /** Postal address, one line each, as written on an envelope. */
    address: Type.Optional(Type.Array(Text, { minItems: 1, maxItems: 8 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9]+( [0-9]+)*$', minLength: 3, maxLength: 24 })),
    email: Type.Optional(Type.String({ pattern: '^[^\\s@<>"()]+@[^\\s@<>"()]+\\.[A-Za-z]{2,}$', maxLength: 254 })),
    /**
     * Things said about the operator on its about page. Only 'verified' ones reach visitors; the
     * others are carried, with their note, for the editors to check.
     */
    statements: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Id,
            text: LocaleText,
            verification: Verification,
            note: Type.Optional(Type.String()),
            sources: Type.Optional(Type.Array(Type.String())),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    note: Type.Optional(Type.String()),
    sources: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type Operator = Static<typeof Operator>;

export const PAGE_SECTIONS = ['exploitation', 'information', 'about'] as const;
export const PageFrontMatter = Type.Object(
  {
    title: Text,
    summary: Text,
    section: Type.Union(PAGE_SECTIONS.map((s) => Type.Literal(s))),
    order: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type PageFrontMatter = Static<typeof PageFrontMatter>;

/** The data collections kept as validated JSON documents in content_records. */
export const COLLECTIONS = {
  'help-services': HelpService,
  emergency: EmergencyNumber,
  laws: Law,
  definitions: Definition,
  operator: Operator,
} satisfies Record<string, TSchema>;
export type CollectionName = keyof typeof COLLECTIONS | 'triage';
