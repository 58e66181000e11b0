// The back office, assembled: sessions, the services behind its doors, and the routes, given to
// the app as one `Office`. Every route here sits in the office scope, where a request without a
// session never reaches a route (deny by default) and every state-changing one carries its
// session's CSRF token.
import type { FastifyRequest } from 'fastify';
import { accountRoutes } from '../account/account.routes.tsx';
import type { Account } from '../account/account.service.ts';
import type { Enrolment } from '../accounts/enrolment.service.ts';
import { organisationsRoutes } from '../accounts/organisations.routes.tsx';
import type { Organisations } from '../accounts/organisations.service.ts';
import { auditLogRoutes } from '../activity/activity-log.routes.tsx';
import type { AuditLog } from '../activity/activity-log.ts';
import type { Office } from '../app.tsx';
import { caseworkRoutes } from '../casework/casework.routes.tsx';
import type { Casework } from '../casework/casework.ts';
import { membersRoutes } from '../members/members.routes.tsx';
import type { Members } from '../members/members.service.ts';
import { newsletterOfficeRoutes } from '../newsletter/newsletter-office.routes.tsx';
import type { NewsletterOffice } from '../newsletter/newsletter-office.service.ts';
import type { OfficeWeb } from '../office/office-web.ts';
import { recoveryRoutes } from '../recovery/recovery.routes.tsx';
import type { Recovery } from '../recovery/recovery.service.ts';
import { signInRoutes } from '../sign-in/sign-in.routes.tsx';
import type { SignIn } from '../sign-in/sign-in.service.ts';
import { SignInPage } from '../sign-in/sign-in.view.tsx';
import type { Scope } from '../web/scopes.ts';
import { homeRoutes } from './home.routes.tsx';

export type OfficeServices = {
  web: OfficeWeb;
  signIn: SignIn;
  enrolment: Enrolment;
  members: Members;
  organisations: Organisations;
  auditLog: AuditLog;
  account: Account;
  recovery: Recovery;
  casework: Casework;
  newsletter: NewsletterOffice;
  issuer: string;
};

/** A request from another site: its Origin (or, failing that, Referer-less Sec-Fetch-Site) says so. */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  // The browser's own word first: under `Referrer-Policy: no-referrer` (every office page) a
  // browser sends `Origin: null` even for a form posted from the office itself.
  if (site === 'same-origin') return false;
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

export function createOffice(services: OfficeServices, extra: ((scope: Scope) => Promise<void>)[] = []): Office {
  const { web } = services;
  return {
    authenticate: (request) => web.admit(request),
    signInPage: (request) => <SignInPage ctx={web.context(request, undefined)} login="" errors={[]} />,
    checkCsrf(request) {
      if (crossSite(request)) return false;
      if (request.routeOptions?.config?.office === 'open') return true;
      const session = request.officeSession;
      const given = (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
      return session !== undefined && web.sessions.checkCsrf(session, given);
    },
    async routes(scope, tools) {
      await signInRoutes(scope, { web, signIn: services.signIn, enrolment: services.enrolment, clientKey: tools.clientKey, issuer: services.issuer });
      await homeRoutes(scope, { web, recovery: services.recovery, casework: services.casework });
      await membersRoutes(scope, { web, members: services.members });
      await organisationsRoutes(scope, { web, organisations: services.organisations });
      await auditLogRoutes(scope, { web, auditLog: services.auditLog });
      await accountRoutes(scope, { web, account: services.account });
      await recoveryRoutes(scope, { web, recovery: services.recovery });
      await caseworkRoutes(scope, { web, casework: services.casework });
      await newsletterOfficeRoutes(scope, { web, office: services.newsletter });
      for (const register of extra) await register(scope);
    },
  };
}
