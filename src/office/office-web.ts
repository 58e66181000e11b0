// What every office route shares: the session cookie, the page context (words in the member's
// language, the links their role opens), and reading a request's session. Public pages never
// come here: only the office scope sets a cookie.
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, type Locale, negotiateLocale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { Session, Sessions } from '../sessions/sessions.ts';
import type { Assets } from '../web/assets.ts';
import type { OfficeContext, OfficeLink } from './office-layout.view.tsx';

// The one cookie is read by the office scope's first hook (and for requests Fastify refuses before
// any hook), before a plugin's hook would have parsed it: so `cookie` (what @fastify/cookie uses)
// is called directly.

declare module 'fastify' {
  interface FastifyRequest {
    /** The back-office session, once the office scope has found it. */
    officeSession?: Session | undefined;
  }
  interface FastifyContextConfig {
    /** Who may reach an office route: 'open' (sign-in, enrolment), 'second-factor' (half signed in), or (default) signed in. */
    office?: 'open' | 'second-factor';
  }
}

/** `__Host-` (Secure, path /, no domain) whenever the office is served over TLS. */
export function cookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? '__Host-haven-office' : 'haven-office';
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  // Over TLS only the __Host- cookie counts: a plain one could have been planted by a sibling
  // subdomain or over plain HTTP.
  return request.protocol === 'https' ? cookies['__Host-haven-office'] : cookies['haven-office'];
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = reply.request.protocol === 'https';
  reply.header(
    'set-cookie',
    stringifySetCookie({ name: cookieName(reply.request), value: token, httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeSeconds }),
  );
}

export function clearSessionCookie(reply: FastifyReply): void {
  const secure = reply.request.protocol === 'https';
  reply.header(
    'set-cookie',
    stringifySetCookie({ name: cookieName(reply.request), value: '', httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 }),
  );
}

/** The session a route behind the office hook runs for (the hook has refused requests without one). */
export function sessionOf(request: FastifyRequest): Session {
  const session = request.officeSession;
  if (!session) throw new Error('office route reached without a session');
  return session;
}

export type OfficeWeb = ReturnType<typeof createOfficeWeb>;

export function createOfficeWeb(options: {
  t: (locale: Locale) => Translate;
  assets: Assets;
  sessions: Sessions;
  organisationName: (id: string) => string | undefined;
  /** Where "Leave this site" goes (LEAVE_URL), as on the public pages. */
  leaveUrl: string;
}) {
  const localeOf = (request: FastifyRequest, session?: Session): Locale => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (typeof asked === 'string' && isLocale(asked)) return asked;
    if (session && isLocale(session.account.locale)) return session.account.locale;
    return negotiateLocale(request.headers['accept-language']);
  };

  function links(session: Session, t: Translate): OfficeLink[] {
    const role = session.account.role;
    const list: OfficeLink[] = [{ href: '/office/', label: t('office.nav.home') }];
    if (role === 'supervisor' || role === 'analyst') {
      list.push({ href: '/office/reports', label: t('office.nav.reports') });
      list.push({ href: '/office/statistics', label: t('office.nav.statistics') });
    }
    if (role === 'supervisor') {
      list.push({ href: '/office/members', label: t('office.nav.members') });
      list.push({ href: '/office/recovery', label: t('office.nav.recovery') });
      list.push({ href: '/office/audit', label: t('office.nav.audit') });
    }
    if (role === 'admin') {
      list.push({ href: '/office/organisations', label: t('office.nav.organisations') });
      list.push({ href: '/office/audit', label: t('office.nav.audit') });
    }
    if (role === 'editor' || role === 'admin') list.push({ href: '/office/content', label: t('office.editing.nav') });
    if (role === 'editor' || role === 'admin') list.push({ href: '/office/newsletter', label: t('office.newsletter.nav') });
    if (role === 'editor' || role === 'admin') list.push({ href: '/office/training', label: t('office.training.nav') });
    if (role === 'editor' || role === 'admin')
      list.push({ href: '/office/news', label: t('office.newsroom.nav.news') }, { href: '/office/publications', label: t('office.newsroom.nav.publications') });
    if (role === 'editor' || role === 'admin') list.push({ href: '/office/monitoring', label: t('office.monitoring.nav') });
    list.push({ href: '/office/account', label: t('office.nav.account') });
    return list;
  }

  return {
    sessions: options.sessions,
    localeOf,
    context(request: FastifyRequest, session = request.officeSession): OfficeContext {
      const locale = localeOf(request, session);
      const t = options.t(locale);
      const path = request.url.split('?')[0] ?? '/office/';
      const signedIn =
        session && session.stage === 'signed-in'
          ? {
              login: session.account.login,
              roleLabel: t(`office.role.${session.account.role}`),
              organisation: session.account.organisation_id ? options.organisationName(session.account.organisation_id) : undefined,
              csrf: session.csrf,
              links: links(session, t),
            }
          : undefined;
      return { locale, t, assets: options.assets, path, signedIn, leaveUrl: options.leaveUrl };
    },
    /** Authenticates an office request: the session, if its stage opens the route. */
    async admit(request: FastifyRequest): Promise<Session | 'open' | undefined> {
      const access = request.routeOptions?.config?.office;
      const session = await options.sessions.read(sessionToken(request));
      request.officeSession = session;
      if (access === 'open') return session ?? 'open';
      if (!session) return undefined;
      if (access === 'second-factor') return session.stage === 'signed-in' ? undefined : session;
      return session.stage === 'signed-in' ? session : undefined;
    },
  };
}
