// Brings content/ files into the database. A row an editor has changed (updated_by set) is
// never overwritten by a file; a file row that changed is updated; a removed one is deleted.
import { type AuditKeys, audited } from '../audit/audit.ts';
import type { Store } from '../db/database.ts';
import { ContentError, sha } from './content.loader.ts';
import type { Channel } from './content.schema.ts';
import type { ContentFiles } from './content.types.ts';
import { markPublished } from './content-watch.ts';

type Row = { collection: string; id: string; position: number; data: string; source_hash: string };

export async function importContent(store: Store, keys: AuditKeys, files: ContentFiles): Promise<number> {
  const now = new Date().toISOString();
  const records: Row[] = [];
  const add = (collection: string, items: { id: string }[]) =>
    items.forEach((item, position) => {
      const data = JSON.stringify(item);
      records.push({ collection, id: item.id, position, data, source_hash: sha(data) });
    });
  add('help-services', files.helpServices);
  add('emergency', files.emergency);
  add('laws', files.laws);
  add('definitions', files.definitions);
  if (files.triage) add('triage', [{ id: 'main', ...files.triage }]);
  if (files.operator) add('operator', [{ id: 'main', ...files.operator }]);

  const entries = (changes: number) =>
    changes > 0 ? [{ actor: 'content-import', action: 'content.imported' as const, subject: 'content', detail: `${changes} changes`, at: now }] : [];
  return audited(store, keys, entries, async (trx) => {
    let changes = 0;
    const organisations = new Set((await trx.selectFrom('organisations').select('id').execute()).map((o) => o.id));
    const channels = new Map((await trx.selectFrom('channels').select(['id', 'definition', 'updated_by']).execute()).map((c) => [c.id, c]));
    for (const [position, channel] of files.channels.entries()) {
      if (channel.recipient && !organisations.has(channel.recipient)) {
        throw new ContentError(
          `content/channels.yaml: [${position}].recipient: no organisation "${channel.recipient}" (create it, or start once with HAVEN_DEMO=true for the demo ones)`,
        );
      }
      const row = { kind: channel.kind, organisation_id: channel.recipient ?? null, position, definition: JSON.stringify(channel) };
      if (!channels.has(channel.id)) {
        await trx
          .insertInto('channels')
          .values({ id: channel.id, ...row })
          .execute();
        changes++;
      } else {
        const old = channels.get(channel.id);
        // An editor's wording stays; what only the operator sets (the recipient, the form and its
        // promise of identity, the categories' ids) is always the file's.
        const definition = old?.updated_by ? JSON.stringify(operatorFields(JSON.parse(old.definition) as Channel, channel)) : row.definition;
        if (old?.definition !== definition) {
          await trx
            .updateTable('channels')
            .set({ ...row, definition, ...(old?.updated_by ? { kind: (JSON.parse(definition) as Channel).kind } : {}) })
            .where('id', '=', channel.id)
            .where('updated_by', old?.updated_by ? 'is not' : 'is', null)
            .execute();
          changes++;
        }
      }
    }

    const existing = await trx.selectFrom('content_records').select(['collection', 'id', 'source_hash', 'updated_by']).execute();
    const byKey = new Map(existing.map((r) => [`${r.collection}/${r.id}`, r]));
    const seen = new Set<string>();
    for (const r of records) {
      const key = `${r.collection}/${r.id}`;
      seen.add(key);
      const old = byKey.get(key);
      if (!old) {
        await trx
          .insertInto('content_records')
          .values({ ...r, updated_at: now, updated_by: null })
          .execute();
        changes++;
      } else if (old.updated_by === null && old.source_hash !== r.source_hash) {
        await trx
          .updateTable('content_records')
          .set({ ...r, updated_at: now })
          .where('collection', '=', r.collection)
          .where('id', '=', r.id)
          // An editor who published meanwhile (another instance) keeps their change.
          .where('updated_by', 'is', null)
          .execute();
        changes++;
      }
    }
    for (const old of existing) {
      if (old.updated_by === null && !seen.has(`${old.collection}/${old.id}`)) {
        await trx.deleteFrom('content_records').where('collection', '=', old.collection).where('id', '=', old.id).where('updated_by', 'is', null).execute();
        changes++;
      }
    }

    const pages = new Map((await trx.selectFrom('pages').selectAll().execute()).map((p) => [p.slug, p]));
    const translations = new Map(
      (await trx.selectFrom('page_translations').select(['slug', 'locale', 'source_hash', 'updated_by']).execute()).map((t) => [`${t.slug}/${t.locale}`, t]),
    );
    for (const page of files.pages) {
      const old = pages.get(page.slug);
      if (!old) {
        await trx.insertInto('pages').values({ slug: page.slug, section: page.section, position: page.order }).execute();
        changes++;
      } else if (old.updated_by === null && (old.section !== page.section || old.position !== page.order)) {
        await trx
          .updateTable('pages')
          .set({ section: page.section, position: page.order })
          .where('slug', '=', page.slug)
          .where('updated_by', 'is', null)
          .execute();
        changes++;
      }
      // A page an editor published is theirs, all its locales (one left to fall back to English too).
      if (old?.updated_by) continue;
      for (const [locale, t] of Object.entries(page.translations)) {
        const row = { title: t.title, summary: t.summary, body: t.body, source_hash: t.sourceHash, updated_at: now };
        const prev = translations.get(`${page.slug}/${locale}`);
        if (!prev) {
          await trx
            .insertInto('page_translations')
            .values({ slug: page.slug, locale, ...row, updated_by: null })
            .execute();
          changes++;
        } else if (prev.updated_by === null && prev.source_hash !== t.sourceHash) {
          await trx
            .updateTable('page_translations')
            .set(row)
            .where('slug', '=', page.slug)
            .where('locale', '=', locale)
            .where('updated_by', 'is', null)
            .execute();
          changes++;
        }
      }
    }
    // Instances already running (a rolling restart) reload what changed.
    if (changes > 0) await markPublished(trx);
    return changes;
  });
}

/** A channel an editor changed, with what only the operator sets taken from the file. */
function operatorFields(edited: Channel, file: Channel): Channel {
  const ids = (c: Channel) => c.categories.map((k) => k.id).join(',');
  const { recipient: _r, ...rest } = edited;
  return {
    ...rest,
    ...(file.recipient ? { recipient: file.recipient } : {}),
    form: file.form,
    identity: file.identity,
    categories: ids(edited) === ids(file) ? edited.categories : file.categories,
  };
}
