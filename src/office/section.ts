// A part of the site an editor runs (news, publications, country monitoring, training, the
// editing of content): its public routes, in the public scope (no session, no cookie), and its
// back-office routes, in the office scope (a session on every request, CSRF on every change).
// haven.ts lists the sections; the app and the back office register their routes.
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import type { Scope } from '../web/scopes.ts';
import type { OfficeWeb } from './office-web.ts';

export type PublicTools = {
  site: Site;
  /** A rate limiter per client (keyed by the daily-salted client key, never the address). */
  limit: ClientLimit;
};

export type Section = {
  publicRoutes?(scope: Scope, tools: PublicTools): Promise<void>;
  officeRoutes?(scope: Scope, web: OfficeWeb): Promise<void>;
  /** Stops what the section runs on its own (a sweeper), once requests are over. */
  stop?(): Promise<void>;
};
