// The tables of the public site's words and of what editors run (pages, versions, newsletter,
// training, news and publications, monitoring): one part of schema.ts's Database type.
import type { Generated } from 'kysely';

export type PageTable = {
  slug: string;
  section: string;
  position: number;
  /** JSON array of the locales shown in English until translated (an editor's explicit choice). */
  fallback_locales: Generated<string>;
  updated_by: Generated<string | null>;
};

/** One version of an editable item (editing/): drafts have no published_at. */
export type ContentVersionTable = {
  subject: string;
  number: number;
  data: string;
  created_at: string;
  created_by: string;
  published_at: string | null;
  published_by: string | null;
  reverted_from: number | null;
};

export type PageTranslationTable = {
  slug: string;
  locale: string;
  title: string;
  summary: string;
  body: string;
  source_hash: string;
  updated_at: string;
  updated_by: string | null;
};

/** Help services, emergency numbers, laws, definitions, triage: one validated JSON document each. */
export type ContentRecordTable = {
  collection: string;
  id: string;
  position: number;
  data: string;
  source_hash: string;
  updated_at: string;
  updated_by: string | null;
};

/**
 * A newsletter subscriber (newsletter/): the address sealed, found by its keyed digest; links kept
 * as digests. Pending ones are deleted after 7 days.
 */
export type NewsletterSubscriberTable = {
  id: string;
  address_digest: Buffer;
  sealed_address: Buffer;
  locale: string;
  status: 'pending' | 'confirmed';
  confirm_digest: Buffer | null;
  unsubscribe_digest: Buffer;
  created_at: string;
  confirmed_at: string | null;
};

/** A training session editors announce (training/): a day in Luxembourg, a place, a language, seats. */
export type TrainingSessionTable = {
  id: string;
  starts_on: string;
  place: string;
  language: string;
  seats: number;
  created_at: string;
  updated_at: string;
};

/** A detail of the training an editor filled for visitors (price, length, contact): JSON { en, fr, de }. */
export type TrainingDetailTable = { name: string; wording: string; updated_at: string };

/** A company's training request (training/): every field sealed as one box; deleted after TRAINING_REQUEST_DAYS. */
export type TrainingRequestTable = { id: string; sealed: Buffer; received_at: string };

/**
 * A news item or a publication (newsroom/): `date` is 'YYYY-MM-DD', or 'YYYY' for a publication
 * known by its year only; `fallback` lists the locales (space-separated) an editor let show the
 * English text; `updated_by` is null for a publication imported from content/publications.yaml.
 */
export type NewsroomItemTable = {
  kind: 'news' | 'publication';
  id: string;
  date: string;
  country: string | null;
  status: 'draft' | 'published';
  fallback: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  published_at: string | null;
};

/** A news item's or publication's words in one locale (Markdown body). */
export type NewsroomTextTable = { kind: 'news' | 'publication'; item_id: string; locale: string; title: string; summary: string; body: string };

/** A publication's PDF: the bytes live in the database, so that every instance serves them. */
export type NewsroomDocumentTable = { publication_id: string; bytes: Buffer; size: number; digest: string; uploaded_at: string };

/** A country the operator follows (monitoring/): its ISO 3166-1 alpha-2 code, upper case. */
export type MonitoringCountryTable = { id: string; position: number; added_at: string; added_by: string };

/**
 * One version of an indicator's assessment for a country (monitoring/): never updated, a new
 * assessment is the next version. `evidence` is JSON { en, fr, de }; `sources` a JSON array.
 */
export type MonitoringAssessmentTable = {
  country_id: string;
  indicator: string;
  version: number;
  state: string;
  evidence: string;
  sources: string;
  assessed_on: string | null;
  verification: string;
  note: string | null;
  recorded_at: string;
  recorded_by: string;
};

/** One version of a dated fact (monitoring/): a correction is the next version; `source` is JSON. */
export type MonitoringFactTable = {
  country_id: string;
  fact_id: string;
  version: number;
  kind: string;
  value: string | null;
  date: string;
  until: string | null;
  source: string;
  verification: string;
  note: string | null;
  recorded_at: string;
  recorded_by: string;
};
