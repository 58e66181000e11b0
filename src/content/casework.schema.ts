// How a recipient organisation works a channel's reports (content/casework.yaml): what it decides
// about each report or each address, which decisions need a second analyst, its deadlines and how
// long closed reports are kept. Data, so a hotline adapts its scheme without code.
import { type Static, Type } from '@sinclair/typebox';
import { WORKFLOW_STATUSES } from '../reports/report-status.ts';
import { Id, LocaleText } from './content.schema.ts';

export const CaseField = Type.Object(
  {
    id: Id,
    kind: Type.Union([Type.Literal('choice'), Type.Literal('yes-no')]),
    label: LocaleText,
    options: Type.Optional(Type.Array(Type.Object({ id: Id, label: LocaleText }, { additionalProperties: false }), { minItems: 2 })),
  },
  { additionalProperties: false },
);
export type CaseField = Static<typeof CaseField>;

export const CaseDecision = Type.Object(
  {
    id: Id,
    label: LocaleText,
    /** Takes effect only once a second analyst confirms it. */
    confirm: Type.Optional(Type.Boolean()),
    /** The structured fields recorded with this decision (ids from the scheme's `fields`). */
    fields: Type.Optional(Type.Array(Id)),
  },
  { additionalProperties: false },
);
export type CaseDecision = Static<typeof CaseDecision>;

export const Casework = Type.Object(
  {
    /** The channel whose reports this scheme works (channels.yaml). */
    channel: Id,
    /** What is classified: the report as a whole, or each web address in it. */
    per: Type.Union([Type.Literal('report'), Type.Literal('url')]),
    /** Hours from arrival to the first assessment (the report leaves "new"). */
    firstAssessmentHours: Type.Integer({ minimum: 1 }),
    /** Days from arrival to a decision (action taken, no action, or closed). */
    resolutionDays: Type.Integer({ minimum: 1 }),
    /** Days a closed report is kept before it is purged, leaving only counts. */
    retentionDays: Type.Integer({ minimum: 0 }),
    /** In order of gravity, gravest first: a report classified per address takes its gravest. */
    decisions: Type.Array(CaseDecision, { minItems: 1 }),
    fields: Type.Optional(Type.Array(CaseField)),
    /** Statuses that take effect only once a second analyst confirms them. */
    confirmStatuses: Type.Optional(Type.Array(Type.Union(WORKFLOW_STATUSES.map((s) => Type.Literal(s))))),
  },
  { additionalProperties: false },
);
export type Casework = Static<typeof Casework>;
