// Reading the activity log: the entries a reader may see, newest first, a page at a time and
// narrowed by a filter. A supervisor reads their organisation's entries
// (audit_log.organisation_id); an operator admin those that belong to no organisation and everything the operator did in one (its accounts, its command line), so one
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
import { type AuditFilter, type AuditQuery, type FilterProblem, readFilter } from './activity-filter.ts';

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

/** One page of entries, newest first, and the entry the next (older) page starts before. */
export type AuditPage = { lines: AuditLine[]; older?: number };

/** A filter with its names resolved to stored ones (`account:<id>`, `report:<id>`). */
export type StoredFilter = Omit<AuditFilter, 'actorLogin' | 'subject'> & { actor?: string; subject?: string };

/**
 * A page of entries of one organisation, or (`null`) the operator's: those of no organisation,
 * and those whose actor is the command line or an operator account. The reader's scope is the
 * first condition of every query; a filter only narrows it.
 */
export async function readAuditLog(
  db: Kysely<Database>,
  organisationId: string | null,
  filter: StoredFilter = {},
  limit = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const base = db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'subject']);
  let query =
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
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  // Times are stored as ISO text, some to the second and some to the hour only ("…T10:00Z"):
  // their first 13 characters, the UTC hour, compare the same way in every collation.
  if (filter.fromHour) query = query.where(sql<string>`substr(${sql.ref('at')}, 1, 13)`, '>=', filter.fromHour);
  if (filter.untilHour) query = query.where(sql<string>`substr(${sql.ref('at')}, 1, 13)`, '<', filter.untilHour);
  if (filter.before) query = query.where('seq', '<', filter.before);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const nameOf = await presenter(db, organisationId, shown);
  const known = new Set<string>(AUDIT_ACTIONS);
  const lines = shown.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: nameOf(row.actor),
    action: known.has(row.action) ? (row.action as AuditAction) : { raw: row.action },
    subject: nameOf(row.subject),
  }));
  const last = lines.at(-1);
  return rows.length > limit && last ? { lines, older: last.seq } : { lines };
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account of this login that the reader may name: a member of their organisation, or (`null`) an operator account. */
async function accountNamed(db: Kysely<Database>, organisationId: string | null, login: string): Promise<string | undefined> {
  const scoped = db.selectFrom('accounts').select('id').where('login', '=', login);
  const row = await (organisationId === null
    ? scoped.where('organisation_id', 'is', null)
    : scoped.where('organisation_id', '=', organisationId)
  ).executeTakeFirst();
  return row ? `account:${row.id}` : undefined;
}

/**
 * The filter with its names as the log stores them. A login nobody on the reader's side has is a
 * problem at the field (another organisation's logins are not told apart from unknown ones); a
 * subject is a report's id, a login on the reader's side, or else matched as typed.
 */
async function resolve(db: Kysely<Database>, organisationId: string | null, filter: AuditFilter): Promise<{ stored: StoredFilter; problems: FilterProblem[] }> {
  const { actorLogin, subject, ...rest } = filter;
  const stored: StoredFilter = { ...rest };
  const problems: FilterProblem[] = [];
  if (actorLogin) {
    const actor = await accountNamed(db, organisationId, actorLogin);
    if (actor) stored.actor = actor;
    else problems.push({ field: 'actor', code: 'unknown-member' });
  }
  if (subject) {
    stored.subject = UUID.test(subject) ? `report:${subject.toLowerCase()}` : ((await accountNamed(db, organisationId, subject)) ?? subject);
  }
  return { stored, problems };
}

export function createAuditLog(deps: { store: Store }) {
  /** The organisation whose entries the reader sees, or `null` for the operator's; refuses anyone else. */
  function scopeOf(session: Session): string | null {
    if (session.account.role === 'supervisor') {
      const organisation = authorize(session, 'organisation.audit');
      if (!organisation) throw new Forbidden('organisation.audit');
      return organisation;
    }
    authorize(session, 'operator.audit');
    return null;
  }

  return {
    /**
     * A page of the entries the reader may see, narrowed by the filter form's query. With a
     * problem in the filter, no entries: a filter that cannot apply must not look like one that
     * found everything.
     */
    async read(session: Session, raw: unknown): Promise<{ query: AuditQuery; before?: number; page: AuditPage; problems: FilterProblem[] }> {
      const organisation = scopeOf(session);
      const { query, filter, problems } = readFilter(raw);
      const resolved = await resolve(deps.store.db, organisation, filter);
      const all = [...problems, ...resolved.problems];
      const before = filter.before === undefined ? {} : { before: filter.before };
      if (all.length > 0) return { query, ...before, page: { lines: [] }, problems: all };
      return { query, ...before, page: await readAuditLog(deps.store.db, organisation, resolved.stored), problems: [] };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
