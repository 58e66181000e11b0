// What the editors' pages show, worked out from the service's answers and the published
// content: the list of editable items, the form an item opens in, its label, the preview of a
// page, and a refusal as messages beside the fields.
import YAML from 'yaml';
import { type PortalContent, renderMarkdown } from '../content/content.cache.ts';
import { type HelpService, PAGE_SECTIONS } from '../content/content.schema.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { serviceFormOf } from './editing.forms.ts';
import type { Editing, EditRefused, Opened } from './editing.service.ts';
import { loginsOf } from './editing.store.ts';
import { type PageData, SINGLE_ID, type Subject, subjectKey } from './subjects.ts';
import type { EditForm } from './views/edit.view.tsx';
import type { HubGroup } from './views/hub.view.tsx';

export type EditingPages = ReturnType<typeof createEditingPages>;

export function createEditingPages({ editing, store, content }: { editing: Editing; store: Store; content: () => PortalContent }) {
  const say = (words: Partial<Record<Locale, string>> | string | undefined, locale: Locale) =>
    typeof words === 'string' ? words : (words?.[locale] ?? words?.en ?? '');
  return {
    editing,
    groups(locale: Locale, t: Translate, drafts: Set<string>): HubGroup[] {
      const c = content();
      const item = (subject: string, label: string, address?: string) => ({ subject, label, address, draft: drafts.has(subject) });
      const records = <T extends { id: string }>(collection: string, list: T[], label: (x: T) => string) =>
        list.map((x) => item(`record/${collection}/${x.id}`, label(x)));
      // Pages saved as drafts but never published are listed too, by their address.
      const published = new Set(c.pages.map((p) => `page/${p.slug}`));
      const newPages = [...drafts].filter((s) => s.startsWith('page/') && !published.has(s)).map((s) => item(s, s.slice(5), `/${locale}/${s.slice(5)}`));
      return [
        { id: 'pages', items: [...c.pages.map((p) => item(`page/${p.slug}`, p.translations[locale].title, `/${locale}/${p.slug}`)), ...newPages] },
        { id: 'help-services', items: records('help-services', c.helpServices, (s) => say(s.name, locale)) },
        { id: 'emergency', items: records('emergency', c.emergency, (e) => `${e.number} · ${say(e.label, locale)}`) },
        { id: 'channels', items: c.channels.map((ch) => item(`channel/${ch.id}`, say(ch.title, locale))) },
        {
          id: 'site',
          items: [
            ...(c.triage ? [item(`record/triage/${SINGLE_ID}`, t('office.editing.item.triage'))] : []),
            ...(c.operator ? [item(`record/operator/${SINGLE_ID}`, t('office.editing.item.operator'))] : []),
          ],
        },
        { id: 'laws', items: records('laws', c.laws, (l) => `${l.article} · ${say(l.title, locale)}`) },
        { id: 'definitions', items: records('definitions', c.definitions, (d) => say(d.term, locale)) },
      ];
    },
    /** Whether the item is published now. */
    exists(subject: Subject): boolean {
      const c = content();
      if (subject.kind === 'page') return Boolean(c.page(subject.slug));
      if (subject.kind === 'channel') return Boolean(c.channel(subject.id));
      if (subject.collection === 'help-services') return c.helpServices.some((s) => s.id === subject.id);
      return false;
    },
    /** The published item, as kept in memory (for the fields a form does not show). */
    live(subject: Subject): unknown {
      if (subject.kind === 'record' && subject.collection === 'help-services') return content().helpServices.find((s) => s.id === subject.id);
      return undefined;
    },
    names: (actors: string[]) => loginsOf(store.db, actors),
  };
}

/** The form an item opens in, filled with its newest version (a draft, if one waits), else what is published. */
export function editFormOf(subject: Subject, opened: Opened, section: string): EditForm {
  const newest = opened.versions[0] ? (JSON.parse(opened.versions[0].data) as unknown) : opened.live;
  if (subject.kind === 'page') {
    const page = (newest as PageData | undefined) ?? { section: section as PageData['section'], order: 100, translations: {}, fallback: [] };
    return { kind: 'page', page, sections: PAGE_SECTIONS };
  }
  if (subject.kind === 'record' && subject.collection === 'help-services')
    return { kind: 'service', service: serviceFormOf(newest as HelpService | undefined) };
  const template = subject.kind === 'record' && subject.collection === 'emergency' ? { id: subject.id } : {};
  return { kind: 'yaml', text: YAML.stringify(newest ?? template, { lineWidth: 0 }) };
}

export function labelOf(subject: Subject, form: EditForm, locale: Locale): string {
  if (form.kind === 'page') return form.page.translations[locale]?.title || form.page.translations.en?.title || subjectKey(subject);
  if (form.kind === 'service') return form.service.name[locale] || form.service.name.en || subjectKey(subject);
  return subjectKey(subject);
}

export function previewOf(page: PageData): Partial<Record<Locale, { title: string; html: string }>> {
  const preview: Partial<Record<Locale, { title: string; html: string }>> = {};
  for (const locale of LOCALES) {
    // A locale let fall back shows the English text, as visitors will see it.
    const text = page.translations[locale] ?? ((page.fallback as string[]).includes(locale) ? page.translations.en : undefined);
    if (text) preview[locale] = { title: text.title, html: renderMarkdown(text.body) };
  }
  return preview;
}

/**
 * A refusal as messages: a field that does not fit is named as the form names it (the schema's
 * path "translations.fr.title" is the form's "fr.title"); the other refusals are the form's.
 */
export function errorsOf(error: EditRefused, subject: Subject, t: Translate): FieldMessage[] {
  if (error.code !== 'invalid') return [{ field: 'subject', text: t(`office.editing.error.${error.code}`, { detail: error.detail }) }];
  const path = error.detail.split(':')[0] ?? '';
  let field = 'yaml';
  if (subject.kind === 'page') field = path.replace(/^translations\./, '').replace(/^fallback.*/, 'section');
  else if (subject.kind === 'record' && subject.collection === 'help-services') {
    field = path
      .replace(/^hours\.weekly\[(\d+)\].*/, 'weekly.$1')
      .replace(/^hours\.exceptions\[(\d+)\].*/, 'exception.$1')
      .replace(/^hours$/, 'hours.verification');
  }
  return [{ field, text: t('office.editing.error.invalid', { field: path }) }];
}
