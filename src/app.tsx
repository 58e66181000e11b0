// Builds the HTTP application from ready parts (store, keys, content, services). No listening,
// no process concerns: server.ts does those, and tests drive this with app.inject.
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { VNode } from 'preact';
import type { Config } from './config.ts';
import type { ServerKeys } from './crypto/secrets.ts';
import { isReady, type Store } from './db/database.ts';
import { isLocale, LOCALES, type Locale, negotiateLocale } from './i18n/locales.ts';
import { intakeRoutes } from './intake/intake.routes.tsx';
import type { Intake } from './intake/intake.service.ts';
import { createProofOfWork } from './intake/proof-of-work.ts';
import { clientLimits, type LimitStore } from './limits/limits.ts';
import { newsletterRoutes } from './newsletter/newsletter.routes.tsx';
import type { Newsletter } from './newsletter/newsletter.service.ts';
import type { Section } from './office/section.ts';
import { portalRoutes } from './portal/portal.routes.tsx';
import type { Site } from './portal/site.ts';
import { trackingRoutes } from './tracking/tracking.routes.tsx';
import type { Assets } from './web/assets.ts';
import { clientErrorHandler } from './web/client-error.ts';
import { createClientKey } from './web/client-key.ts';
import { isDomainError, statusOf } from './web/domain-errors.ts';
import { apiErrors, errorCodeOf, errorKindOf, validationErrors } from './web/error-answers.ts';
import { type ErrorKind, ErrorPage } from './web/error-page.view.tsx';
import { sendPage } from './web/http.ts';
import { type Authenticate, guardOfficePaths, isOfficePath, OFFICE_PREFIX, officeScope, publicScope, type Scope } from './web/scopes.ts';
import { securityHeaders } from './web/security-headers.ts';

export type AppDeps = {
  config: Pick<
    Config,
    | 'logLevel'
    | 'trustProxy'
    | 'statusLookupsPerMinute'
    | 'publicUrl'
    | 'intakeReportsPerClient'
    | 'intakeWindowMinutes'
    | 'intakeReportsWithoutProof'
    | 'intakeProofDifficulty'
  >;
  store: Store;
  keys: ServerKeys;
  site: Site;
  assets: Assets;
  intake: Intake;
  /** The newsletter's public pages (subscribe, confirm, unsubscribe); left out when absent. */
  newsletter?: Newsletter;
  /** Where rate limits count (database or Redis); the app closes it when it closes. */
  limits: LimitStore;
  organisationNames: Map<string, string>;
  /** Pino destination (tests collect the log lines to check they hold no address). */
  logStream?: NodeJS.WritableStream;
  /** The back office: who a request is from, its sign-in page, and its routes. Without it, nobody gets in. */
  office?: Office;
  /** Routes added to the office scope (tests). */
  officeRoutes?: (scope: Scope) => Promise<void>;
  /** Parts of the site editors run: their public routes go in the public scope (office/section.ts). */
  sections?: Section[];
  /** The time the public pages show (which lines are open); the system clock unless a test fixes it. */
  now?: () => Date;
};

/** What the back office gives the app: see office/office.ts. */
export type Office = {
  authenticate: Authenticate;
  /** The page an HTML request without a session gets (401): the sign-in form. */
  signInPage(request: FastifyRequest): VNode;
  /** Whether a state-changing request carries its session's CSRF token (or, on an open route, comes from this site). */
  checkCsrf(request: FastifyRequest): boolean;
  routes(scope: Scope, tools: { clientKey: (address: string) => string }): Promise<void>;
};

export const BODY_LIMIT = 128 * 1024;

/**
 * Back-office requests one client (address) may make a minute: a whole office behind one address,
 * working fast, stays far below it. When the counters cannot be reached, requests go through
 * (sign-in has its own throttle, which fails closed).
 */
export const OFFICE_REQUESTS_PER_MINUTE = 1200;

/** Request lines only at debug level (no access log by default), and never with an address. */
class QuietLogController extends LogController {
  override incomingRequest() {}
  override requestCompleted(_error: Error | null, request: FastifyRequest, reply: { statusCode: number; elapsedTime: number }) {
    request.log.debug({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed');
  }
}

export async function buildApp(deps: AppDeps): Promise<Scope> {
  const hardening = Object.entries(securityHeaders());
  const { site, assets } = deps;
  const localeOf = (request: FastifyRequest): Locale => {
    const first = request.url.split('/')[1];
    return isLocale(first) ? first : negotiateLocale(request.headers['accept-language']);
  };
  const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
  const errorPage = (request: FastifyRequest, kind: ErrorKind) => <ErrorPage ctx={site.context(localeOf(request), '/', { noindex: true })} kind={kind} />;

  // One answer for every error: the domain's errors by their kind (web/domain-errors.ts), and the
  // hook-less refusals Fastify makes before routing (an address it cannot decode, see
  // frameworkErrors) too, for the same translated page.
  // An office request without a session: refused before any route runs (office scope), also one
  // for an address with no route or that Fastify refuses before routing (its 404 or 414 would
  // tell what exists).
  const deny = (request: FastifyRequest, reply: FastifyReply) => {
    if (isApi(request) || !String(request.headers.accept ?? '').includes('text/html')) {
      return reply.code(401).send({ errors: [{ field: '', code: 'unauthorised', message: site.t(localeOf(request))('errorPage.unauthorised.title') }] });
    }
    return sendPage(reply, deps.office ? deps.office.signInPage(request) : errorPage(request, 'unauthorised'), 401);
  };
  const authenticate: Authenticate = deps.office?.authenticate ?? (async () => undefined);

  const answerError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isDomainError(error)) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      if (isApi(request)) {
        const t = site.t(negotiateLocale(request.headers['accept-language']));
        return reply
          .code(statusOf(error))
          .header('cache-control', 'no-store')
          .send({ errors: apiErrors(error, t) });
      }
    }
    const given = isDomainError(error) ? statusOf(error) : error.statusCode;
    const status = given && given >= 400 && given < 500 ? given : 500;
    if (status === 500) request.log.error({ err: error, req: request }, 'request failed');
    const kind = errorKindOf(status);
    if (isApi(request)) {
      const t = site.t(negotiateLocale(request.headers['accept-language']));
      const errors = error.validation
        ? validationErrors(error.validation, t)
        : [{ field: '', code: errorCodeOf(status), message: t(`errorPage.${kind}.title`) }];
      return reply.code(status).header('cache-control', 'no-store').send({ errors });
    }
    return sendPage(reply, errorPage(request, kind), status);
  };
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // The request as logs see it: method and route only. Never the address, the user agent,
      // the query string or a header: the visitor must not be traceable from our logs.
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // Name, message and stack only: Node's HTTP parse errors carry the raw request bytes
        // (rawPacket: headers, user agent, forwarded address), which a trace log would keep.
        err: (error: Error & { code?: unknown; statusCode?: unknown }) => ({
          type: error.name,
          message: error.message,
          code: error.code,
          statusCode: error.statusCode,
          stack: error.stack ?? '',
        }),
      },
    },
    logController: new QuietLogController(),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.config.trustProxy,
    // A request the server has begun to read when a stop begins is served as usual (with
    // `Connection: close`): a report on its way is committed and answered with its receipt,
    // instead of a bare 503 that drops what the visitor typed. Intake and the database close
    // only after the last such answer (haven.ts).
    return503OnClosing: false,
    routerOptions: { maxParamLength: 200 },
    // Requests Node's HTTP parser refuses never reach a hook: answered with the same headers here.
    clientErrorHandler: clientErrorHandler(
      securityHeaders(),
      LOCALES.map((l) => `${site.t(l)('errorPage.badRequest.title')}. ${site.t(l)('errorPage.badRequest.text')}`).join('\n'),
    ),
    frameworkErrors: async (error, request, reply) => {
      // These skip the onRequest hook: the headers are set here.
      for (const [name, value] of hardening) reply.header(name, value);
      if (isOfficePath(request.url) && (await authenticate(request).catch(() => undefined)) === undefined) return deny(request, reply);
      return answerError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  guardOfficePaths(app);

  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of hardening) reply.raw.setHeader(name, value);
    done();
  });

  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // Only forms and JSON are read; anything else (text/plain, multipart: there are no uploads)
  // is refused with 415 rather than parsed into an empty report.
  app.removeContentTypeParser('text/plain');
  // Counters live in the database or Redis, shared by every instance, and the client key comes
  // from the server secret: instances behind one load balancer count a visitor once.
  const clientKey = createClientKey(deps.keys.client);
  const { limits } = deps;
  app.addHook('onClose', () => limits.close());
  // Used proof-of-work solutions are recorded in the database, which every instance shares.
  const proofs = createProofOfWork({ store: deps.store, key: deps.keys.proofOfWork, difficulty: deps.config.intakeProofDifficulty });
  app.addHook('onClose', () => proofs.close());
  await app.register(rateLimit, {
    global: false,
    ...limits.options,
    // Limiters from clientLimits put their name before this key; a bare app.rateLimit() uses it
    // as it is, so a second unnamed limiter would share the first one's counters.
    keyGenerator: (request) => clientKey(request.ip),
    // The default answer is English JSON; ours is a domain error, answered in the visitor's
    // language by the error handler (or by the route, which keeps what was typed).
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error('rate limited'), {
        statusCode: context.statusCode,
        kind: 'too-many',
        code: 'rate-limited',
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });

  app.setErrorHandler(answerError);

  app.setNotFoundHandler((request, reply) => {
    if (isApi(request)) return reply.code(404).send({ errors: [{ field: '', code: 'not-found' }] });
    return sendPage(reply, errorPage(request, 'notFound'), 404);
  });

  // While a stop lets the last requests finish, the health check alone says no, so that a load
  // balancer sends new visitors to another instance.
  let stopping = false;
  app.addHook('preClose', (done) => {
    stopping = true;
    done();
  });
  app.get('/healthz', async (_request, reply) => {
    if (stopping) return reply.code(503).header('cache-control', 'no-store').send({ ok: false });
    await isReady(deps.store.db);
    return reply.header('cache-control', 'no-store').send({ ok: true });
  });

  // The public scope: no session, no cookie. Every route of the portal, the forms, the API.
  await app.register(
    publicScope(async (scope) => {
      // Browsers ask for it on every visit; an empty answer costs nothing and logs nothing.
      scope.get('/favicon.ico', (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
      scope.get('/assets/*', (request, reply) => {
        const asset = assets.byUrl.get(request.url);
        if (!asset) return sendPage(reply, errorPage(request, 'notFound'), 404);
        reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding');
        if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
        return reply.send(asset.body);
      });
      await portalRoutes(scope, { site, publicUrl: deps.config.publicUrl, ...(deps.now ? { now: deps.now } : {}) });
      const limit = clientLimits(scope, clientKey);
      await intakeRoutes(scope, {
        site,
        intake: deps.intake,
        organisationNames: deps.organisationNames,
        limit: {
          max: deps.config.intakeReportsPerClient,
          windowMs: deps.config.intakeWindowMinutes * 60_000,
          // Lower than the limit with a proof, never higher.
          withoutProof: Math.min(deps.config.intakeReportsWithoutProof, deps.config.intakeReportsPerClient),
        },
        clientLimit: limit,
        proofs,
      });
      await trackingRoutes(scope, {
        site,
        store: deps.store,
        keys: deps.keys,
        lookupsPerMinute: deps.config.statusLookupsPerMinute,
        limit,
      });
      if (deps.newsletter) await newsletterRoutes(scope, { site, newsletter: deps.newsletter, limit });
      for (const section of deps.sections ?? []) await section.publicRoutes?.(scope, { site, limit });
    }),
  );

  await app.register(
    officeScope(
      { authenticate, deny, limit: clientLimits(app, clientKey)('office', OFFICE_REQUESTS_PER_MINUTE, 60_000, { skipOnError: true }) },
      async (scope) => {
        scope.setNotFoundHandler((request, reply) => sendPage(reply, errorPage(request, 'notFound'), 404));
        // Every state-changing office request carries its session's token (a form field or a
        // header); one that does not is refused before its route runs.
        scope.addHook('preHandler', async (request, reply) => {
          if (request.method === 'GET' || request.method === 'HEAD') return;
          if (!deps.office?.checkCsrf(request)) {
            if (isApi(request) || !String(request.headers.accept ?? '').includes('text/html')) {
              return reply.code(403).send({ errors: [{ field: '', code: 'csrf', message: site.t(localeOf(request))('errorPage.forbidden.title') }] });
            }
            return sendPage(reply, errorPage(request, 'forbidden'), 403);
          }
        });
        await deps.office?.routes(scope, { clientKey });
        await deps.officeRoutes?.(scope);
      },
    ),
    { prefix: OFFICE_PREFIX },
  );
  return app;
}
