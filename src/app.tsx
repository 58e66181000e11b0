// Builds the HTTP application from ready parts (store, keys, content, services). No listening,
// no process concerns: server.ts does those, and tests drive this with app.inject.
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Config } from './config.ts';
import type { ServerKeys } from './crypto/secrets.ts';
import type { Store } from './db/database.ts';
import { type Locale, isLocale, negotiateLocale } from './i18n/locales.ts';
import type { Intake } from './intake/intake.service.ts';
import { intakeRoutes } from './intake/intake.routes.tsx';
import { portalRoutes } from './portal/portal.routes.tsx';
import { trackingRoutes } from './tracking/tracking.routes.tsx';
import type { Assets } from './web/assets.ts';
import { createClientKey } from './web/client-key.ts';
import { ErrorPage, type ErrorKind } from './web/error-page.view.tsx';
import { sendPage } from './web/http.ts';
import { securityHeaders } from './web/security-headers.ts';
import type { Site } from './web/site.ts';

export type AppDeps = {
  config: Pick<Config, 'logLevel' | 'trustProxy' | 'statusLookupsPerMinute' | 'publicUrl'>;
  store: Store;
  keys: ServerKeys;
  site: Site;
  assets: Assets;
  intake: Intake;
  organisationNames: Map<string, string>;
  /** Pino destination (tests collect the log lines to check they hold no address). */
  logStream?: NodeJS.WritableStream;
};

export const BODY_LIMIT = 128 * 1024;

/** Request lines only at debug level (no access log by default), and never with an address. */
class QuietLogController extends LogController {
  override incomingRequest() {}
  override requestCompleted(_error: Error | null, request: FastifyRequest, reply: { statusCode: number; elapsedTime: number }) {
    request.log.debug({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed');
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const hardening = Object.entries(securityHeaders());
  const { site, assets } = deps;
  const localeOf = (request: FastifyRequest): Locale => {
    const first = request.url.split('/')[1];
    return isLocale(first) ? first : negotiateLocale(request.headers['accept-language']);
  };
  const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
  const errorPage = (request: FastifyRequest, kind: ErrorKind) => <ErrorPage ctx={site.context(localeOf(request), '/', { noindex: true })} kind={kind} />;

  // One answer for every error: the hook-less refusals Fastify makes before routing (an address
  // it cannot decode, see frameworkErrors) come here too, for the same translated page.
  const answerError = (error: FastifyError & { rateLimited?: boolean }, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, req: request }, 'request failed');
    const kind: ErrorKind = status === 413 ? 'tooLarge' : status === 429 ? 'tooMany' : status === 404 ? 'notFound' : status === 500 ? 'server' : 'badRequest';
    if (isApi(request)) {
      const t = site.t(negotiateLocale(request.headers['accept-language']));
      const errors = error.validation
        ? error.validation.map((v) => ({ field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? ''), code: v.keyword === 'required' ? 'required' : 'malformed', message: t('error.malformed') }))
        : [{ field: '', code: status === 413 ? 'too-large' : status === 429 ? 'rate-limited' : status === 415 ? 'unsupported-media-type' : status === 500 ? 'server-error' : 'malformed', message: t(`errorPage.${kind}.title`) }];
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
    frameworkErrors: (error, request, reply) => {
      // These skip the onRequest hook: the headers are set here.
      for (const [name, value] of hardening) reply.header(name, value);
      return answerError(error, request, reply);
    },
  });

  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of hardening) reply.raw.setHeader(name, value);
    done();
  });

  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // Only forms and JSON are read; anything else (text/plain, multipart: there are no uploads)
  // is refused with 415 rather than parsed into an empty report.
  app.removeContentTypeParser('text/plain');
  const clientKey = createClientKey();
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => clientKey(request.ip),
    // The default answer is English JSON; ours is translated, by the error handler.
    errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: context.statusCode, rateLimited: true }),
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
    await deps.store.db.selectFrom('channels').select('id').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ ok: true });
  });

  // Browsers ask for it on every visit; an empty answer costs nothing and logs nothing.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());

  app.get('/assets/*', (request, reply) => {
    const asset = assets.byUrl.get(request.url);
    if (!asset) return sendPage(reply, errorPage(request, 'notFound'), 404);
    reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });

  await portalRoutes(app, { site, publicUrl: deps.config.publicUrl });
  await intakeRoutes(app, { site, intake: deps.intake, organisationNames: deps.organisationNames });
  await trackingRoutes(app, { site, store: deps.store, keys: deps.keys, lookupsPerMinute: deps.config.statusLookupsPerMinute });
  return app;
}
