// The tables, as one Database type for Kysely. Times are ISO-8601 strings in UTC; reports keep
// only the hour they arrived (coarse on purpose: an exact time can identify a reporter).
import type { Generated } from 'kysely';
import type {
  ContentRecordTable,
  ContentVersionTable,
  MonitoringAssessmentTable,
  MonitoringCountryTable,
  MonitoringFactTable,
  NewsletterSubscriberTable,
  NewsroomDocumentTable,
  NewsroomItemTable,
  NewsroomTextTable,
  PageTable,
  PageTranslationTable,
  TrainingDetailTable,
  TrainingRequestTable,
  TrainingSessionTable,
} from './schema/site.ts';

export type * from './schema/site.ts';

export type OrganisationTable = {
  id: string;
  name: string;
  kind: 'police' | 'hotline';
  public_key: Buffer;
  created_at: string;
  /** Ed25519 key that signs the organisation's exports (derived from its private key); null until first made. */
  signing_public_key: Generated<Buffer | null>;
};

export type Role = 'admin' | 'editor' | 'supervisor' | 'analyst';

/** Everyone who signs in. Operator admins and editors have no organisation; members have one. */
export type AccountTable = {
  id: string;
  login: string;
  role: Role;
  organisation_id: string | null;
  email: string | null;
  locale: string;
  /** invited: enrolment link sent, no key yet; active; removed: no session, no grant, kept for the log. */
  status: 'invited' | 'active' | 'removed';
  public_key: Buffer | null;
  /** The account's X25519 private key under secretbox, key from Argon2id(password). */
  wrapped_private_key: Buffer | null;
  /** The TOTP secret, sealed under a key derived from the server secret; null until enrolled. */
  second_factor: Buffer | null;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  second_factor_step: number | null;
  /** JSON array of hex SHA-256 digests of the unused recovery codes. */
  recovery_codes: string | null;
  /** Who created the account: `account:<id>` of an admin or supervisor, `cli`, or `demo-setup`. */
  invited_by: string | null;
  created_at: string;
};

export type KeyGrantTable = {
  organisation_id: string;
  account_id: string;
  status: 'pending' | 'active';
  /** The organisation's private key, sealed to the member's public key (active grants). */
  sealed_organisation_key: Buffer | null;
  /** Pending: that sealed key under a random key… */
  pending_box: Buffer | null;
  /** …which is sealed to the organisation's public key, so only a member's session releases it. */
  pending_key: Buffer | null;
  granted_by: string | null;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
};

export type SessionTable = {
  id_hash: Buffer;
  account_id: string;
  stage: 'second-factor' | 'enrol-second-factor' | 'signed-in';
  sealed_key: Buffer | null;
  created_at: number;
  seen_at: number;
  expires_at: number;
};

export type InvitationTable = {
  token_hash: Buffer;
  account_id: string;
  sealed_organisation_key: Buffer | null;
  invited_by: string;
  expires_at: number;
};

export type RecoverySetTable = {
  organisation_id: string;
  set_id: string;
  threshold: number;
  shares: number;
  sealed_key: Buffer;
  created_at: string;
};

export type ChannelTable = {
  id: string;
  kind: 'hosted' | 'external';
  organisation_id: string | null;
  position: number;
  /** The channel's definition from content/channels.yaml (JSON), or as an editor published it. */
  definition: string;
  /** Set once an editor published a change: the import then leaves the channel alone. */
  updated_by: Generated<string | null>;
};

export type ReportTable = {
  id: string;
  channel_id: string;
  organisation_id: string;
  category: string;
  country: string | null;
  received_hour: string;
  workflow_status: string;
  receipt_hash: Buffer;
  reporter_public_key: Buffer;
  sealed_body: Buffer;
  /** The member who holds the report (casework), if anyone. */
  assignee_id: Generated<string | null>;
  /** The decision in effect: the report's own, or (per address) the gravest of its addresses'. */
  classification: Generated<string | null>;
  /** When the report was closed: retention counts from here. */
  closed_at: Generated<string | null>;
  /** How many decisions wait for a second analyst's confirmation. */
  awaiting: Generated<number>;
  /** Bits for the members' next notice mail: 1 a new report, 2 a reporter's answer. */
  notice_pending: Generated<number>;
};

export type ReportUrlTable = {
  report_id: string;
  url_hash: Buffer;
  hosting_country: string | null;
  asn: number | null;
  /** The decision in effect for this address (schemes that classify per address). */
  classification: Generated<string | null>;
  /** JSON of the structured fields recorded with that decision (content type, age group…). */
  fields: Generated<string | null>;
};

/**
 * Keyed digests of reports received under a form's one-time submission token (a day's worth), and
 * for a short while the report's receipt, sealed under a key derived from the token (null once
 * cleared).
 */
export type ReportSubmissionTable = { digest: Buffer; received_at: string; sealed_receipt: Buffer | null };

export type ReportEventTable = {
  report_id: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  sealed_payload: Buffer | null;
  previous_hash: Buffer | null;
  hash: Buffer;
  /** What the event says in clear: a status, a decision, a member's id; never what anyone typed. */
  detail: Generated<string | null>;
  /** A message, sealed to the reporter's key too (the organisation's copy is sealed_payload). */
  reporter_payload: Generated<Buffer | null>;
};

/** A decision (a classification, or a status the scheme wants confirmed) and its confirmation. */
export type CaseDecisionTable = {
  id: string;
  report_id: string;
  organisation_id: string;
  /** '' for the report as a whole, else the hex of the address's keyed hash. */
  item: string;
  kind: 'classification' | 'status';
  value: string;
  fields: string | null;
  state: 'pending' | 'confirmed' | 'rejected';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
};

/** Anonymous counts that outlive purged reports: what the annual report needs, nothing more. */
export type ReportStatisticTable = {
  organisation_id: string;
  month: string;
  channel_id: string;
  category: string;
  classification: string;
  count: number;
};

export type AuditTable = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string | null;
  previous_hash: Buffer | null;
  hash: Buffer;
  organisation_id: string | null;
};

export type OutboxTable = {
  id: string;
  kind: string;
  payload: Buffer;
  attempts: number;
  next_attempt_at: string;
  done_at: string | null;
  last_error: string | null;
};

/** A rate-limit counter (limits/counters.ts): hits in the window that ends at resets_at (epoch ms). */
export type LimitCounterTable = { key: string; hits: number; resets_at: number };

/** A proof-of-work solution already used (intake/proof-of-work.ts), until forget_at (epoch ms). */
export type UsedProofTable = { nonce: Buffer; forget_at: number };

/** Settings every instance must share, e.g. the fingerprint of the server secret. */
export type ServerSettingTable = { name: string; value: string };

export type Database = {
  server_settings: ServerSettingTable;
  organisations: OrganisationTable;
  accounts: AccountTable;
  key_grants: KeyGrantTable;
  sessions: SessionTable;
  invitations: InvitationTable;
  recovery_sets: RecoverySetTable;
  channels: ChannelTable;
  reports: ReportTable;
  report_urls: ReportUrlTable;
  report_events: ReportEventTable;
  report_submissions: ReportSubmissionTable;
  case_decisions: CaseDecisionTable;
  report_statistics: ReportStatisticTable;
  audit_log: AuditTable;
  outbox: OutboxTable;
  pages: PageTable;
  page_translations: PageTranslationTable;
  content_records: ContentRecordTable;
  content_versions: ContentVersionTable;
  limit_counters: LimitCounterTable;
  used_proofs: UsedProofTable;
  newsletter_subscribers: NewsletterSubscriberTable;
  training_sessions: TrainingSessionTable;
  training_details: TrainingDetailTable;
  training_requests: TrainingRequestTable;
  newsroom_items: NewsroomItemTable;
  newsroom_texts: NewsroomTextTable;
  newsroom_documents: NewsroomDocumentTable;
  monitoring_countries: MonitoringCountryTable;
  monitoring_assessments: MonitoringAssessmentTable;
  monitoring_facts: MonitoringFactTable;
};

export type { Generated };
