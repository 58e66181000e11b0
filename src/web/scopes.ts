// The two halves of the site, as two Fastify scopes. Public: no session, no cookie, ever. Office
// (everything under /office/): a hook that denies every request without a session, before any
// route runs. A route is public only by living in the public scope: one registered under /office/
// anywhere but in the office scope stops start-up.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';

/** The app as routes see it: schemas are TypeBox, and request bodies typed from them. */
export type Scope = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export const OFFICE_PREFIX = '/office';

const OFFICE = Symbol('office scope');
type Marked = { [OFFICE]?: true };

/** Who the request is from, once the back office knows (sessions come with sign-in). */
export type Authenticate = (request: FastifyRequest) => Promise<unknown | undefined>;

export function isOfficePath(url: string): boolean {
  return url === OFFICE_PREFIX || url.startsWith(`${OFFICE_PREFIX}/`);
}

/** Refuses, at start-up, a route under /office/ that is not in the office scope. */
export function guardOfficePaths(app: Scope): void {
  app.addHook('onRoute', function (this: Scope & Marked, route) {
    if (isOfficePath(route.url) && !this[OFFICE]) {
      throw new Error(`${route.method} ${route.url} is under ${OFFICE_PREFIX}/ but outside the office scope, where every request needs a session`);
    }
  });
}

/** The public scope: whatever its routes do, no answer sets a cookie. */
export function publicScope(register: (scope: Scope) => Promise<void>) {
  return async (scope: Scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.removeHeader('set-cookie');
      return payload;
    });
    await register(scope);
  };
}

/**
 * The office scope, mounted at /office: every request is refused with `deny` unless
 * `authenticate` finds who it is from. Deny by default: a route added here is protected without
 * saying so, and only a later issue's sign-in routes will be let through, by name.
 */
export function officeScope(
  options: {
    authenticate: Authenticate;
    deny: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
    /** A rate limit's hook, run first: before a session is looked up. */
    limit?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  },
  register: (scope: Scope) => Promise<void>,
) {
  return async (scope: Scope) => {
    (scope as Scope & Marked)[OFFICE] = true;
    scope.addHook('onRequest', async (_request, reply) => {
      // Office pages are never kept by browsers or proxies, nor indexed (refusals included).
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    });
    if (options.limit) scope.addHook('onRequest', options.limit);
    scope.addHook('onRequest', async (request, reply) => {
      if ((await options.authenticate(request)) === undefined) return options.deny(request, reply);
    });
    await register(scope);
  };
}
