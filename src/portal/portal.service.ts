// Presenters for the public pages: they turn cached content and the current time into the plain
// data the views render. No query here: everything comes from the in-memory content cache.
import { DateTime } from 'luxon';
import type { PortalContent, RenderedPage } from '../content/content.cache.ts';
import type { Channel, EmergencyNumber, HelpService, Hours } from '../content/content.schema.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import { type OpenState, openState, SERVICE_ZONE } from './opening-hours.ts';

/** A help service as its card shows it, at one moment, in one locale. */
export type ServiceView = {
  service: HelpService;
  state: OpenState;
  /** Opening lines already formatted for the locale, e.g. "Mon–Fri 09:00–16:00". */
  hours: string[];
  /** When that state ends, formatted for the locale: the closing time if open; if closed, the
   * opening time, with its weekday unless it is today. */
  when: { time?: string; day?: string };
};

/** What a triage outcome page shows, in order. */
export type OutcomeBlock =
  | { kind: 'emergency'; numbers: EmergencyNumber[] }
  | { kind: 'help'; view: ServiceView }
  | { kind: 'channel'; channel: Channel }
  | { kind: 'page'; page: RenderedPage };

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Only services whose identity is established reach visitors. */
export function isPublic(service: HelpService): boolean {
  return service.verification === 'verified' || service.verification === 'unverified';
}

function dayNames(locale: Locale): string[] {
  // 2024-01-01 was a Monday.
  const f = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return DAYS.map((_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** "Mon–Fri 09:00–16:00", "Fri, Sat 23:00–07:00 (next day)". */
export function formatHours(hours: Hours | undefined, locale: Locale, t: Translate): string[] {
  if (!hours?.weekly) return [];
  const names = dayNames(locale);
  return hours.weekly.map((rule) => {
    const idx = rule.days.map((d) => (DAYS as readonly string[]).indexOf(d)).sort((a, b) => a - b);
    const consecutive = idx.length > 2 && idx.every((d, i) => i === 0 || d === (idx[i - 1] ?? -1) + 1);
    const days = consecutive ? `${names[idx[0] ?? 0]}–${names[idx[idx.length - 1] ?? 0]}` : idx.map((i) => names[i]).join(', ');
    const overnight = rule.close <= rule.open ? ` (${t('help.nextDay')})` : '';
    return `${days} ${rule.open}–${rule.close}${overnight}`;
  });
}

export function serviceView(service: HelpService, locale: Locale, t: Translate, now: Date): ServiceView {
  const state = openState(service.hours, now);
  return { service, state, hours: formatHours(service.hours, locale, t), when: stateChange(state, locale, now) };
}

function stateChange(state: OpenState, locale: Locale, now: Date): ServiceView['when'] {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: SERVICE_ZONE });
  if (state.kind === 'open') return { time: time.format(state.closesAt.toJSDate()) };
  if (state.kind === 'closed' && state.opensAt) {
    const opens = state.opensAt.toJSDate();
    if (state.opensAt.hasSame(DateTime.fromJSDate(now, { zone: SERVICE_ZONE }), 'day')) return { time: time.format(opens) };
    return { time: time.format(opens), day: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: SERVICE_ZONE }).format(opens) };
  }
  return {};
}

export function helpServiceViews(content: PortalContent, locale: Locale, t: Translate, now: Date): ServiceView[] {
  return content.helpServices.filter(isPublic).map((s) => serviceView(s, locale, t, now));
}

export function outcomeBlocks(content: PortalContent, outcomeId: string, locale: Locale, t: Translate, now: Date): OutcomeBlock[] | undefined {
  const outcome = content.triage?.outcomes.find((o) => o.id === outcomeId);
  if (!outcome) return undefined;
  const blocks: OutcomeBlock[] = [];
  for (const action of outcome.actions) {
    if (action.kind === 'emergency') blocks.push({ kind: 'emergency', numbers: content.emergency });
    if (action.kind === 'help') {
      const service = content.helpServices.find((s) => s.id === action.service);
      if (service && isPublic(service)) blocks.push({ kind: 'help', view: serviceView(service, locale, t, now) });
    }
    if (action.kind === 'channel') {
      const channel = content.channel(action.channel);
      if (channel) blocks.push({ kind: 'channel', channel });
    }
    if (action.kind === 'page') {
      const page = content.page(action.page);
      if (page) blocks.push({ kind: 'page', page });
    }
  }
  return blocks;
}

/** The number a step shows ("Question 2"): its depth on the shortest path from the start. */
export function stepDepths(content: PortalContent): Map<string, number> {
  const depths = new Map<string, number>();
  const triage = content.triage;
  if (!triage) return depths;
  const queue: [string, number][] = [[triage.start, 1]];
  while (queue.length) {
    const [id, depth] = queue.shift()!;
    if (depths.has(id)) continue;
    depths.set(id, depth);
    for (const a of triage.steps.find((s) => s.id === id)?.answers ?? []) if (a.next) queue.push([a.next, depth + 1]);
  }
  return depths;
}

/** Every public path, for the sitemap and for the tests that walk it. */
export function publicPaths(content: PortalContent): string[] {
  const paths = ['/', '/help', '/report/status'];
  for (const c of content.channels) if (c.kind === 'hosted') paths.push(`/report/${c.id}`);
  for (const p of content.pages) if (p.slug !== 'home' && p.slug !== 'help') paths.push(`/${p.slug}`);
  if (content.triage) {
    paths.push('/triage');
    for (const s of content.triage.steps) if (s.id !== content.triage.start) paths.push(`/triage/${s.id}`);
    for (const o of content.triage.outcomes) paths.push(`/triage/result/${o.id}`);
  }
  return paths;
}
