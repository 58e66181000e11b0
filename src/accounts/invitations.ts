// One-time links: to enrol (an operator admin from the command line, a new organisation's first
// supervisor, a member a supervisor invites). The link carries a random token; the database
// keeps a keyed digest of it, and for a first supervisor the organisation key under a key derived
// from the token, so the link alone (never the database alone) opens it, once.
import { createHmac, randomUUID } from 'node:crypto';
import type { Audited } from '../audit/audit.ts';
import { type KeyPair, randomBytes, secretBox } from '../crypto/box.ts';
import { keyedHash } from '../crypto/secrets.ts';
import type { AccountTable, Role } from '../db/schema.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { insertAccount, insertInvitation } from './accounts.store.ts';

export const HOUR_MS = 3_600_000;

export const invitationHash = (tokenKey: Buffer, token: string) => keyedHash(tokenKey, `invitation:${token}`);
export const invitationKey = (token: string) => createHmac('sha256', Buffer.from(token, 'base64url')).update('haven/invitation-key/v1').digest();

import type { Mail, MailKind } from '../mail/outbox.ts';

export type { Mail, MailKind };
/** Queues a mail in the caller's transaction (mail/outbox.ts). */
export type QueueMail = (trx: Audited, kind: MailKind, mail: Mail) => Promise<void>;

/** What services that write to people need: the outbox, the words, and where the office is. */
export type Letters = { queue: QueueMail; t: (locale: Locale) => Translate; officeUrl: string };

export type NewInvitation = {
  login: string;
  email: string | null;
  role: Role;
  organisationId: string | null;
  locale: Locale;
  invitedBy: string;
  validForMs: number;
  /** A new organisation's key, for its first supervisor. */
  organisationKey?: KeyPair;
};

/** Creates the invited account and its link, in the caller's transaction; returns the link's token. */
export async function invite(trx: Audited, tokenKey: Buffer, invitation: NewInvitation, now = Date.now()): Promise<{ accountId: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const accountId = randomUUID();
  const account: AccountTable = {
    id: accountId,
    login: invitation.login,
    role: invitation.role,
    organisation_id: invitation.organisationId,
    email: invitation.email,
    locale: invitation.locale,
    status: 'invited',
    public_key: null,
    wrapped_private_key: null,
    second_factor: null,
    second_factor_step: null,
    recovery_codes: null,
    invited_by: invitation.invitedBy,
    created_at: new Date(now).toISOString(),
  };
  await insertAccount(trx, account);
  await insertInvitation(trx, {
    token_hash: invitationHash(tokenKey, token),
    account_id: accountId,
    sealed_organisation_key: invitation.organisationKey ? secretBox(invitation.organisationKey.privateKey, invitationKey(token)) : null,
    invited_by: invitation.invitedBy,
    expires_at: now + invitation.validForMs,
  });
  return { accountId, token };
}

export const enrolmentLink = (officeUrl: string, token: string) => `${officeUrl}/office/enrol/${token}`;

/** The invitation mail, in the invitee's language. */
export function invitationMail(letters: Letters, to: string, locale: Locale, token: string, organisation: string, hours: number): Mail {
  const t = letters.t(locale);
  return {
    to,
    subject: t('office.mail.invitation.subject'),
    text: t('office.mail.invitation.text', { organisation, link: enrolmentLink(letters.officeUrl, token), hours }),
  };
}
