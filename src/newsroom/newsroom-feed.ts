// A locale's news as an Atom feed (the `feed` package): the latest items, each with its summary
// and its text as HTML (Markdown rendered without raw HTML). With no news it is an empty feed,
// still valid: an id, a title, an author and a date.
import { Feed } from 'feed';
import type { Locale } from '../i18n/locales.ts';
import { localePath } from '../web/page-context.ts';
import type { PublicItem } from './newsroom.public.ts';
import { xmlText } from './newsroom.types.ts';
import { feedPath, itemPath } from './newsroom.view.tsx';

/** Entries a feed carries: readers keep what they have seen. */
export const FEED_ENTRIES = 20;

/**
 * Text for an entry's element of type "html" (in CDATA, unescaped by the writer): its markup
 * characters escaped, and the characters XML forbids dropped (saved before the editors' forms did).
 */
const escapeHtml = (text: string) => xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const dayOf = (date: string) => new Date(`${date.length === 4 ? `${date}-01-01` : date}T00:00:00Z`);

export function newsFeed(items: PublicItem[], options: { locale: Locale; origin: string; title: string; author: string }): string {
  const { locale, origin } = options;
  const latest = items.slice(0, FEED_ENTRIES);
  const updated = latest.reduce((last, item) => (item.updatedAt > last ? item.updatedAt : last), '');
  const feed = new Feed({
    id: `${origin}${localePath(locale, '/news')}`,
    // Plain text elements: the XML writer escapes them.
    title: options.title,
    link: `${origin}${localePath(locale, '/news')}`,
    feed: `${origin}${feedPath(locale)}`,
    language: locale,
    // A feed without news says when it began: never, rather than the time it was asked for.
    updated: updated ? new Date(updated) : new Date(0),
    generator: false,
    author: { name: options.author },
  });
  for (const item of latest) {
    const text = item.texts[locale];
    const url = `${origin}${localePath(locale, itemPath('news', item.id))}`;
    feed.addItem({
      title: escapeHtml(text.title),
      id: url,
      link: url,
      date: new Date(item.updatedAt),
      published: dayOf(item.date),
      ...(text.summary ? { description: escapeHtml(text.summary) } : {}),
      ...(text.html ? { content: xmlText(text.html) } : {}),
    });
  }
  return feed.atom1();
}
