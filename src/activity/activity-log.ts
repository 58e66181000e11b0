// Reading the activity log: the latest entries a reader may see, newest first. A supervisor reads
// their organisation's entries (audit_log.organisation_id); an operator admin those that belong to
// no organisation and everything the operator did in one (its accounts, its command line), so one
// admin sees what another did; analysts and editors read none. The presenter below says what each
// stored name is shown as: a login only on the reader's own side (an entry never names a member of
// another organisation, nor an operator's login to an organisation's members), a system name as a
// translated label, an organisation by its name where the reader may know it.
import { type Kysely, sql } from 'kysely';
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit.ts';
import type { Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { authorize } from '../office/authorize.ts';
import { Forbidden } from '../office/office.errors.ts';
import type { Session } from '../sessions/sessions.ts';

export const AUDIT_PAGE_SIZE = 200;

/** Names shown as words (office.audit.name.*): system actors and subjects, and the operator seen from an organisation. */
export const AUDIT_LABELS = ['unknown', 'login', 'cli', 'operator', 'demo', 'recoverySheets', 'system', 'contentImport', 'content', 'organisations'] as const;
export type AuditLabel = (typeof AUDIT_LABELS)[number];

/** The stored names that are not an account or an organisation, and their label. */
const LABELS = new Map<string, AuditLabel>([
  ['unknown', 'unknown'],
  ['login', 'login'],
  ['cli', 'cli'],
  ['demo-setup', 'demo'],
  ['recovery-sheets', 'recoverySheets'],
  ['system', 'system'],
  ['content-import', 'contentImport'],
  ['content', 'content'],
  ['organisations', 'organisations'],
]);

/**
 * Who or what an entry names: an account's login on the reader's side; a label; an organisation's
 * name; for an operator admin, an organisation's member by that organisation's name; else the
 * stored name as it is.
 */
export type AuditName = { login: string } | { label: AuditLabel } | { organisation: string } | { memberOf: string } | { raw: string };

export type AuditLine = { seq: number; at: string; actor: AuditName; action: AuditAction | { raw: string }; subject: AuditName };

const ACCOUNT = /^account:([0-9a-f-]{36})$/;
const ORGANISATION = /^organisation:(.+)$/;

/**
 * The latest `limit` entries of one organisation, or (`null`) the operator's: those of no
 * organisation, and those whose actor is the command line or an operator account.
 */
export async function readAuditLog(db: Kysely<Database>, organisationId: string | null, limit = AUDIT_PAGE_SIZE): Promise<AuditLine[]> {
  const base = db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'subject']);
  const scoped =
    organisationId === null
      ? base.where((eb) =>
          eb.or([
            eb('organisation_id', 'is', null),
            eb('actor', '=', 'cli'),
            eb(
              'actor',
              'in',
              eb
                .selectFrom('accounts')
                .select(sql<string>`'account:' || ${sql.ref('accounts.id')}`.as('name'))
                .where('accounts.organisation_id', 'is', null),
            ),
          ]),
        )
      : base.where('organisation_id', '=', organisationId);
  const rows = await scoped.orderBy('seq', 'desc').limit(limit).execute();
  const nameOf = await presenter(db, organisationId, rows);
  const known = new Set<string>(AUDIT_ACTIONS);
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: nameOf(row.actor),
    action: known.has(row.action) ? (row.action as AuditAction) : { raw: row.action },
    subject: nameOf(row.subject),
  }));
}

/** What each stored name of `rows` is shown as, to a reader of `organisationId` (`null`: the operator). */
async function presenter(db: Kysely<Database>, organisationId: string | null, rows: { actor: string; subject: string }[]) {
  const accountIds = new Set<string>();
  const organisationIds = new Set<string>();
  for (const row of rows) {
    for (const name of [row.actor, row.subject]) {
      const account = ACCOUNT.exec(name)?.[1];
      if (account) accountIds.add(account);
      const organisation = ORGANISATION.exec(name)?.[1];
      if (organisation) organisationIds.add(organisation);
    }
  }
  const accounts = new Map<string, { login: string; organisation_id: string | null }>();
  if (accountIds.size > 0) {
    const found = await db
      .selectFrom('accounts')
      .select(['id', 'login', 'organisation_id'])
      .where('id', 'in', [...accountIds])
      .execute();
    for (const a of found) {
      accounts.set(a.id, a);
      // An admin reads another side's member as "a member of <organisation>".
      if (organisationId === null && a.organisation_id !== null) organisationIds.add(a.organisation_id);
    }
  }
  // A member knows their own organisation's name, an admin every one's.
  const readable = [...organisationIds].filter((id) => organisationId === null || id === organisationId);
  const organisations = new Map<string, string>();
  if (readable.length > 0) {
    for (const o of await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', readable).execute()) organisations.set(o.id, o.name);
  }
  return (name: string): AuditName => {
    const label = LABELS.get(name);
    if (label) return { label };
    const accountId = ACCOUNT.exec(name)?.[1];
    const account = accountId === undefined ? undefined : accounts.get(accountId);
    if (account) {
      if (account.organisation_id === organisationId) return { login: account.login };
      // Seen from an organisation, an operator account is "the operator": its login is not the members' business.
      if (account.organisation_id === null) return { label: 'operator' };
      const organisation = organisations.get(account.organisation_id);
      if (organisationId === null && organisation !== undefined) return { memberOf: organisation };
      return { raw: name };
    }
    const organisation = organisations.get(ORGANISATION.exec(name)?.[1] ?? '');
    return organisation === undefined ? { raw: name } : { organisation };
  };
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
