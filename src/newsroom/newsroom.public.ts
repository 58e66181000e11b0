// What visitors see of the newsroom, as every instance keeps it in memory (through the content
// watch, reloaded after every publish): the published items, newest first, each locale's words
// resolved (its own, or English where the editor let it fall back) and Markdown rendered once.
// Public pages read only this: no query per request. A publication's PDF is read on its first
// download and kept until the content changes.
import { renderMarkdown } from '../content/content.cache.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { listItems, readPublishedDocument, type StoredItem } from './newsroom.store.ts';
import { hasOwnText, type ItemText, type Kind, PAGE_SIZE, yearOf } from './newsroom.types.ts';

/** A locale's words as shown: `lang` is the language they are written in (English for a fallback). */
export type PublicText = { title: string; summary: string; html: string; lang: Locale };

export type PublicItem = {
  kind: Kind;
  id: string;
  /** 'YYYY-MM-DD', or 'YYYY' for a publication known by its year. */
  date: string;
  year: number;
  country: string | undefined;
  texts: Record<Locale, PublicText>;
  document: { size: number; digest: string } | undefined;
  /** When an editor last changed it (ISO): the feed's entry dates. */
  updatedAt: string;
};

export type NewsroomPublic = {
  news: PublicItem[];
  publications: PublicItem[];
};

export type ListPage = { items: PublicItem[]; page: number; pages: number };

export const listOf = (published: NewsroomPublic, kind: Kind) => (kind === 'news' ? published.news : published.publications);

export function findPublished(published: NewsroomPublic, kind: Kind, id: string): PublicItem | undefined {
  return listOf(published, kind).find((item) => item.id === id);
}

/** One page of a list (pages count from 1); undefined past the last page (an empty list has one, empty). */
export function pageOf(items: PublicItem[], page: number): ListPage | undefined {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1 || page > pages) return undefined;
  return { items: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages };
}

/**
 * Each locale's words as visitors read them: its own, or English. Published items were checked: a
 * locale without words of its own was let fall back by an editor (the preview shows the same).
 */
export function resolveTexts(kind: Kind, texts: Record<Locale, ItemText>): Record<Locale, PublicText> {
  const resolved = {} as Record<Locale, PublicText>;
  for (const locale of LOCALES) {
    const own = locale === 'en' || hasOwnText(kind, texts[locale]);
    const text = own ? texts[locale] : texts.en;
    resolved[locale] = { title: text.title.trim(), summary: text.summary.trim(), html: renderMarkdown(text.body), lang: own ? locale : 'en' };
  }
  return resolved;
}

function toPublic(item: StoredItem): PublicItem {
  const texts = resolveTexts(item.kind, item.texts);
  return {
    kind: item.kind,
    id: item.id,
    date: item.date,
    year: yearOf(item.date),
    country: item.country || undefined,
    texts,
    document: item.document,
    updatedAt: item.updatedAt,
  };
}

export async function loadNewsroom(store: Store): Promise<NewsroomPublic> {
  const [news, publications] = await Promise.all([listItems(store.db, 'news', 'published'), listItems(store.db, 'publication', 'published')]);
  return { news: news.map(toPublic), publications: publications.map(toPublic) };
}

/** The publications about a country ('lu'), newest first, for the country monitoring page. */
export function publicationsAbout(published: NewsroomPublic, country: string, locale: Locale): { href: string; title: string; year: number }[] {
  const code = country.toLowerCase();
  return published.publications
    .filter((p) => p.country === code)
    .map((p) => ({ href: `/${locale}/publications/${p.id}`, title: p.texts[locale].title, year: p.year }));
}

export type PublicDocument = { bytes: Buffer; digest: string };

/** What the kept PDFs may weigh together: past it, the least recently downloaded go first. */
export const KEPT_DOCUMENTS_BYTES = 64 * 1024 * 1024;

/**
 * Published PDFs as downloads read them: each loaded on its first download (one load however many
 * ask at once), then kept in memory until `version` changes (a publish, a new file, a removal:
 * the content watch's version). A file not found is not kept.
 */
export function keptDocuments(options: {
  load: (id: string) => Promise<PublicDocument | undefined>;
  version: () => string;
  maxBytes?: number;
}): (id: string) => Promise<PublicDocument | undefined> {
  const { load, version, maxBytes = KEPT_DOCUMENTS_BYTES } = options;
  type Entry = { document: Promise<PublicDocument | undefined>; size?: number };
  // In order of use, least recent first; `size` once loaded.
  const kept = new Map<string, Entry>();
  let built = version();
  let total = 0;

  function loaded(id: string, entry: Entry, document: PublicDocument | undefined) {
    // Dropped meanwhile (a newer version): not counted.
    if (kept.get(id) !== entry) return;
    if (!document) return void kept.delete(id);
    entry.size = document.bytes.length;
    total += entry.size;
    for (const [other, { size }] of kept) {
      if (total <= maxBytes) break;
      if (size === undefined) continue;
      kept.delete(other);
      total -= size;
    }
  }

  return (id) => {
    if (version() !== built) {
      built = version();
      kept.clear();
      total = 0;
    }
    let entry = kept.get(id);
    if (entry) kept.delete(id);
    else {
      const loading: Entry = { document: load(id) };
      loading.document.then(
        (document) => loaded(id, loading, document),
        () => kept.get(id) === loading && kept.delete(id),
      );
      entry = loading;
    }
    kept.set(id, entry);
    return entry.document;
  };
}

/** The published PDFs of this store, kept as `keptDocuments` says. */
export const publishedDocuments = (store: Store, version: () => string) => keptDocuments({ load: (id) => readPublishedDocument(store.db, id), version });
