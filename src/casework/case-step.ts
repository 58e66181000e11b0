// The one way casework changes a report: the member's right checked, the report locked (so two
// members take turns), the change and its history entries written, and its audit entries appended
// in the same transaction. A report of another organisation is not found, whatever its id.
import type { Letters } from '../accounts/invitations.ts';
import { type AuditAction, type AuditEntry, type Audited, type AuditKeys, audited } from '../audit/audit.ts';
import type { Channel } from '../content/content.schema.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { type OfficeAction, organisationOf } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import type { Session } from '../sessions/sessions.ts';
import { type CaseRow, lockCase } from './case.store.ts';
import type { Schemes } from './schemes.ts';

export type CaseDeps = {
  store: Store;
  keys: AuditKeys & Pick<ServerKeys, 'url'>;
  schemes: Schemes;
  /** A channel's definition (titles, categories' labels), as the portal's content has it. */
  channel: (id: string) => Channel | undefined;
  now: () => number;
};

/** What casework needs beyond a report's own deps: the mail outbox, for the members' notices. */
export type CaseworkDeps = CaseDeps & { letters: Letters };

/** What a step is given: the locked report, the handle to write with, who acts and when. */
export type CaseStep = { trx: Audited; report: CaseRow; actor: string; at: string; organisation: string; session: Session };

/** What a step did, and the audit entries that say so (subject: the report, unless given). */
export type Change<T> = { value: T; audit: { action: AuditAction; detail?: string; subject?: string }[] };

export const actorOf = (session: Session) => `account:${session.account.id}`;

/** The key of a member's session; refuses a member who does not hold it yet. */
export function organisationKeyOf(session: Session) {
  if (!session.organisationKey) throw new KeyMissing();
  return session.organisationKey;
}

/** A member whose grant waits for approval, or who has none: reports stay closed to them. */
export class KeyMissing extends Error {
  override name = 'KeyMissing';
  readonly kind = 'forbidden';
  readonly code = 'key-missing';
}

export async function changeCase<T>(
  deps: CaseDeps,
  session: Session,
  action: OfficeAction,
  reportId: string,
  step: (c: CaseStep) => Promise<Change<T>>,
): Promise<T> {
  const organisation = organisationOf(session, action);
  // Only a member who can read a report may change it: a second pair of eyes that cannot see
  // the report confirms nothing.
  organisationKeyOf(session);
  const actor = actorOf(session);
  const at = new Date(deps.now()).toISOString();
  const entries = (change: Change<T>): AuditEntry[] =>
    change.audit.map((a) => ({
      actor,
      organisation,
      at,
      subject: a.subject ?? `report:${reportId}`,
      action: a.action,
      ...(a.detail ? { detail: a.detail } : {}),
    }));
  return audited(deps.store, deps.keys, entries, async (trx) => {
    const report = await lockCase(trx, deps.store.engine, organisation, reportId);
    if (!report) throw new NotFound(action);
    return step({ trx, report, actor, at, organisation, session });
  }).then((change) => change.value);
}
