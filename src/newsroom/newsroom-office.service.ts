// The editors' side of news and publications: list, create, save, publish, unpublish, delete, and a
// publication's PDF. Editors and operator admins only; each change is audited in its transaction,
// and one that changes what visitors see also marks the content published there, then asks this
// instance's watch to reload at once (the others follow within CONTENT_CHECK_SECONDS).
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type AuditAction, type Audited, type AuditKeys, audited } from '../audit/audit.ts';
import { type ContentWatch, markPublished } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import { LOCALES } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import type { Session } from '../sessions/sessions.ts';
import {
  deleteItem,
  findItem,
  insertItem,
  listItems,
  putDocument,
  readDocument,
  removeDocument,
  type StoredItem,
  setStatus,
  updateItem,
} from './newsroom.store.ts';
import { DOCUMENT_MAX_BYTES, type Draft, type Kind, type Problem, publishProblems, saveProblems } from './newsroom.types.ts';

export type SaveResult = { ok: true } | { ok: false; problems: Problem[] } | { ok: false; gone: true };
export type DocumentResult = 'saved' | 'empty' | 'too-large' | 'not-pdf' | 'gone';

export type NewsroomOffice = ReturnType<typeof createNewsroomOffice>;

export function createNewsroomOffice(options: { store: Store; keys: AuditKeys; watch: Pick<ContentWatch, 'check'>; now?: () => number }) {
  const { store, keys, watch, now = Date.now } = options;
  const who = (session: Session) => `account:${session.account.id}`;
  const at = () => new Date(now()).toISOString();
  const wordsIn = (draft: Draft) => LOCALES.filter((l) => draft.texts[l].title.trim());

  /** One audited change; when `shown` says visitors see it, every instance is told to reload. */
  async function change<T>(
    session: Session,
    entry: { action: AuditAction; kind: Kind; id: string; detail?: Record<string, unknown> },
    action: (trx: Audited) => Promise<{ result: T; shown: boolean; audit: boolean }>,
  ): Promise<T> {
    let shown = false;
    const result = await audited(
      store,
      keys,
      (done: { result: T; audit: boolean }) =>
        done.audit
          ? [
              {
                actor: who(session),
                action: entry.action,
                subject: `${entry.kind}:${entry.id}`,
                detail: JSON.stringify({ kind: entry.kind, id: entry.id, ...entry.detail }),
              },
            ]
          : [],
      async (trx) => {
        const done = await action(trx);
        if (done.shown) await markPublished(trx);
        shown = done.shown;
        return done;
      },
    );
    if (shown) await watch.check();
    return result.result;
  }

  return {
    async list(session: Session, kind: Kind): Promise<StoredItem[]> {
      authorize(session, 'newsroom.edit');
      return listItems(store.db, kind);
    },

    async find(session: Session, kind: Kind, id: string): Promise<StoredItem | undefined> {
      authorize(session, 'newsroom.edit');
      return findItem(store.db, kind, id);
    },

    async create(session: Session, kind: Kind, draft: Draft): Promise<SaveResult> {
      authorize(session, 'newsroom.edit');
      const problems = saveProblems(kind, draft);
      if (problems.length) return { ok: false, problems };
      return change<SaveResult>(session, { action: 'newsroom.created', kind, id: draft.id, detail: { locales: wordsIn(draft) } }, async (trx) => {
        const inserted = await insertItem(trx, kind, draft, { at: at(), by: session.account.id });
        const result: SaveResult = inserted ? { ok: true } : { ok: false, problems: [{ field: 'id', code: 'taken' }] };
        return { result, shown: false, audit: inserted };
      });
    },

    /** Saves an item's words; a published item's change goes public at once, so it must be publishable. */
    async save(session: Session, kind: Kind, draft: Draft): Promise<SaveResult> {
      authorize(session, 'newsroom.edit');
      const problems = saveProblems(kind, draft);
      if (problems.length) return { ok: false, problems };
      return change<SaveResult>(
        session,
        { action: 'newsroom.updated', kind, id: draft.id, detail: { locales: wordsIn(draft), fallback: draft.fallback } },
        async (trx) => {
          const current = await findItem(trx, kind, draft.id);
          if (!current) return { result: { ok: false, gone: true }, shown: false, audit: false };
          const published = current.status === 'published';
          const blocking = published ? publishProblems(kind, draft) : [];
          if (blocking.length) return { result: { ok: false, problems: blocking }, shown: false, audit: false };
          await updateItem(trx, kind, draft, { at: at(), by: session.account.id });
          return { result: { ok: true }, shown: published, audit: true };
        },
      );
    },

    async publish(session: Session, kind: Kind, id: string): Promise<SaveResult> {
      authorize(session, 'newsroom.publish');
      return change<SaveResult>(session, { action: 'newsroom.published', kind, id }, async (trx) => {
        const current = await findItem(trx, kind, id);
        if (!current) return { result: { ok: false, gone: true }, shown: false, audit: false };
        const problems = [...saveProblems(kind, current), ...publishProblems(kind, current)];
        if (problems.length) return { result: { ok: false, problems }, shown: false, audit: false };
        await setStatus(trx, kind, id, 'published', { at: at(), by: session.account.id });
        return { result: { ok: true }, shown: true, audit: true };
      });
    },

    async unpublish(session: Session, kind: Kind, id: string): Promise<boolean> {
      authorize(session, 'newsroom.publish');
      return change(session, { action: 'newsroom.unpublished', kind, id }, async (trx) => {
        const current = await findItem(trx, kind, id);
        if (!current) return { result: false, shown: false, audit: false };
        await setStatus(trx, kind, id, 'draft', { at: at(), by: session.account.id });
        return { result: true, shown: current.status === 'published', audit: true };
      });
    },

    async remove(session: Session, kind: Kind, id: string): Promise<boolean> {
      authorize(session, 'newsroom.publish');
      return change(session, { action: 'newsroom.deleted', kind, id }, async (trx) => {
        const current = await findItem(trx, kind, id);
        if (!current) return { result: false, shown: false, audit: false };
        await deleteItem(trx, kind, id);
        return { result: true, shown: current.status === 'published', audit: true };
      });
    },

    /**
     * Puts a publication's PDF, checked by its content (file-type reads its first bytes: only
     * application/pdf passes, whatever the file's name or the browser's word for it).
     */
    async putDocument(session: Session, id: string, upload: { bytes: Buffer; truncated: boolean }): Promise<DocumentResult> {
      authorize(session, 'newsroom.edit');
      if (upload.truncated || upload.bytes.length > DOCUMENT_MAX_BYTES) return 'too-large';
      if (upload.bytes.length === 0) return 'empty';
      if ((await fileTypeFromBuffer(upload.bytes))?.mime !== 'application/pdf') return 'not-pdf';
      const digest = createHash('sha256').update(upload.bytes).digest('hex');
      return change(
        session,
        { action: 'newsroom.document-uploaded', kind: 'publication', id, detail: { bytes: upload.bytes.length, sha256: digest } },
        async (trx) => {
          const current = await findItem(trx, 'publication', id);
          if (!current) return { result: 'gone' as const, shown: false, audit: false };
          await putDocument(trx, id, upload.bytes, digest, at());
          return { result: 'saved' as const, shown: current.status === 'published', audit: true };
        },
      );
    },

    async readDocument(session: Session, id: string): Promise<Buffer | undefined> {
      authorize(session, 'newsroom.edit');
      return readDocument(store.db, id);
    },

    async removeDocument(session: Session, id: string): Promise<boolean> {
      authorize(session, 'newsroom.edit');
      return change(session, { action: 'newsroom.document-removed', kind: 'publication', id }, async (trx) => {
        const current = await findItem(trx, 'publication', id);
        const removed = current ? await removeDocument(trx, id) : false;
        return { result: removed, shown: removed && current?.status === 'published', audit: removed };
      });
    },
  };
}
