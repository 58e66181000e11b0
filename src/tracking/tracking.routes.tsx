// The status look-up, as a page and as JSON, and the reporter's answer to the organisation.
// Look-ups and answers are rate limited per client (keyed by a daily-salted hash of the address),
// under one counter, and every wrong number gets the same answer.
import { Type } from '@fastify/type-provider-typebox';
import { TEXT_MAX } from '../casework/case-text.ts';
import { formatReceipt, parseReceipt } from '../crypto/receipt.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { LOCALES, type Locale, negotiateLocale } from '../i18n/locales.ts';
import { textOf } from '../intake/report-fields.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { asFields, sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { AnswerDraft, Day } from './conversation.view.tsx';
import { StatusPage } from './status-page.view.tsx';
import { AnswerRefused, answerOrganisation, lookUpStatus, ReceiptNotFound } from './tracking.service.ts';

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

const Conversation = Type.Object({
  history: Type.Array(Type.Object({ status: Type.String(), at: Type.String(), label: Type.String() })),
  messages: Type.Array(Type.Object({ from: Type.Union([Type.Literal('organisation'), Type.Literal('reporter')]), at: Type.String(), text: Type.String() })),
});

// What the answer form sent: the number it carries, and the answer as typed (kept as it is, so
// a refused answer comes back exactly as it was written).
const typedAnswer = (body: unknown) => {
  const answer = asFields(body).answer;
  const first = Array.isArray(answer) ? answer[0] : answer;
  return typeof first === 'string' ? first : '';
};

/** The number as the answer form carries it: canonical and grouped, or as typed when it is none. */
const groupedReceipt = (value: string) => {
  const receipt = parseReceipt(value);
  return receipt ? formatReceipt(receipt) : value;
};

export async function trackingRoutes(app: Scope, { site, store, keys, lookupsPerMinute, limit: clientLimit }: TrackingRouteDeps) {
  // One limiter, one counter, for every look-up route and the answers: a per-route limit
  // (config.rateLimit) would give each language's page and the API its own allowance,
  // multiplying a visitor's guesses by the number of routes. Its name keeps its counters apart
  // from other limiters'.
  const limit = clientLimit('status-lookup', lookupsPerMinute, 60_000);

  for (const locale of LOCALES) {
    const path = '/report/status';
    const ctx = () => site.context(locale, path, { noindex: true });
    const t = site.t(locale);

    /** The page for a number that was found, with whatever the answer form needs to say. */
    const foundPage = async (value: string, extra: { draft?: AnswerDraft; answered?: boolean } = {}) => {
      const { history, messages, open } = await lookUpStatus(store, keys, value);
      return <StatusPage ctx={ctx()} value={value} result={{ history, messages, open, dayOf: dayOf(locale), receipt: groupedReceipt(value), ...extra }} />;
    };

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
          return sendPage(reply, await foundPage(value));
        } catch (error) {
          if (error instanceof ReceiptNotFound) return sendPage(reply, <StatusPage ctx={ctx()} value={value} result="not-found" />, 404);
          throw error;
        }
      },
    );

    // Answered with the page itself, not a redirect: the number must not go into an address.
    app.post(
      `/${locale}${path}/answer`,
      {
        // Under the look-ups' counter: an answer is also a try at a number.
        preHandler: limit,
        errorHandler: (error, request, reply) => {
          if (error.statusCode !== 429) throw error;
          const value = typedReceipt(request.body);
          return sendPage(reply, <StatusPage ctx={ctx()} value={value} result="too-many" unsent={{ receipt: value, text: typedAnswer(request.body) }} />, 429);
        },
      },
      async (request, reply) => {
        const value = typedReceipt(request.body);
        const text = typedAnswer(request.body);
        try {
          await answerOrganisation(store, keys, value, text);
          return sendPage(reply, await foundPage(value, { answered: true }));
        } catch (error) {
          if (error instanceof ReceiptNotFound) return sendPage(reply, <StatusPage ctx={ctx()} value={value} result="not-found" />, 404);
          if (error instanceof AnswerRefused) {
            return sendPage(reply, await foundPage(value, { draft: { text, error: t(`status.answer.error.${error.code}`, { max: TEXT_MAX }) } }), 400);
          }
          throw error;
        }
      },
    );
  }

  const body = Type.Object({ receipt: Type.String({ maxLength: RECEIPT_INPUT_MAX }) });
  app.post('/api/v1/reports/status', { onRequest: limit, schema: { body, response: { 200: Conversation } } }, async (request, reply) => {
    const t = site.t(negotiateLocale(request.headers['accept-language']));
    const { history, messages } = await lookUpStatus(store, keys, request.body.receipt);
    return reply.header('cache-control', 'no-store').send({ history: history.map((h) => ({ ...h, label: t(`status.value.${h.status}`) })), messages });
  });
}
