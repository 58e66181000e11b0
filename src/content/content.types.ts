// Content as the rest of Haven sees it, once read from files or from the database.
import type { Locale } from '../i18n/locales.ts';
import type { Casework } from './casework.schema.ts';
import type { Channel, Definition, EmergencyNumber, HelpService, Law, Operator, PAGE_SECTIONS, Triage } from './content.schema.ts';

export type PageSection = (typeof PAGE_SECTIONS)[number];
export type PageTranslation = { title: string; summary: string; body: string; sourceHash: string };
export type PageSource = { slug: string; section: PageSection; order: number; translations: Record<Locale, PageTranslation> };

/** operator.yaml as read: with the logo's checked markup when it names a logo file. */
export type OperatorContent = Operator & { logoSvg?: string };

export type ContentFiles = {
  channels: Channel[];
  helpServices: HelpService[];
  emergency: EmergencyNumber[];
  laws: Law[];
  definitions: Definition[];
  triage: Triage | undefined;
  operator: OperatorContent | undefined;
  pages: PageSource[];
  /** How recipients work each hosted channel's reports (casework.yaml). */
  casework: Casework[];
};
