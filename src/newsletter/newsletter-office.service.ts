// The editors' side of the newsletter: counts, a test to oneself, the send to a language's
// confirmed subscribers, the export and the deletion of a subscriber. Addresses are personal data:
// only editors and admins reach these, each is audited in the transaction where it writes, and an
// audit entry holds counts and a language, never an address.
import { randomBytes } from 'node:crypto';
import { audited } from '../audit/audit.ts';
import { openSecretBox } from '../crypto/box.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { authorize } from '../office/authorize.ts';
import type { Session } from '../sessions/sessions.ts';
import { type Newsletter, subscriberKeys } from './newsletter.service.ts';
import { countByLocaleAndStatus, countConfirmed, deleteByAddress, listForExport } from './newsletter.store.ts';
import { type Issue, issueMail, newsletterLinks } from './newsletter-mail.ts';

export type LocaleCount = { locale: Locale; confirmed: number; pending: number };
export type LocaleIssue = Issue & { locale: Locale };

export type NewsletterOffice = {
  counts(session: Session): Promise<LocaleCount[]>;
  /** Queues the issue to the editor's own account address; 'no-address' when the account has none. */
  sendTest(session: Session, issue: LocaleIssue): Promise<'queued' | 'no-address'>;
  /** Queues the issue for every confirmed subscriber of its language; answers how many. */
  send(session: Session, issue: LocaleIssue): Promise<number>;
  /** Every subscriber as CSV (address, language, status, dates). */
  exportCsv(session: Session): Promise<string>;
  /** Deletes the subscriber with this address, if there is one; the caller answers alike either way. */
  deleteSubscriber(session: Session, address: string): Promise<void>;
};

export type NewsletterOfficeOptions = {
  store: Store;
  keys: Pick<ServerKeys, 'newsletter' | 'outbox' | 'audit'>;
  newsletter: Newsletter;
  /** The mail's words (the footer) in the issue's language. */
  t: (locale: Locale) => Translate;
  publicUrl: string;
  nudge: () => void;
  now?: () => number;
};

export function createNewsletterOffice(options: NewsletterOfficeOptions): NewsletterOffice {
  const { store, keys, newsletter, nudge, now = Date.now } = options;
  const { sealKey, addressDigest } = subscriberKeys(keys.newsletter);
  const links = newsletterLinks(options.publicUrl);
  const who = (session: Session) => `account:${session.account.id}`;

  return {
    async counts(session) {
      authorize(session, 'newsletter.compose');
      const rows = await countByLocaleAndStatus(store.db);
      const count = (locale: Locale, status: string) => Number(rows.find((r) => r.locale === locale && r.status === status)?.n ?? 0);
      return LOCALES.map((locale) => ({ locale, confirmed: count(locale, 'confirmed'), pending: count(locale, 'pending') }));
    },

    async sendTest(session, issue) {
      authorize(session, 'newsletter.compose');
      const to = session.account.email;
      if (!to) return 'no-address';
      // Not a subscriber: the footer's link is one no subscriber has (the page says so), as the real one looks.
      const link = links.unsubscribe(issue.locale, randomBytes(32).toString('base64url'));
      await audited(
        store,
        keys,
        { actor: who(session), action: 'newsletter.tested', subject: `newsletter:${issue.locale}`, detail: JSON.stringify({ locale: issue.locale, mails: 1 }) },
        (trx) => enqueueMail(trx, keys.outbox, 'newsletter-issue', issueMail(options.t(issue.locale), to, issue, link), new Date(now())),
      );
      nudge();
      return 'queued';
    },

    async send(session, issue) {
      authorize(session, 'newsletter.send');
      // sendIssue queues in batches, one transaction each: the send is recorded first, in its own
      // transaction, with the number of subscribers it was sent to at that moment.
      await audited(
        store,
        keys,
        (subscribers: number) => ({
          actor: who(session),
          action: 'newsletter.sent',
          subject: `newsletter:${issue.locale}`,
          detail: JSON.stringify({ locale: issue.locale, subscribers }),
        }),
        (trx) => countConfirmed(trx, issue.locale),
      );
      return newsletter.sendIssue(issue);
    },

    async exportCsv(session) {
      authorize(session, 'newsletter.subscribers');
      return audited(
        store,
        keys,
        (csv: { rows: number; text: string }) => ({
          actor: who(session),
          action: 'subscribers.exported',
          subject: 'newsletter:subscribers',
          detail: JSON.stringify({ subscribers: csv.rows }),
        }),
        async (trx) => {
          const rows = await listForExport(trx);
          const lines = [['address', 'language', 'status', 'subscribed', 'confirmed']];
          for (const row of rows) {
            const address = openSecretBox(Buffer.from(row.sealed_address), sealKey).toString('utf8');
            lines.push([address, row.locale, row.status, row.created_at, row.confirmed_at ?? '']);
          }
          return { rows: rows.length, text: `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n` };
        },
      ).then((csv) => csv.text);
    },

    async deleteSubscriber(session, address) {
      authorize(session, 'newsletter.subscribers');
      await audited(
        store,
        keys,
        (deleted: number) => ({ actor: who(session), action: 'subscriber.deleted', subject: 'newsletter:subscribers', detail: JSON.stringify({ deleted }) }),
        (trx) => deleteByAddress(trx, addressDigest(address.trim())),
      );
    },
  };
}

/** A CSV cell (RFC 4180), with a leading formula character defused: a spreadsheet would run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
