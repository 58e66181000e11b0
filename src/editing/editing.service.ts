// Editors change the site: save a draft, publish (all of a page's locales at once), look at the
// history, compare two versions, revert. Every change is a new version and an audit entry in the
// same transaction; a publish also tells every instance to reload (content-watch.ts).
import { Value } from '@sinclair/typebox/value';
import { diffLines } from 'diff';
import YAML from 'yaml';
import { type AuditKeys, audited } from '../audit/audit.ts';
import type { PortalContent } from '../content/content.cache.ts';
import { ContentError, check, checkReferences } from '../content/content.loader.ts';
import type { ContentFiles } from '../content/content.types.ts';
import { type ContentWatch, markPublished } from '../content/content-watch.ts';
import { orIfTaken, type Store } from '../db/database.ts';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import type { Session } from '../sessions/sessions.ts';
import { insertVersion, latestNumber, readLive, subjectsWithDrafts, type Version, versionOf, versionsOf, writeLive } from './editing.store.ts';
import { carriesId, missingLocales, type PageData, RESERVED_SLUGS, type Subject, schemaOf, subjectKey } from './subjects.ts';

/** Why a change was not saved or published: the editors' page shows it beside what they typed. */
export class EditRefused extends Error {
  override name = 'EditRefused';
  readonly kind = 'invalid';
  constructor(
    readonly code: 'invalid' | 'conflict' | 'missing-locales' | 'references' | 'recipient' | 'channel-fixed' | 'reserved',
    readonly detail = '',
  ) {
    super(`${code}: ${detail}`);
  }
}

export type Opened = { live: unknown; versions: Version[]; latest: number };
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

export type EditingDeps = {
  store: Store;
  keys: AuditKeys;
  watch: Pick<ContentWatch, 'check'>;
  /** The published content this instance keeps, for cross-references. */
  content: () => PortalContent;
  /** The casework schemes (content/casework.yaml): a hosted channel must have one. */
  casework: ContentFiles['casework'];
  now?: () => number;
};

export type Editing = ReturnType<typeof createEditing>;

export function createEditing(deps: EditingDeps) {
  const { store, keys } = deps;
  const now = deps.now ?? Date.now;
  const who = (session: Session) => `account:${session.account.id}`;

  /** The data, if it fits the subject's schema; otherwise a refusal naming the field. */
  function validate(subject: Subject, data: unknown): unknown {
    try {
      check(schemaOf(subject), data, subjectKey(subject));
    } catch (error) {
      if (error instanceof ContentError) throw new EditRefused('invalid', error.message.slice(subjectKey(subject).length + 2));
      throw error;
    }
    if (carriesId(subject) && (data as { id?: string }).id !== (subject as { id: string }).id) throw new EditRefused('invalid', 'id');
    if (subject.kind === 'page' && RESERVED_SLUGS.has(subject.slug)) throw new EditRefused('reserved', subject.slug);
    return Value.Clean(schemaOf(subject), structuredClone(data));
  }

  /** What a publish must not break: every locale of a page, and the references between items. */
  function checkPublishable(subject: Subject, data: unknown): void {
    if (subject.kind === 'page') {
      const missing = missingLocales(data as PageData);
      if (missing.length) throw new EditRefused('missing-locales', missing.join(', '));
    }
    const c = deps.content();
    const files: ContentFiles = {
      channels: c.channels,
      helpServices: c.helpServices,
      emergency: c.emergency,
      laws: c.laws,
      definitions: c.definitions,
      triage: c.triage,
      operator: c.operator,
      pages: c.pages.map((p) => ({ slug: p.slug }) as ContentFiles['pages'][number]),
      casework: deps.casework,
    };
    const replace = <T extends { id: string }>(list: T[], item: T) => [...list.filter((x) => x.id !== item.id), item];
    if (subject.kind === 'page') files.pages = [...files.pages.filter((p) => p.slug !== subject.slug), { slug: subject.slug } as ContentFiles['pages'][number]];
    if (subject.kind === 'channel') {
      const channel = data as ContentFiles['channels'][number];
      files.channels = replace(files.channels, channel);
      const live = c.channel(subject.id);
      // New channels come from the files, with their casework scheme.
      if (!live) throw new NotFound('content.publish');
      // Who may read a channel's reports is the operator's to set (content/channels.yaml), never
      // an editor's: a changed recipient would send the next reports to another organisation.
      if (channel.recipient !== live.recipient) throw new EditRefused('recipient', live.recipient ?? '');
      // Nor what the form asks and promises (the police's identity, the form's kind, the
      // categories a scheme knows): an editor changes the words and where an external form lives.
      const ids = (ch: typeof channel) => ch.categories.map((k) => k.id).join(',');
      if (channel.identity !== live.identity || channel.form !== live.form || ids(channel) !== ids(live)) throw new EditRefused('channel-fixed');
    }
    if (subject.kind === 'record') {
      if (subject.collection === 'triage') files.triage = data as ContentFiles['triage'];
      else if (subject.collection === 'help-services') files.helpServices = replace(files.helpServices, data as ContentFiles['helpServices'][number]);
      else if (subject.collection === 'laws') files.laws = replace(files.laws, data as ContentFiles['laws'][number]);
      else if (subject.collection === 'definitions') files.definitions = replace(files.definitions, data as ContentFiles['definitions'][number]);
    }
    // A scheme stays for a channel made external (it works again if the channel is made hosted
    // again); only hosted channels must have one.
    const hosted = new Set(files.channels.filter((ch) => ch.kind === 'hosted').map((ch) => ch.id));
    files.casework = files.casework.filter((scheme) => hosted.has(scheme.channel));
    try {
      checkReferences('content', files);
    } catch (error) {
      if (error instanceof ContentError) throw new EditRefused('references', error.message);
      throw error;
    }
  }

  /** Saves a new version (number `latest + 1`), publishing it when asked, in one audited transaction. */
  async function record(session: Session, subject: Subject, data: unknown, options: { base: number; publish: boolean; revertedFrom?: number }) {
    const at = new Date(now()).toISOString();
    const by = who(session);
    const key = subjectKey(subject);
    const action = options.revertedFrom ? 'content.reverted' : options.publish ? 'content.published' : 'content.saved';
    const number = await audited(
      store,
      keys,
      (n: number) => ({
        actor: by,
        action,
        subject: key,
        detail: JSON.stringify({ version: n, ...(options.revertedFrom ? { from: options.revertedFrom } : {}) }),
        at,
      }),
      async (trx) => {
        const last = await latestNumber(trx, subject);
        // Someone saved since this editor opened the form: nothing is overwritten unseen.
        if (last !== options.base) throw new EditRefused('conflict', String(last));
        let next = last + 1;
        if (last === 0) {
          // The first edit keeps what was published before it as version 1, to compare and revert to.
          const live = await readLive(trx, subject);
          if (live !== undefined) {
            await orIfTaken(
              insertVersion(trx, {
                subject: key,
                number: 1,
                data: JSON.stringify(live),
                created_at: at,
                created_by: 'content-files',
                published_at: at,
                published_by: 'content-files',
                reverted_from: null,
              }),
              () => new EditRefused('conflict', '1'),
            );
            next = 2;
          }
        }
        if (options.publish) checkPublishable(subject, data);
        // Another instance saving the same item in the same moment takes the number first.
        const taken = () => new EditRefused('conflict', String(next));
        await orIfTaken(
          insertVersion(trx, {
            subject: key,
            number: next,
            data: JSON.stringify(data),
            created_at: at,
            created_by: by,
            published_at: options.publish ? at : null,
            published_by: options.publish ? by : null,
            reverted_from: options.revertedFrom ?? null,
          }),
          taken,
        );
        if (options.publish) {
          await writeLive(trx, subject, data, by, at);
          await markPublished(trx);
        }
        return next;
      },
    );
    // This instance shows it at once; the others at their next check (as does this one, if
    // reloading fails now: the publish itself is done).
    if (options.publish) await deps.watch.check().catch(() => undefined);
    return number;
  }

  return {
    async drafts(session: Session): Promise<Set<string>> {
      authorize(session, 'content.edit');
      return subjectsWithDrafts(store.db);
    },

    async open(session: Session, subject: Subject): Promise<Opened> {
      authorize(session, 'content.edit');
      const [live, versions] = await Promise.all([readLive(store.db, subject), versionsOf(store.db, subject)]);
      return { live, versions, latest: versions[0]?.number ?? 0 };
    },

    /** Saves the editor's data as a draft, or saves and publishes it. Returns the version's number. */
    save(session: Session, subject: Subject, data: unknown, options: { base: number; publish: boolean }): Promise<number> {
      authorize(session, options.publish ? 'content.publish' : 'content.edit');
      return record(session, subject, validate(subject, data), options);
    },

    /** Publishes again what an earlier version said, as a new version that names it. */
    async revert(session: Session, subject: Subject, number: number, base: number): Promise<number> {
      authorize(session, 'content.publish');
      const version = await versionOf(store.db, subject, number);
      if (!version) throw new NotFound('content.publish');
      // Checked again: an old version must still fit the schemas and the site as they are now.
      return record(session, subject, validate(subject, JSON.parse(version.data)), { base, publish: true, revertedFrom: number });
    },

    /** What changed from version `from` to version `to`, line by line as the editors read items. */
    async diff(session: Session, subject: Subject, from: number, to: number): Promise<DiffPart[]> {
      authorize(session, 'content.edit');
      const [a, b] = await Promise.all([versionOf(store.db, subject, from), versionOf(store.db, subject, to)]);
      if (!a || !b) throw new NotFound('content.edit');
      return diffLines(readable(a.data), readable(b.data)).map((part) => ({
        kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
        text: part.value,
      }));
    },
  };
}

/** A version as text an editor can read: YAML, long texts as blocks. */
export function readable(json: string): string {
  return YAML.stringify(JSON.parse(json), { lineWidth: 0, blockQuote: 'literal' });
}
