// The status look-up, as a page and as JSON. Look-ups are rate limited per client (keyed by a
// daily-salted hash of the address), and every wrong number gets the same answer.
import { Type } from '@fastify/type-provider-typebox';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale, negotiateLocale } from '../i18n/locales.ts';
import { textOf } from '../intake/report-fields.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { asFields, sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { type Day, StatusPage } from './status-page.view.tsx';
import { lookUpStatus, ReceiptNotFound } from './tracking.service.ts';

export type TrackingRouteDeps = { site: Site; store: Store; keys: ServerKeys; lookupsPerMinute: number; limit: ClientLimit };

// A report's time is kept to the hour (intake), so the page gives the day, in Luxembourg's time
// zone, and no time of day that would look exact.
const TIME_ZONE = 'Europe/Luxembourg';
const dayFormats = new Map(LOCALES.map((l) => [l, new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: TIME_ZONE })]));
const isoDay = new Intl.DateTimeFormat('en', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });
const dayOf =
  (locale: Locale) =>
  (iso: string): Day => {
    const date = new Date(iso);
    const part = (type: string) => isoDay.formatToParts(date).find((p) => p.type === type)?.value ?? '';
    return { text: dayFormats.get(locale)?.format(date) ?? iso, date: `${part('year')}-${part('month')}-${part('day')}` };
  };

// What a visitor typed, as the page gives it back; longer input is a wrong number all the same.
const typedReceipt = (body: unknown) => textOf(asFields(body).receipt).slice(0, 64);

// Any string is looked up and, if it is not a receipt, answered like any other wrong number: a
// separate "malformed" answer for a long one would tell a guesser which of their tries were
// even worth making. The bound only keeps absurd bodies from being read as a number.
export const RECEIPT_INPUT_MAX = 4096;

const History = Type.Object({
  history: Type.Array(Type.Object({ status: Type.String(), at: Type.String(), label: Type.String() })),
});

export async function trackingRoutes(app: Scope, { site, store, keys, lookupsPerMinute, limit: clientLimit }: TrackingRouteDeps) {
  // One limiter, one counter, for every look-up route: a per-route limit (config.rateLimit)
  // would give each language's page and the API its own allowance, multiplying a visitor's
  // guesses by the number of routes. Its name keeps its counters apart from other limiters'.
  const limit = clientLimit('status-lookup', lookupsPerMinute, 60_000);

  for (const locale of LOCALES) {
    const path = '/report/status';
    const ctx = () => site.context(locale, path, { noindex: true });
    app.get(`/${locale}${path}`, (_request, reply) => sendPage(reply, <StatusPage ctx={ctx()} value="" />));
    app.post(
      `/${locale}${path}`,
      {
        // Counted once the form is read (preHandler, not onRequest), so that a visitor who is
        // held back gets this page again, translated, with the number they typed still in the
        // field, rather than the generic error page.
        preHandler: limit,
        errorHandler: (error, request, reply) => {
          if (error.statusCode !== 429) throw error;
          return sendPage(reply, <StatusPage ctx={ctx()} value={typedReceipt(request.body)} result="too-many" />, 429);
        },
      },
      async (request, reply) => {
        const value = typedReceipt(request.body);
        try {
          const { history } = await lookUpStatus(store, keys, value);
          return sendPage(reply, <StatusPage ctx={ctx()} value={value} result={{ history, dayOf: dayOf(locale) }} />);
        } catch (error) {
          if (error instanceof ReceiptNotFound) return sendPage(reply, <StatusPage ctx={ctx()} value={value} result="not-found" />, 404);
          throw error;
        }
      },
    );
  }

  const body = Type.Object({ receipt: Type.String({ maxLength: RECEIPT_INPUT_MAX }) });
  app.post('/api/v1/reports/status', { onRequest: limit, schema: { body, response: { 200: History } } }, async (request, reply) => {
    const t = site.t(negotiateLocale(request.headers['accept-language']));
    const { history } = await lookUpStatus(store, keys, request.body.receipt);
    return reply.header('cache-control', 'no-store').send({ history: history.map((h) => ({ ...h, label: t(`status.value.${h.status}`) })) });
  });
}
