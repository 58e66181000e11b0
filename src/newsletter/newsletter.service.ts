// Subscribing with double opt-in, confirming, unsubscribing, sending an issue, and forgetting
// unconfirmed subscribers after 7 days. An address is personal data: it is kept sealed under a key
// derived from the server secret (never in the database), and found by a keyed digest of its
// lower-cased form, so that the same address cannot subscribe twice.
import { randomBytes, randomUUID } from 'node:crypto';
import { openSecretBox, secretBox } from '../crypto/box.ts';
import { keyedHash, type ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { isEmail } from '../intake/report-fields.ts';
import { enqueueMail } from '../mail/outbox.ts';
import {
  confirmedBatch,
  confirmSubscriber,
  deleteByUnsubscribe,
  deletePendingBefore,
  findByUnsubscribe,
  findPendingByConfirmation,
  insertPending,
} from './newsletter.store.ts';
import { confirmationMail, type Issue, issueMail, newsletterLinks } from './newsletter-mail.ts';

/** Unconfirmed subscribers are forgotten after this long (the confirmation link with them). */
export const PENDING_DAYS = 7;
/** Mails queued per transaction when an issue is sent. */
export const ISSUE_BATCH = 200;
export const ADDRESS_MAX = 254;

export function isSubscribableAddress(address: string): boolean {
  return address.length <= ADDRESS_MAX && isEmail(address);
}

/** Separate keys for separate uses, each from the newsletter key (the editors' export and deletion use them too). */
export function subscriberKeys(newsletterKey: Buffer) {
  const addressKey = keyedHash(newsletterKey, 'address-digest/v1');
  return {
    sealKey: keyedHash(newsletterKey, 'sealed-address/v1'),
    unsubscribeKey: keyedHash(newsletterKey, 'unsubscribe-token/v1'),
    addressDigest: (address: string) => keyedHash(addressKey, address.toLowerCase()),
  };
}

export type Newsletter = {
  /** Subscribes a valid address (pending, with a confirmation mail) unless it is there already; the caller answers alike either way. */
  subscribe(address: string, locale: Locale): Promise<void>;
  /** Whether a confirmation link is still unused (the page then offers its button). */
  canConfirm(token: string): Promise<boolean>;
  /** Confirms with a one-time link; false when it is unknown, used or expired. */
  confirm(token: string): Promise<boolean>;
  /** Whether an unsubscribe link belongs to a subscriber. */
  canUnsubscribe(token: string): Promise<boolean>;
  /** Deletes the subscriber the link belongs to; false when there is none (already gone). */
  unsubscribe(token: string): Promise<boolean>;
  /** Queues the issue for every confirmed subscriber of `locale`; answers how many mails were queued. */
  sendIssue(issue: Issue & { locale: Locale }): Promise<number>;
  /** Deletes subscribers still unconfirmed after PENDING_DAYS, as of `at` (epoch ms); answers how many. */
  sweep(at: number): Promise<number>;
};

export type NewsletterOptions = {
  store: Store;
  keys: Pick<ServerKeys, 'newsletter' | 'token' | 'outbox'>;
  t: (locale: Locale) => Translate;
  publicUrl: string;
  /** Asks the outbox for a pass, once mail has been committed. */
  nudge: () => void;
  now?: () => number;
};

export function createNewsletter(options: NewsletterOptions): Newsletter {
  const { store, keys, t, nudge, now = Date.now } = options;
  const links = newsletterLinks(options.publicUrl);
  const { sealKey, unsubscribeKey, addressDigest } = subscriberKeys(keys.newsletter);
  const tokenDigest = (token: string) => keyedHash(keys.token, token);
  // Derived from the id, so that every issue can carry it without the token being stored.
  const unsubscribeToken = (id: string) => keyedHash(unsubscribeKey, id).toString('base64url');
  const openAddress = (sealed: Buffer) => openSecretBox(Buffer.from(sealed), sealKey).toString('utf8');

  return {
    async subscribe(address, locale) {
      if (!isSubscribableAddress(address)) throw new TypeError('newsletter: not a valid address');
      const id = randomUUID();
      const confirmToken = randomBytes(32).toString('base64url');
      const unsubscribe = unsubscribeToken(id);
      const queued = await store.db.transaction().execute(async (trx) => {
        const inserted = await insertPending(trx, {
          id,
          address_digest: addressDigest(address),
          sealed_address: secretBox(Buffer.from(address, 'utf8'), sealKey),
          locale,
          status: 'pending',
          confirm_digest: tokenDigest(confirmToken),
          unsubscribe_digest: tokenDigest(unsubscribe),
          created_at: new Date(now()).toISOString(),
          confirmed_at: null,
        });
        // Known already (pending or confirmed): no second row and no second mail, so that the
        // form cannot be used to fill someone's mailbox; the visitor's answer is the same.
        if (!inserted) return false;
        const mail = confirmationMail(t(locale), address, links.confirm(locale, confirmToken), links.unsubscribe(locale, unsubscribe));
        await enqueueMail(trx, keys.outbox, 'newsletter-confirm', mail, new Date(now()));
        return true;
      });
      if (queued) nudge();
    },
    async canConfirm(token) {
      const found = await findPendingByConfirmation(store.db, tokenDigest(token));
      return found !== undefined && !isExpired(found.created_at, now());
    },
    async confirm(token) {
      return store.db.transaction().execute(async (trx) => {
        const found = await findPendingByConfirmation(trx, tokenDigest(token));
        if (!found || isExpired(found.created_at, now())) return false;
        return confirmSubscriber(trx, found.id, new Date(now()).toISOString());
      });
    },
    async canUnsubscribe(token) {
      return (await findByUnsubscribe(store.db, tokenDigest(token))) !== undefined;
    },
    async unsubscribe(token) {
      return deleteByUnsubscribe(store.db, tokenDigest(token));
    },
    async sendIssue({ locale, subject, markdown }) {
      if (!subject.trim() || /[\r\n]/.test(subject)) throw new TypeError('newsletter: the subject must be one line of text');
      if (!markdown.trim()) throw new TypeError('newsletter: the issue has no text');
      const translate = t(locale);
      let after = '';
      let queued = 0;
      for (;;) {
        // One transaction per batch: a long list never holds one transaction open, and a batch
        // that fails is not half queued. The outbox retries each mail until its relay takes it.
        const batch = await store.db.transaction().execute(async (trx) => {
          const rows = await confirmedBatch(trx, locale, after, ISSUE_BATCH);
          for (const row of rows) {
            const mail = issueMail(translate, openAddress(row.sealed_address), { subject, markdown }, links.unsubscribe(locale, unsubscribeToken(row.id)));
            await enqueueMail(trx, keys.outbox, 'newsletter-issue', mail, new Date(now()));
          }
          return rows;
        });
        queued += batch.length;
        if (batch.length) nudge();
        if (batch.length < ISSUE_BATCH) break;
        after = batch[batch.length - 1]?.id ?? after;
      }
      return queued;
    },
    async sweep(at) {
      return deletePendingBefore(store.db, new Date(at - PENDING_DAYS * 86_400_000).toISOString());
    },
  };
}

function isExpired(createdAt: string, at: number): boolean {
  return Date.parse(createdAt) < at - PENDING_DAYS * 86_400_000;
}
