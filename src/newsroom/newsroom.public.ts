// What visitors see of the newsroom, as every instance keeps it in memory (through the content
// watch, reloaded after every publish): the published items, newest first, each locale's words
// resolved (its own, or English where the editor let it fall back) and Markdown rendered once.
// Public pages read only this: no query per request.
import { renderMarkdown } from '../content/content.cache.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { listItems, type StoredItem } from './newsroom.store.ts';
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
