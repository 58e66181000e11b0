// Builds the back office from ready parts: sessions, sign-in, enrolment, members, the mail outbox
// and the routes. haven.ts calls this once; `close` stops the outbox and the session sweeper.
import path from 'node:path';
import { createAccount } from '../account/account.service.ts';
import { createEnrolment } from '../accounts/enrolment.service.ts';
import type { Letters } from '../accounts/invitations.ts';
import { createOrganisations } from '../accounts/organisations.service.ts';
import { createAuditLog } from '../activity/activity-log.ts';
import type { Office } from '../app.tsx';
import { createCasework } from '../casework/casework.ts';
import { createSchemes } from '../casework/schemes.ts';
import type { Config } from '../config.ts';
import type { Casework as CaseworkScheme } from '../content/casework.schema.ts';
import type { Channel } from '../content/content.schema.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { createSweeper } from '../db/sweeper.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { type Catalogue, translator } from '../i18n/messages.ts';
import type { Tally } from '../limits/limits.ts';
import { createOutbox, enqueueMail, fileTransport, smtpTransport } from '../mail/outbox.ts';
import { createMembers } from '../members/members.service.ts';
import type { Newsletter } from '../newsletter/newsletter.service.ts';
import { createNewsletterOffice } from '../newsletter/newsletter-office.service.ts';
import { createOfficeWeb } from '../office/office-web.ts';
import type { Section } from '../office/section.ts';
import { createRecovery } from '../recovery/recovery.service.ts';
import { createSessions } from '../sessions/sessions.ts';
import { createSignIn } from '../sign-in/sign-in.service.ts';
import type { Assets } from '../web/assets.ts';
import { createOffice } from './office.tsx';

export type BackOffice = {
  office: Office;
  mailDir: string | undefined;
  /** Sends queued mail soon: for a service outside the back office (the newsletter) once its transaction has committed. */
  nudgeMail(): void;
  close(): Promise<void>;
};

export type BackOfficeParts = {
  config: Config;
  store: Store;
  keys: ServerKeys;
  catalogue: Catalogue;
  assets: Assets;
  /** Names of the organisations, by id: shared with the app, and added to as organisations are created. */
  organisationNames: Map<string, string>;
  /** Public keys intake seals to, by id: the same map intake reads. */
  organisationKeys: Map<string, Buffer>;
  tally: Tally;
  /** Each hosted channel's casework scheme (content/casework.yaml). */
  casework: CaseworkScheme[];
  channel: (id: string) => Channel | undefined;
  /** The subscribers' side; the editors compose and send from the office. */
  newsletter: Newsletter;
  /** Parts of the site editors run: their office routes join the back office's (office/section.ts). */
  sections?: Section[];
  now?: () => number;
};

export function createBackOffice(parts: BackOfficeParts): BackOffice {
  const { config, store, keys } = parts;
  const now = parts.now ?? Date.now;
  const translators = Object.fromEntries(LOCALES.map((l) => [l, translator(parts.catalogue, l)])) as Record<Locale, ReturnType<typeof translator>>;
  const mailDir = config.smtpUrl ? undefined : path.join(config.dataDir, 'mail');
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : fileTransport(mailDir as string, config.mailFrom);
  const outbox = createOutbox({ store, key: keys.outbox, transport });
  const letters: Letters = {
    t: (locale) => translators[locale],
    officeUrl: config.publicUrl,
    async queue(trx, kind, mail) {
      await enqueueMail(trx, keys.outbox, kind, mail);
      // A pass shortly after the caller's transaction commits (a pass that runs before the commit
      // finds nothing; the outbox's timer then sends it within its period).
      setTimeout(() => outbox.nudge(), 250).unref();
    },
  };
  const sessions = createSessions({
    store,
    tokenKey: keys.token,
    idleMs: config.sessionIdleMinutes * 60_000,
    lifetimeMs: config.sessionHours * 3_600_000,
    now,
  });
  const sweeper = createSweeper(() => sessions.sweep(), { everyMs: 5 * 60_000, now });
  const names = parts.organisationNames;
  const web = createOfficeWeb({ t: (l) => translators[l], assets: parts.assets, sessions, organisationName: (id) => names.get(id), leaveUrl: config.leaveUrl });
  const signIn = createSignIn({ store, keys, sessions, tally: parts.tally, letters, now });
  const enrolment = createEnrolment({ store, keys, sessions, now });
  const members = createMembers({ store, keys, letters, now });
  const organisations = createOrganisations({
    store,
    keys,
    letters,
    // This instance knows the new organisation at once; others when they restart (docs/operations.md).
    created: (o) => {
      names.set(o.id, o.name);
      parts.organisationKeys.set(o.id, o.publicKey);
    },
  });
  const auditLog = createAuditLog({ store });
  const account = createAccount({ store, keys, sessions, tally: parts.tally, now });
  const recovery = createRecovery({ store, keys, sessions, letters, threshold: config.recoveryThreshold, shares: config.recoverySheets, now });
  const casework = createCasework({ store, keys, schemes: createSchemes(parts.casework), channel: parts.channel, letters, now });
  const newsletter = createNewsletterOffice({
    store,
    keys,
    newsletter: parts.newsletter,
    t: (locale) => translators[locale],
    publicUrl: config.publicUrl,
    nudge: () => outbox.nudge(),
    now,
  });
  const office = createOffice(
    {
      web,
      signIn,
      enrolment,
      members,
      organisations,
      auditLog,
      account,
      recovery,
      casework,
      newsletter,
      issuer: translators.en('office.name'),
    },
    (parts.sections ?? []).map((section) => async (scope) => section.officeRoutes?.(scope, web)),
  );
  outbox.start();
  casework.retention.start({ noticeEveryMs: config.noticeMinutes * 60_000 });
  return {
    office,
    mailDir,
    nudgeMail: () => outbox.nudge(),
    async close() {
      await casework.retention.stop();
      await outbox.stop();
      await sweeper.stop();
    },
  };
}
