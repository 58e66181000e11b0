// Who may do what in the back office, in one table. Roles never read reports unless they are a
// member (supervisor, analyst) of the organisation the report went to; the operator's roles
// (admin, editor) manage organisations and content and never hold an organisation key.

import type { Role } from '../db/schema.ts';
import type { Session } from '../sessions/sessions.ts';
import { Forbidden, NotFound } from './office.errors.ts';

const MAY = {
  'organisation.create': ['admin'],
  'organisation.invite-supervisor': ['admin'],
  'operator.audit': ['admin'],
  'member.list': ['supervisor'],
  'member.invite': ['supervisor'],
  'member.grant': ['supervisor'],
  'member.approve': ['supervisor'],
  'member.remove': ['supervisor'],
  'organisation.audit': ['supervisor'],
  'recovery.issue': ['supervisor'],
  'recovery.recover': ['supervisor'],
  'account.own': ['admin', 'editor', 'supervisor', 'analyst'],
  // Casework: only members of the organisation a report went to, never the operator's roles.
  'case.read': ['supervisor', 'analyst'],
  'case.work': ['supervisor', 'analyst'],
  'case.export': ['supervisor', 'analyst'],
  'case.reassign-all': ['supervisor'],
  'case.statistics': ['supervisor', 'analyst'],
  // The newsletter: its subscribers' addresses are personal data, for the operator's roles only.
  'newsletter.compose': ['editor', 'admin'],
  'newsletter.send': ['editor', 'admin'],
  'newsletter.subscribers': ['editor', 'admin'],
  // The site's words: pages, help services, numbers, channels' wording, triage, the operator.
  'content.edit': ['editor', 'admin'],
  'content.publish': ['editor', 'admin'],
  // Training for the tourism sector: sessions and details for visitors, and companies' requests
  // (personal data), for the operator's roles only.
  'training.manage': ['editor', 'admin'],
  'training.requests': ['editor', 'admin'],
  // News and publications (and publications' PDFs): the operator's voice, its roles only.
  'newsroom.edit': ['editor', 'admin'],
  'newsroom.publish': ['editor', 'admin'],
  // Country monitoring: the countries followed, the indicators' assessments and the dated facts.
  'monitoring.edit': ['editor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type OfficeAction = keyof typeof MAY;

/**
 * Refuses what the role may not do (Forbidden), and anything about another organisation as if it
 * did not exist (NotFound): a guessed id tells nothing. Returns the actor's organisation, if any.
 */
export function authorize(session: Session, action: OfficeAction, subject?: { organisation_id: string | null } | undefined): string | null {
  const { account } = session;
  if (session.stage !== 'signed-in' || !(MAY[action] as readonly Role[]).includes(account.role)) throw new Forbidden(action);
  if (subject !== undefined && subject.organisation_id !== account.organisation_id) throw new NotFound(action);
  return account.organisation_id;
}

/** The organisation of a member's session; refuses the operator's roles. */
export function organisationOf(session: Session, action: OfficeAction): string {
  const organisation = authorize(session, action);
  if (!organisation) throw new Forbidden(action);
  return organisation;
}
