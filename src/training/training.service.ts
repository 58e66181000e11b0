// The public side of training: what every instance keeps in memory for the page (upcoming
// sessions, the details editors filled), and a company's request, sealed on receipt. A request is
// personal data: all its fields go into one box under a key derived from the server secret (never
// in the database), so a copy of the database alone reveals no company, name or address.
import { randomUUID } from 'node:crypto';
import { openSecretBox, secretBox } from '../crypto/box.ts';
import { keyedHash, type ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { allDetails, insertRequest, type SessionRow, sessionsFrom } from './training.store.ts';
import { dayAt } from './training-days.ts';
import type { TrainingRequest } from './training-request.ts';

/** What an editor fills for visitors; until then the page says nothing of it. */
export const DETAILS = ['duration', 'price', 'contact'] as const;
export type DetailName = (typeof DETAILS)[number];
export type Wording = Record<Locale, string>;
export type Details = Partial<Record<DetailName, Wording>>;

export type PublicTraining = { sessions: SessionRow[]; details: Details };

/** The sealing key of requests, from the training key. */
export const requestKey = (trainingKey: Buffer) => keyedHash(trainingKey, 'sealed-request/v1');

export function sealRequest(request: TrainingRequest, key: Buffer): Buffer {
  return secretBox(Buffer.from(JSON.stringify(request), 'utf8'), key);
}

export function openRequest(sealed: Uint8Array, key: Buffer): TrainingRequest {
  return JSON.parse(openSecretBox(Buffer.from(sealed), key).toString('utf8')) as TrainingRequest;
}

/** The filled details, each in every locale (a row missing a locale is not shown). */
export function parseDetails(rows: { name: string; wording: string }[]): Details {
  const details: Details = {};
  for (const row of rows) {
    const name = DETAILS.find((d) => d === row.name);
    const wording = JSON.parse(row.wording) as Partial<Wording>;
    if (name && LOCALES.every((l) => typeof wording[l] === 'string' && wording[l])) details[name] = wording as Wording;
  }
  return details;
}

/** Sessions from the day of `at` on, and the details: loaded at start and after every publish. */
export async function loadPublicTraining(store: Store, at: number): Promise<PublicTraining> {
  const [sessions, rows] = await Promise.all([sessionsFrom(store.db, dayAt(at)), allDetails(store.db)]);
  return { sessions, details: parseDetails(rows) };
}

/** Stores a valid request, sealed; answers its id. */
export async function storeRequest(store: Store, keys: Pick<ServerKeys, 'training'>, request: TrainingRequest, at: number): Promise<string> {
  const id = randomUUID();
  await insertRequest(store.db, { id, sealed: sealRequest(request, requestKey(keys.training)), received_at: new Date(at).toISOString() });
  return id;
}
