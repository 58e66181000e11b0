// Presenters for the public pages: they turn cached content and a moment, given by the caller,
// into the plain data the views render. No query here: everything comes from the in-memory
// content cache; and no clock: the routes say what time it is, so a page can be rendered once
// per minute and the views stay pure.
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

/** A line for children: its audience names children or young people (as the triage's outcomes for a child list them). */
export function isForChildren(service: HelpService): boolean {
  return service.audience?.some((a) => a === 'children' || a === 'young-people') ?? false;
}

type Formats = { time: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; dayNames: string[] };
// Intl formatters are costly to build and hold no state between uses: one set per locale.
const formatsByLocale = new Map<Locale, Formats>();

function formats(locale: Locale): Formats {
  let f = formatsByLocale.get(locale);
  if (!f) {
    const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: SERVICE_ZONE }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: SERVICE_ZONE }),
      // 2024-01-01 was a Monday.
      dayNames: DAYS.map((_, i) => short.format(new Date(Date.UTC(2024, 0, 1 + i)))),
    };
    formatsByLocale.set(locale, f);
  }
  return f;
}

/** "Mon–Fri 09:00–16:00", "Fri, Sat 23:00–07:00 (next day)". */
export function formatHours(hours: Hours | undefined, locale: Locale, t: Translate): string[] {
  if (!hours?.weekly) return [];
  const names = formats(locale).dayNames;
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
  // Hours nobody could confirm are not shown either: a 2015 timetable is not the line's hours.
  const hours = state.kind === 'unconfirmed' ? [] : formatHours(service.hours, locale, t);
  return { service, state, hours, when: stateChange(state, locale, now) };
}

function stateChange(state: OpenState, locale: Locale, now: Date): ServiceView['when'] {
  const { time, weekday } = formats(locale);
  if (state.kind === 'open') return { time: time.format(state.closesAt.toJSDate()) };
  if (state.kind === 'closed' && state.opensAt) {
    const opens = state.opensAt.toJSDate();
    if (state.opensAt.hasSame(DateTime.fromJSDate(now, { zone: SERVICE_ZONE }), 'day')) return { time: time.format(opens) };
    return { time: time.format(opens), day: weekday.format(opens) };
  }
  return {};
}

/** 0: open now (also 24/7); 1: closed, and its next opening is known; 2: hours unknown or not confirmed. */
function rank(state: OpenState): number {
  if (state.kind === 'always' || state.kind === 'open') return 0;
  if (state.kind === 'closed' && state.opensAt) return 1;
  return 2;
}

/** Open now first, then the one that opens soonest, then those whose hours are unknown; otherwise as the content lists them. */
function byHour(a: ServiceView, b: ServiceView): number {
  const ra = rank(a.state);
  const rb = rank(b.state);
  if (ra !== rb) return ra - rb;
  if (a.state.kind === 'closed' && b.state.kind === 'closed' && a.state.opensAt && b.state.opensAt)
    return a.state.opensAt.toMillis() - b.state.opensAt.toMillis();
  return 0;
}

/**
 * The order a visitor needs at this hour: what they can call now first. For a child, the lines for
 * children come first, each group in that order. The sort is stable: ties keep the content's order.
 */
export function orderServices(views: ServiceView[], options: { forChildren?: boolean } = {}): ServiceView[] {
  const group = (v: ServiceView) => (options.forChildren && !isForChildren(v.service) ? 1 : 0);
  return [...views].sort((a, b) => group(a) - group(b) || byHour(a, b));
}

export function helpServiceViews(content: PortalContent, locale: Locale, t: Translate, now: Date, options: { forChildren?: boolean } = {}): ServiceView[] {
  return orderServices(
    content.helpServices.filter(isPublic).map((s) => serviceView(s, locale, t, now)),
    options,
  );
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
  // The outcome's help lines keep their places among its other blocks, but among themselves the
  // one that answers now comes first.
  const ordered = orderServices(blocks.flatMap((b) => (b.kind === 'help' ? [b.view] : [])));
  let next = 0;
  return blocks.map((b) => (b.kind === 'help' ? { kind: 'help', view: ordered[next++] ?? b.view } : b));
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
