// Reading the activity log: the latest entries a reader may see, newest first. A supervisor reads
// their organisation's entries (audit_log.organisation_id), an operator admin those that belong
// to no organisation; analysts and editors read none. `account:<id>` is shown as the account's
// login when that account belongs to the same organisation (or, for admins, to the operator):
// an entry never names a member of another organisation.
import type { Kysely } from 'kysely';
import { Forbidden } from '../accounts/accounts.errors.ts';
import type { Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { authorize } from '../office/authorize.ts';
import type { Session } from '../sessions/sessions.ts';
import { AUDIT_ACTIONS, type AuditAction } from './audit.ts';

export const AUDIT_PAGE_SIZE = 200;

/** Who or what an entry names: an account's login when it could be resolved, else the raw name. */
export type AuditName = { login: string } | { raw: string };

export type AuditLine = { seq: number; at: string; actor: AuditName; action: AuditAction | { raw: string }; subject: AuditName };

const ACCOUNT = /^account:([0-9a-f-]{36})$/;

/** The latest `limit` entries of one organisation (or of none, `null`), with logins resolved within it. */
export async function readAuditLog(db: Kysely<Database>, organisationId: string | null, limit = AUDIT_PAGE_SIZE): Promise<AuditLine[]> {
  const base = db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'subject']);
  const rows = await (organisationId === null ? base.where('organisation_id', 'is', null) : base.where('organisation_id', '=', organisationId))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  const ids = new Set<string>();
  for (const row of rows) {
    for (const name of [row.actor, row.subject]) {
      const id = ACCOUNT.exec(name)?.[1];
      if (id) ids.add(id);
    }
  }
  const logins = new Map<string, string>();
  if (ids.size > 0) {
    const accounts = db
      .selectFrom('accounts')
      .select(['id', 'login'])
      .where('id', 'in', [...ids]);
    const same = await (organisationId === null
      ? accounts.where('organisation_id', 'is', null)
      : accounts.where('organisation_id', '=', organisationId)
    ).execute();
    for (const a of same) logins.set(a.id, a.login);
  }
  const nameOf = (name: string): AuditName => {
    const login = logins.get(ACCOUNT.exec(name)?.[1] ?? '');
    return login === undefined ? { raw: name } : { login };
  };
  const known = new Set<string>(AUDIT_ACTIONS);
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: nameOf(row.actor),
    action: known.has(row.action) ? (row.action as AuditAction) : { raw: row.action },
    subject: nameOf(row.subject),
  }));
}

export function createAuditLog(deps: { store: Store }) {
  return {
    /** The entries the session's reader may see: their organisation's, or the operator's. */
    async recent(session: Session): Promise<AuditLine[]> {
      const role = session.account.role;
      if (role === 'supervisor') {
        const organisation = authorize(session, 'organisation.audit');
        if (!organisation) throw new Forbidden('organisation.audit');
        return readAuditLog(deps.store.db, organisation);
      }
      authorize(session, 'operator.audit');
      return readAuditLog(deps.store.db, null);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
