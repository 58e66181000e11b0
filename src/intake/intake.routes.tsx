// Report forms (HTML, work without JavaScript) and the JSON API; both go through the same
// validation in the intake service, and the same limit per client. Errors are answered by the
// app's one error handler (web/domain-errors.ts); a form's own errors come back as the form, with
// everything typed in it.
import { createRequire } from 'node:module';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import countries from 'i18n-iso-countries';
import { formatReceipt, parseReceipt } from '../crypto/receipt.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { ClientLimit } from '../limits/limits.ts';
import type { Site } from '../portal/site.ts';
import { isDomainError, statusOf } from '../web/domain-errors.ts';
import { ErrorPage } from '../web/error-page.view.tsx';
import { asFields, sendPage } from '../web/http.ts';
import { switchesLanguage } from '../web/language-switch.view.tsx';
import { localePath } from '../web/page-context.ts';
import type { Scope } from '../web/scopes.ts';
import { AlreadyReceived, ChannelNotFound, IntakeUnavailable, InvalidReport } from './intake.errors.ts';
import type { Intake } from './intake.service.ts';
import type { ProofChallenge } from './proof-field.view.tsx';
import { CHALLENGE_LIFETIME_SECONDS, type ProofOfWork } from './proof-of-work.ts';
import { AlreadyReceivedPage, ReceiptPage } from './receipt-page.view.tsx';
import { accepted, FORM_FIELDS, REPORT_BODY_LIMIT, textOf, urlsOf } from './report-fields.ts';
import { type FormValues, ReportFormPage } from './report-form.view.tsx';
import { newSubmissionToken, submissionToken } from './submissions.ts';

export type IntakeRouteDeps = {
  site: Site;
  intake: Intake;
  organisationNames: Map<string, string>;
  /**
   * Reports one client may send per window (web forms and API together): `max` with a valid
   * proof of work, `withoutProof` without one, each counted apart.
   */
  limit: { max: number; windowMs: number; withoutProof: number };
  clientLimit: ClientLimit;
  proofs: ProofOfWork;
};

const require = createRequire(import.meta.url);
for (const locale of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));

const countryLists = new Map<Locale, { code: string; name: string }[]>(
  LOCALES.map((locale) => {
    const names = countries.getNames(locale, { select: 'official' });
    const list = Object.entries(names).map(([code, name]) => ({ code, name }));
    return [locale, list.sort((a, b) => a.name.localeCompare(b.name, locale))];
  }),
);

/** A submitted value exactly as typed (the first one if a field came twice). */
function rawText(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : typeof first === 'number' ? String(first) : '';
}

/**
 * Logs why valid reports were not stored without flooding the log when many fail together (a
 * database that is down, a flood of reports): the first of each kind at once, in full, then a
 * minute later how many more there were.
 */
function unstoredLogger(log: FastifyBaseLogger) {
  const what = {
    failed: 'a report could not be sealed or stored; the visitor was asked to send it again',
    busy: 'a report was refused: too many were being stored at once (INTAKE_MAX_PENDING); the visitor was asked to send it again',
  };
  const windows = { failed: { more: 0, open: false }, busy: { more: 0, open: false } };
  const write = (reason: IntakeUnavailable['reason'], fields: object, message: string) =>
    reason === 'failed' ? log.error(fields, message) : log.warn(fields, message);
  return (error: IntakeUnavailable) => {
    const window = windows[error.reason];
    if (window.open) {
      window.more++;
      return;
    }
    write(error.reason, error.reason === 'failed' ? { err: error.cause } : {}, what[error.reason]);
    window.open = true;
    setTimeout(() => {
      if (window.more) write(error.reason, { more: window.more }, `${what[error.reason]} (${window.more} more in the minute after)`);
      window.more = 0;
      window.open = false;
    }, 60_000).unref();
  };
}

/** What the visitor typed, kept exactly for the form to show again. */
function formValues(body: Record<string, unknown>, form: keyof typeof FORM_FIELDS): FormValues {
  const values: FormValues = {};
  for (const spec of FORM_FIELDS[form]) {
    const v = body[spec.name];
    if (spec.kind === 'accept') values[spec.name] = accepted(Array.isArray(v) ? v[0] : v);
    else if (spec.kind === 'urls' && Array.isArray(v)) values[spec.name] = urlsOf(v).join('\n');
    else values[spec.name] = rawText(v);
  }
  return values;
}

// A form comes as strings (a field sent twice: an array of them); anything else is refused by
// the form parser before it gets here.
const FormBody = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
// `proof`: a solution to GET /api/v1/challenge (altcha's base64 payload), optional: without one a
// report counts under the lower limit for reports without a proof.
const ApiReport = Type.Object({
  channel: Type.String({ maxLength: 64 }),
  fields: Type.Record(Type.String(), Type.Unknown()),
  proof: Type.Optional(Type.String({ maxLength: 4096 })),
});
const ApiReceipt = Type.Object({ receipt: Type.String() });

export async function intakeRoutes(app: Scope, { site, intake, organisationNames, limit, clientLimit, proofs }: IntakeRouteDeps) {
  const logUnstored = unstoredLogger(app.log);
  // One counter for every intake route: a per-route limit would give each language's form and
  // the API their own allowance. Counted once the body is read (preHandler), so that a visitor
  // held back gets their form back with everything in it. Should the counters be out of reach, a
  // report goes through: it is never turned away for that.
  const limited = clientLimit('intake', limit.max, limit.windowMs, { skipOnError: true });
  // A report without a valid proof of work (no JavaScript, a solution used before, a page left
  // open past its challenge's life) is still taken, under a lower allowance of its own: a person
  // without JavaScript can report, a flood that skips the work cannot go far. The proof is
  // checked before the limit, so that a refused report's solution is spent like any other.
  const limitedWithoutProof = clientLimit('intake-unproven', limit.withoutProof, limit.windowMs, { skipOnError: true });
  // Only a report that would be filed counts: one sent back to be corrected, or the same form sent
  // again (a reloaded receipt page), costs the visitor nothing of their allowance.
  const counted = (channelOf: (body: Record<string, unknown>) => { channel: string; fields: Record<string, unknown>; strict: boolean }) =>
    async function (this: Scope, request: FastifyRequest, reply: FastifyReply) {
      const body = asFields(request.body);
      const { channel, fields, strict } = channelOf(body);
      const filing = await intake.wouldFile(channel, fields, { submission: submissionToken(body.submission), strict }).catch(() => true);
      if (!filing) return;
      const proven = await proofs.redeem(body.proof);
      return (proven ? limited : limitedWithoutProof).call(this, request, reply);
    };
  // A form without a challenge still works (as without JavaScript): a failure here never costs the page.
  const proofField = async (): Promise<ProofChallenge | undefined> =>
    proofs.challenge().then(
      (challenge) => ({ challenge: JSON.stringify(challenge), lifetime: CHALLENGE_LIFETIME_SECONDS }),
      () => undefined,
    );
  // A form's language button sends the form only to have it shown in another language: that files
  // nothing, so it is neither counted nor spends the page's proof of work.
  const countedUnlessSwitching = (channel: string) => {
    const countedForm = counted((body) => ({ channel, fields: body, strict: false }));
    return async function (this: Scope, request: FastifyRequest, reply: FastifyReply) {
      if (switchesLanguage(asFields(request.body))) return;
      return countedForm.call(this, request, reply);
    };
  };
  const noteUnstored = (error: unknown) => {
    if (error instanceof IntakeUnavailable) logUnstored(error);
  };

  for (const locale of LOCALES) {
    // Every channel has its routes; each request reads the channel as published now, so that an
    // editor's wording shows at once and a channel made external stops taking reports here.
    for (const { id } of site.content.channels) {
      const path = `/report/${id}`;
      const current = () => site.content.channel(id);
      const ctx = () => site.context(locale, path, { noindex: true });
      // Each form carries its own submission token; a form sent back to be corrected or sent
      // again keeps it, so the report it finally files is filed once.
      const formPage = (
        body: Record<string, unknown>,
        options: { submission?: string | undefined; problem?: unknown; proof?: ProofChallenge | undefined } = {},
      ) => {
        const channel = hosted();
        return (
          <ReportFormPage
            ctx={ctx()}
            channel={channel}
            recipientName={organisationNames.get(channel.recipient ?? '') ?? ''}
            values={formValues(body, channel.form)}
            errors={options.problem instanceof InvalidReport ? options.problem.problems : []}
            submission={options.submission ?? newSubmissionToken()}
            proof={options.proof}
            unsent={options.problem instanceof IntakeUnavailable}
            tooMany={Boolean(options.problem && isDomainError(options.problem) && options.problem.kind === 'too-many')}
            countries={countryLists.get(locale) ?? []}
          />
        );
      };
      const hosted = () => {
        const channel = current();
        if (channel?.kind !== 'hosted') throw new ChannelNotFound(id);
        return channel;
      };

      app.get(`/${locale}${path}`, async (_request, reply) => {
        // Not (or no longer) a channel of this site: the home page lists where to report instead.
        if (current()?.kind !== 'hosted') return reply.redirect(`${localePath(locale, '/')}#report`, 303);
        return sendPage(reply, formPage({}, { proof: await proofField() }));
      });

      app.post(
        `/${locale}${path}`,
        {
          bodyLimit: REPORT_BODY_LIMIT,
          schema: { body: FormBody },
          preHandler: countedUnlessSwitching(id),
          // The form's own answers to what went wrong: the form again, with what was typed.
          errorHandler: async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
            // A channel made external meanwhile: the app's not-found page (the form is no longer here).
            if (!isDomainError(error) || error instanceof ChannelNotFound) throw error;
            noteUnstored(error);
            const body = asFields(request.body);
            if (error instanceof AlreadyReceived) {
              const page = (
                <AlreadyReceivedPage
                  ctx={ctx()}
                  action={(l) => localePath(l, path)}
                  values={formValues(body, hosted().form)}
                  submission={newSubmissionToken()}
                />
              );
              return sendPage(reply, page, statusOf(error));
            }
            if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
            return sendPage(
              reply,
              formPage(body, { submission: submissionToken(body.submission), problem: error, proof: await proofField() }),
              statusOf(error),
            );
          },
        },
        async (request, reply) => {
          // The form in this page's language, with everything typed and no error; nothing is filed.
          const submission = submissionToken(request.body.submission);
          if (switchesLanguage(request.body)) {
            // Only this site's own pages hand their words over: a page elsewhere cannot post a
            // pre-filled Haven form of its choosing (it gets an empty one).
            const fromHere = request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin';
            return sendPage(reply, formPage(fromHere ? request.body : {}, { submission: fromHere ? submission : undefined, proof: await proofField() }));
          }
          const { receipt } = await intake.submit(id, request.body, { submission });
          return sendPage(reply, receiptPage(receipt));
        },
      );

      // The receipt page in another language: its language buttons post the number here. Nothing
      // is looked up (this is no oracle for guessed numbers) and nothing stored; a post from
      // another site is refused, so that no page elsewhere can dress a number up as a receipt.
      const receiptPage = (receipt: string) => (
        <ReceiptPage ctx={ctx()} receipt={formatReceipt(receipt)} police={current()?.identity === 'required'} receiptPath={`${path}/receipt`} />
      );
      app.post(`/${locale}${path}/receipt`, { schema: { body: FormBody } }, async (request, reply) => {
        const crossSite = request.headers['sec-fetch-site'] !== undefined && request.headers['sec-fetch-site'] !== 'same-origin';
        const receipt = parseReceipt(textOf(request.body.receipt).slice(0, 64));
        if (crossSite || !receipt) return sendPage(reply, <ErrorPage ctx={ctx()} kind="badRequest" />, 400);
        return sendPage(reply, receiptPage(receipt));
      });
    }
  }

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: REPORT_BODY_LIMIT,
      schema: { body: ApiReport, response: { 201: ApiReceipt } },
      preHandler: counted((body) => ({ channel: String(body.channel ?? ''), fields: asFields(body.fields), strict: true })),
    },
    async (request, reply) => {
      try {
        const { receipt } = await intake.submit(request.body.channel, request.body.fields, { strict: true });
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ receipt: formatReceipt(receipt) });
      } catch (error) {
        noteUnstored(error);
        throw error;
      }
    },
  );

  // A new proof-of-work challenge, for platforms and for a form page left open past its
  // challenge's life (public/haven.js). Never stored: each answer is new.
  app.get('/api/v1/challenge', async (_request, reply) => reply.header('cache-control', 'no-store').send(await proofs.challenge()));
}
