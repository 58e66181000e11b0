// The in-memory copy of all public content, built from the database at start-up (and again when
// an editor publishes), so that serving a public page costs no query. Markdown is rendered here,
// once, with raw HTML disabled: content can never inject markup or script.
import MarkdownIt from 'markdown-it';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { Channel, Definition, EmergencyNumber, HelpService, Law, Triage } from './content.schema.ts';
import { readChannels, readPages, readPageTranslations, readRecords } from './content.store.ts';
import type { OperatorContent, PageSection } from './content.types.ts';

export type RenderedPage = {
  slug: string;
  section: PageSection;
  order: number;
  /** `lang` is set where the text is English standing in for a locale an editor let fall back. */
  translations: Record<Locale, { title: string; summary: string; html: string; lang?: Locale }>;
};

export type PortalContent = {
  channels: Channel[];
  channel(id: string): Channel | undefined;
  helpServices: HelpService[];
  emergency: EmergencyNumber[];
  laws: Law[];
  definitions: Definition[];
  triage: Triage | undefined;
  /** Who runs the site, when content/operator.yaml says so. */
  operator: OperatorContent | undefined;
  pages: RenderedPage[];
  page(slug: string): RenderedPage | undefined;
};

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true });

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

export async function loadPortalContent(store: Store): Promise<PortalContent> {
  const [channelRows, pageRows, translationRows, records] = await Promise.all([
    readChannels(store.db),
    readPages(store.db),
    readPageTranslations(store.db),
    readRecords(store.db),
  ]);
  const collection = <T>(name: string) => records.filter((r) => r.collection === name).map((r) => JSON.parse(r.data) as T);
  const channels = channelRows.map((c) => JSON.parse(c.definition) as Channel);
  const pages: RenderedPage[] = [];
  for (const p of pageRows) {
    const translations = {} as RenderedPage['translations'];
    const fallback = new Set(JSON.parse(p.fallback_locales ?? '[]') as string[]);
    const english = translationRows.find((r) => r.slug === p.slug && r.locale === 'en');
    for (const locale of LOCALES) {
      const t = translationRows.find((r) => r.slug === p.slug && r.locale === locale);
      if (t) translations[locale] = { title: t.title, summary: t.summary, html: renderMarkdown(t.body) };
      else if (english && fallback.has(locale))
        translations[locale] = { title: english.title, summary: english.summary, html: renderMarkdown(english.body), lang: 'en' };
    }
    if (LOCALES.every((l) => translations[l])) pages.push({ slug: p.slug, section: p.section as PageSection, order: p.position, translations });
  }
  const triage = collection<Triage & { id: string }>('triage')[0];
  // Stored under the id "main", like the triage; the id is the store's, not the operator's.
  const operator = collection<OperatorContent & { id?: string }>('operator')[0];
  delete operator?.id;
  const channelMap = new Map(channels.map((c) => [c.id, c]));
  const pageMap = new Map(pages.map((p) => [p.slug, p]));
  return {
    channels,
    channel: (id) => channelMap.get(id),
    helpServices: collection<HelpService>('help-services'),
    emergency: collection<EmergencyNumber>('emergency'),
    laws: collection<Law>('laws'),
    definitions: collection<Definition>('definitions'),
    triage: triage ? { start: triage.start, steps: triage.steps, outcomes: triage.outcomes } : undefined,
    operator,
    pages,
    page: (slug) => pageMap.get(slug),
  };
}
