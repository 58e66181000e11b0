// Assembles Haven from its configuration: store, migrations, demo organisations, content,
// keys, services and the HTTP app. server.ts and the tests both start Haven through here.
import path from 'node:path';
import { listOrganisations } from './accounts/accounts.store.ts';
import { type DemoCredentials, seedDemo } from './accounts/demo.ts';
import { buildApp } from './app.tsx';
import { type Checkpointer, createCheckpointer } from './audit/audit.checkpoints.ts';
import { type BackOffice, createBackOffice } from './back-office/back-office.ts';
import type { Config } from './config.ts';
import { loadPortalContent } from './content/content.cache.ts';
import { importContent } from './content/content.import.ts';
import { readContentFiles } from './content/content.loader.ts';
import { type ContentWatch, createContentWatch } from './content/content-watch.ts';
import { loadServerKeys, type ServerKeys } from './crypto/secrets.ts';
import { assertDurableCommits, openStore, type Store, sharedSetting } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createSweeper, type Sweeper } from './db/sweeper.ts';
import { createEditingSection } from './editing/editing.ts';
import { loadCatalogue } from './i18n/messages.ts';
import { createIntake, type Intake } from './intake/intake.service.ts';
import { createReportPipeline, type ReportPipeline } from './intake/report-pipeline.ts';
import { type LimitStore, limitStore } from './limits/limits.ts';
import { createMonitoring } from './monitoring/monitoring.ts';
import { createNewsletter, type Newsletter } from './newsletter/newsletter.service.ts';
import { createNewsroom } from './newsroom/newsroom.ts';
import type { Section } from './office/section.ts';
import { createSite, type Site } from './portal/site.ts';
import { createTraining } from './training/training.ts';
import { loadAssets } from './web/assets.ts';
import type { Scope } from './web/scopes.ts';

const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
export const CONTENT_DIR = path.join(ROOT, 'content');
export const PUBLIC_DIR = path.join(ROOT, 'public');

export type Haven = {
  app: Scope;
  store: Store;
  keys: ServerKeys;
  intake: Intake;
  /** The public site as it renders now (content kept in memory, reloaded after each publish). */
  site: Site;
  /** The newsletter's service: subscribing, confirming, and sending an issue (editors send from /office/newsletter). */
  newsletter: Newsletter;
  demoCredentials: DemoCredentials;
  /** Where mail is written as .eml files when no SMTP_URL is set (demo). */
  mailDir: string | undefined;
  close(): Promise<void>;
};

export class SecretMismatch extends Error {
  override name = 'SecretMismatch';
}

/**
 * Receipts and URL hashes are keyed with the server secret: an instance with another secret
 * would answer "not found" to every reporter, silently. The first instance records the secret's
 * fingerprint in the database; any instance whose secret differs refuses to start.
 */
async function assertSharedSecret(store: Store, keys: ServerKeys): Promise<void> {
  if ((await sharedSetting(store.db, 'secret-fingerprint', keys.fingerprint)) !== keys.fingerprint) {
    throw new SecretMismatch(
      'this database was set up with a different server secret: set HAVEN_SECRET to the value every instance shares (or restore DATA_DIR/secret)',
    );
  }
}

export type StartOptions = {
  logStream?: NodeJS.WritableStream;
  contentDir?: string;
  /** Routes added to the office scope (where every request needs a session). */
  officeRoutes?: (scope: Scope) => Promise<void>;
  /** What time the public pages say it is (which lines are open); the system clock unless a test fixes it. */
  now?: () => Date;
};

export async function startHaven(config: Config, options: StartOptions = {}): Promise<Haven> {
  // Content and messages are read and checked before anything is opened: a broken file stops
  // start-up with its name, and leaves no half-initialised database behind.
  const contentDir = options.contentDir ?? CONTENT_DIR;
  const files = readContentFiles(contentDir);
  const catalogue = loadCatalogue(contentDir);
  const assets = loadAssets(PUBLIC_DIR);

  const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  let pipeline: ReportPipeline | undefined;
  let checkpointer: Checkpointer | undefined;
  let backOffice: BackOffice | undefined;
  let limits: LimitStore | undefined;
  let app: Scope | undefined;
  let newsletterSweeper: Sweeper | undefined;
  let watch: ContentWatch | undefined;
  let sections: Section[] = [];
  try {
    if (store.engine === 'postgres') await assertDurableCommits(store.db);
    await migrateToLatest(store.db);
    // The keys first: demo seeding and the content import write audit entries keyed with them.
    const keys = loadServerKeys(config.dataDir, config.secret);
    await assertSharedSecret(store, keys);
    const demoCredentials = config.demo ? await seedDemo(store, keys) : [];
    await importContent(store, keys, files);
    // A reload that fails leaves this instance on the content it has, and is tried again at the
    // next check; it is logged (the error only, never a request).
    watch = createContentWatch({
      store,
      everyMs: config.contentCheckSeconds * 1000,
      onError: (error) => app?.log.error({ err: error }, 'published content could not be reloaded'),
    });
    const portalContent = await watch.keep(loadPortalContent);
    const organisations = await listOrganisations(store.db);
    const organisationKeys = new Map(organisations.map((o) => [o.id, Buffer.from(o.public_key)]));
    const organisationNames = new Map(organisations.map((o) => [o.id, o.name]));
    pipeline = createReportPipeline({ store, keys, workers: config.sealWorkers });
    const intake = createIntake({
      pipeline,
      channel: (id) => portalContent().channel(id),
      organisationKeys,
      maxPending: config.intakeMaxPending,
    });
    const site = createSite({ content: portalContent, version: watch.version, catalogue, assets, leaveUrl: config.leaveUrl, publicUrl: config.publicUrl });
    limits = await limitStore(store, config.redisUrl);
    // Before the back office (whose editors send it); it asks the back office's outbox for a pass once created.
    const newsletter = createNewsletter({
      store,
      keys,
      t: (locale) => site.t(locale),
      publicUrl: config.publicUrl,
      nudge: () => backOffice?.nudgeMail(),
      ...(options.now ? { now: () => options.now?.().getTime() ?? Date.now() } : {}),
    });
    // The parts of the site editors run (office/section.ts): each keeps what it shows in memory
    // through the content watch.
    sections = [];
    sections.push(
      createEditingSection({
        store,
        keys,
        watch,
        content: portalContent,
        casework: files.casework,
        ...(options.now ? { now: () => options.now?.().getTime() ?? Date.now() } : {}),
      }),
    );
    sections.push(await createTraining({ store, keys, watch, config, ...(options.now ? { now: () => options.now?.().getTime() ?? Date.now() } : {}) }));
    const newsroom = await createNewsroom({ store, keys, watch, site, contentDir });
    sections.push(newsroom);
    // A country's page lists the publications about it.
    sections.push(await createMonitoring({ store, keys, watch, site, contentDir, relatedPublications: newsroom.publicationsAbout }));
    backOffice = createBackOffice({
      newsletter,
      sections,
      config,
      store,
      keys,
      catalogue,
      assets,
      organisationNames,
      organisationKeys,
      tally: limits.tally,
      casework: files.casework,
      channel: (id) => portalContent().channel(id),
      ...(options.now ? { now: () => options.now?.().getTime() ?? Date.now() } : {}),
    });
    // Unconfirmed subscribers are forgotten after 7 days; checked every hour.
    newsletterSweeper = createSweeper((at) => newsletter.sweep(at), { everyMs: 60 * 60_000 });
    // Once at start too: an instance restarted more often than hourly still forgets them.
    newsletterSweeper.due();
    app = await buildApp({
      config,
      store,
      keys,
      site,
      assets,
      intake,
      newsletter,
      organisationNames,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      office: backOffice.office,
      limits,
      sections,
      ...(options.officeRoutes ? { officeRoutes: options.officeRoutes } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    // Once every start-up write is in the log (demo, content, the sections' seeds): the first
    // checkpoint covers them all.
    checkpointer = createCheckpointer({ store, keys, file: config.auditCheckpointFile, everyMs: config.auditCheckpointMinutes * 60_000 });
    await checkpointer.start();
    watch.start();
    const ready = app;
    return {
      app: ready,
      store,
      keys,
      intake,
      site,
      newsletter,
      demoCredentials,
      mailDir: backOffice.mailDir,
      async close() {
        await ready.close();
        await watch?.stop();
        for (const section of sections) await section.stop?.();
        await newsletterSweeper?.stop();
        await intake.drain();
        await backOffice?.close();
        // Once the last reports are in, before the database closes: the final head is signed.
        try {
          await checkpointer?.stop();
        } finally {
          await store.db.destroy();
        }
      },
    };
  } catch (error) {
    await pipeline?.close();
    await watch?.stop();
    for (const section of sections) await section.stop?.().catch(() => undefined);
    await newsletterSweeper?.stop().catch(() => undefined);
    await backOffice?.close().catch(() => undefined);
    // The app closes the counters and the proof-of-work store it was given.
    await app?.close().catch(() => undefined);
    await limits?.close().catch(() => undefined);
    await checkpointer?.stop().catch(() => undefined);
    await store.db.destroy();
    throw error;
  }
}
