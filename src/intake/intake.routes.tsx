// Report forms (HTML, work without JavaScript) and the JSON API; both go through the same
// validation in the intake service.
import { Type } from '@sinclair/typebox';
import countries from 'i18n-iso-countries';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { LOCALES, type Locale, negotiateLocale as negotiate } from '../i18n/locales.ts';
import { asFields, sendPage } from '../web/http.ts';
import { localePath } from '../web/page-context.ts';
import type { Site } from '../web/site.ts';
import { errorText, type FormValues, ReportFormPage } from './report-form.view.tsx';
import { AlreadyReceivedPage, ReceiptPage } from './receipt-page.view.tsx';
import { AlreadyReceived, newSubmissionToken, submissionToken } from './submissions.ts';
import { ChannelNotFound, type Intake, IntakeUnavailable, InvalidReport } from './intake.service.ts';
import { accepted, FIELD_NAMES, FORM_FIELDS, type FieldError, REPORT_BODY_LIMIT, urlsOf } from './report-fields.ts';
import { formatReceipt } from '../crypto/receipt.ts';

export type IntakeRouteDeps = { site: Site; intake: Intake; organisationNames: Map<string, string> };

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

/** How long a visitor or platform is asked to wait before sending a report again. */
const RETRY_AFTER_SECONDS = 60;

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

export async function intakeRoutes(app: FastifyInstance, { site, intake, organisationNames }: IntakeRouteDeps) {
  const logUnstored = unstoredLogger(app.log);
  const hosted = (id: string) => {
    const channel = site.content.channel(id);
    return channel?.kind === 'hosted' ? channel : undefined;
  };

  for (const locale of LOCALES) {
    for (const channel of site.content.channels) {
      if (channel.kind !== 'hosted') continue;
      const path = `/report/${channel.id}`;
      // Each form carries its own submission token; a form sent back to be corrected or sent
      // again keeps it, so the report it finally files is filed once.
      const page = (values: FormValues, errors: FieldError[], submission: string, unsent = false) => (
        <ReportFormPage
          ctx={site.context(locale, path, { noindex: true })}
          channel={channel}
          recipientName={organisationNames.get(channel.recipient ?? '') ?? ''}
          values={values}
          errors={errors}
          submission={submission}
          unsent={unsent}
          countries={countryLists.get(locale) ?? []}
        />
      );

      app.get(`/${locale}${path}`, (_request, reply) => sendPage(reply, page({}, [], newSubmissionToken())));

      app.post(`/${locale}${path}`, { bodyLimit: REPORT_BODY_LIMIT }, async (request, reply) => {
        const body = asFields(request.body);
        const submission = submissionToken(body.submission);
        try {
          const { receipt } = await intake.submit(channel.id, body, { submission });
          return sendPage(reply, <ReceiptPage ctx={site.context(locale, path, { noindex: true })} receipt={receipt} police={channel.identity === 'required'} />);
        } catch (error) {
          const again = submission ?? newSubmissionToken();
          if (error instanceof InvalidReport) return sendPage(reply, page(formValues(body, channel.form), error.errors, again), 400);
          if (error instanceof IntakeUnavailable) {
            logUnstored(error);
            reply.header('retry-after', String(RETRY_AFTER_SECONDS));
            return sendPage(reply, page(formValues(body, channel.form), [], again, true), 503);
          }
          if (error instanceof AlreadyReceived) {
            const ctx = site.context(locale, path, { noindex: true });
            return sendPage(reply, <AlreadyReceivedPage ctx={ctx} action={localePath(locale, path)} values={formValues(body, channel.form)} submission={newSubmissionToken()} />, 409);
          }
          throw error;
        }
      });
    }
  }

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: REPORT_BODY_LIMIT,
      schema: {
        body: Type.Object({ channel: Type.String({ maxLength: 64 }), fields: Type.Record(Type.String(), Type.Unknown()) }),
      },
    },
    async (request, reply) => {
      const { channel, fields } = request.body as { channel: string; fields: Record<string, unknown> };
      // The language only matters for an error message: negotiated then, not for every report.
      const t = (key: string) => site.t(negotiate(request.headers['accept-language']))(key);
      const found = hosted(channel);
      if (!found) return reply.code(400).send({ errors: [{ field: 'channel', code: 'invalid-choice', message: t('error.invalid-choice') }] });
      // A field the channel does not take is refused by name: a platform that misspells one
      // must learn it, not have that part of the report silently left out.
      const unknown = Object.keys(fields).filter((name) => !FIELD_NAMES[found.form].has(name));
      if (unknown.length) {
        const errors = unknown.slice(0, 20).map((name) => ({ field: `fields.${name.slice(0, 100)}`, code: 'unknown-field', message: t('error.unknown-field') }));
        return reply.code(400).send({ errors });
      }
      try {
        const { receipt } = await intake.submit(channel, fields);
        return reply.code(201).header('cache-control', 'no-store').send({ receipt: formatReceipt(receipt) });
      } catch (error) {
        if (error instanceof InvalidReport) {
          const ctx = site.context(negotiate(request.headers['accept-language']), '/');
          return reply.code(400).send({
            errors: error.errors.map((e) => ({
              field: `fields.${e.field}`,
              code: e.code,
              ...(e.index !== undefined ? { index: e.index } : {}),
              ...(e.max !== undefined ? { max: e.max } : {}),
              message: errorText(ctx, e),
            })),
          });
        }
        if (error instanceof IntakeUnavailable) {
          logUnstored(error);
          return reply
            .code(503)
            .header('retry-after', String(RETRY_AFTER_SECONDS))
            .header('cache-control', 'no-store')
            .send({ errors: [{ field: '', code: 'unavailable', message: t('error.unavailable') }] });
        }
        if (error instanceof ChannelNotFound) return reply.code(400).send({ errors: [{ field: 'channel', code: 'invalid-choice', message: t('error.invalid-choice') }] });
        throw error;
      }
    },
  );
}
