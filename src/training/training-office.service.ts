// The editors' side of training: sessions and the details shown to visitors (each change audited
// and published to every instance in the same transaction), and companies' requests, which are
// personal data: listed, read and deleted only by editors and admins, each audited without any of
// the request's words in the entry; deleted by the sweeper after TRAINING_REQUEST_DAYS, and
// neither listed nor read once that old, even before the sweeper comes by.
import { randomUUID } from 'node:crypto';
import { type AuditEntry, audited } from '../audit/audit.ts';
import { type ContentWatch, markPublished } from '../content/content-watch.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { authorize } from '../office/authorize.ts';
import type { Session } from '../sessions/sessions.ts';
import { DETAILS, type DetailName, type Details, openRequest, parseDetails, requestKey, type Wording } from './training.service.ts';
import {
  allDetails,
  allRequests,
  allSessions,
  clearDetail,
  deleteRequest,
  deleteRequestsBefore,
  deleteSession,
  findRequest,
  findSession,
  insertSession,
  type SessionFields,
  type SessionRow,
  saveDetail,
  updateSession,
} from './training.store.ts';
import type { TrainingRequest } from './training-request.ts';

export type RequestSummary = { id: string; receivedAt: string; organisation: string };
export type RequestRead = TrainingRequest & { id: string; receivedAt: string };

export type TrainingOffice = {
  overview(session: Session): Promise<{ sessions: SessionRow[]; details: Details }>;
  session(session: Session, id: string): Promise<SessionRow | undefined>;
  addSession(session: Session, fields: SessionFields): Promise<void>;
  /** False when there is no such session (deleted meanwhile). */
  changeSession(session: Session, id: string, fields: SessionFields): Promise<boolean>;
  deleteSession(session: Session, id: string): Promise<boolean>;
  /** Every detail at once: a wording fills it, null leaves it to fill (not shown to visitors). */
  saveDetails(session: Session, details: Record<DetailName, Wording | null>): Promise<void>;
  requests(session: Session): Promise<RequestSummary[]>;
  readRequest(session: Session, id: string): Promise<RequestRead | undefined>;
  deleteRequest(session: Session, id: string): Promise<boolean>;
  /** Deletes requests older than the retention, as of `at` (epoch ms); answers how many. */
  purge(at: number): Promise<number>;
};

export type TrainingOfficeOptions = {
  store: Store;
  keys: Pick<ServerKeys, 'training' | 'audit'>;
  watch: Pick<ContentWatch, 'check'>;
  requestDays: number;
  now?: () => number;
};

export function createTrainingOffice({ store, keys, watch, requestDays, now = Date.now }: TrainingOfficeOptions): TrainingOffice {
  const sealKey = requestKey(keys.training);
  const who = (session: Session) => `account:${session.account.id}`;
  const iso = () => new Date(now()).toISOString();
  /** Requests received before this (ISO), as of `at`, are past their retention: never shown, and swept. */
  const cutoff = (at: number) => new Date(at - requestDays * 86_400_000).toISOString();
  const sessionEntry = (session: Session, action: AuditEntry['action'], id: string, fields?: SessionFields): AuditEntry => ({
    actor: who(session),
    action,
    subject: `training-session:${id}`,
    ...(fields ? { detail: JSON.stringify({ day: fields.starts_on, language: fields.language, seats: fields.seats }) } : {}),
  });
  /** A change visitors see: audited, marked published in the same transaction, then shown here at once. */
  async function publish<T>(entries: Parameters<typeof audited<T>>[2], change: Parameters<typeof audited<T>>[3]): Promise<T> {
    const result = await audited(store, keys, entries, async (trx) => {
      const value = await change(trx);
      await markPublished(trx);
      return value;
    });
    await watch.check();
    return result;
  }

  return {
    async overview(session) {
      authorize(session, 'training.manage');
      const [sessions, rows] = await Promise.all([allSessions(store.db), allDetails(store.db)]);
      return { sessions, details: parseDetails(rows) };
    },
    async session(session, id) {
      authorize(session, 'training.manage');
      return findSession(store.db, id);
    },
    async addSession(session, fields) {
      authorize(session, 'training.manage');
      const id = randomUUID();
      const at = iso();
      await publish(sessionEntry(session, 'training.session-added', id, fields), (trx) =>
        insertSession(trx, { id, ...fields, created_at: at, updated_at: at }),
      );
    },
    async changeSession(session, id, fields) {
      authorize(session, 'training.manage');
      return publish(
        (changed: boolean) => (changed ? sessionEntry(session, 'training.session-changed', id, fields) : []),
        (trx) => updateSession(trx, id, fields, iso()),
      );
    },
    async deleteSession(session, id) {
      authorize(session, 'training.manage');
      return publish(
        (deleted: boolean) => (deleted ? sessionEntry(session, 'training.session-deleted', id) : []),
        (trx) => deleteSession(trx, id),
      );
    },
    async saveDetails(session, details) {
      authorize(session, 'training.manage');
      const filled = DETAILS.filter((name) => details[name] !== null);
      const entry: AuditEntry = { actor: who(session), action: 'training.details-changed', subject: 'training:details', detail: JSON.stringify({ filled }) };
      await publish(entry, async (trx) => {
        for (const name of DETAILS) {
          const wording = details[name];
          if (wording) await saveDetail(trx, name, JSON.stringify(wording), iso());
          else await clearDetail(trx, name);
        }
      });
    },
    async requests(session) {
      authorize(session, 'training.requests');
      const entry = (list: RequestSummary[]): AuditEntry => ({
        actor: who(session),
        action: 'training-requests.listed',
        subject: 'training:requests',
        detail: JSON.stringify({ requests: list.length }),
      });
      return audited(store, keys, entry, async (trx) =>
        (await allRequests(trx, cutoff(now()))).map((row) => ({
          id: row.id,
          receivedAt: row.received_at,
          organisation: openRequest(row.sealed, sealKey).organisation,
        })),
      );
    },
    async readRequest(session, id) {
      authorize(session, 'training.requests');
      const row = await findRequest(store.db, id, cutoff(now()));
      if (!row) return undefined;
      const entry: AuditEntry = { actor: who(session), action: 'training-request.read', subject: `training-request:${row.id}` };
      return audited(store, keys, entry, async () => ({ ...openRequest(row.sealed, sealKey), id: row.id, receivedAt: row.received_at }));
    },
    async deleteRequest(session, id) {
      authorize(session, 'training.requests');
      const deleted = await audited(
        store,
        keys,
        (n: number) =>
          n ? { actor: who(session), action: 'training-request.deleted', subject: `training-request:${id}`, detail: JSON.stringify({ deleted: n }) } : [],
        (trx) => deleteRequest(trx, id),
      );
      return deleted > 0;
    },
    async purge(at) {
      const before = cutoff(at);
      return audited(
        store,
        keys,
        (deleted: number) =>
          deleted
            ? { actor: 'system', action: 'training-requests.purged', subject: 'training:requests', detail: JSON.stringify({ deleted, days: requestDays }) }
            : [],
        (trx) => deleteRequestsBefore(trx, before),
      );
    },
  };
}
