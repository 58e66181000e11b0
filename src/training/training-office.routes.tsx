// The editors' training routes (office scope, editors and admins only): the page (sessions, the
// details shown to visitors), adding, changing and deleting a session, saving the details, and
// companies' requests (list, read, delete). Each authorises first (supervisors and analysts get
// 403 from the app's error page); a success answers 303 to its page, a refusal the form again.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { DETAILS, type DetailName, type Wording } from './training.service.ts';
import type { SessionFields } from './training.store.ts';
import { dayAt, isDay } from './training-days.ts';
import type { TrainingOffice } from './training-office.service.ts';
import { type SessionForm, SessionPage, TRAINING_NOTICES, TrainingOfficePage } from './training-office.view.tsx';
import { isTrainingLanguage } from './training-request.ts';
import { RequestPage, RequestsPage } from './training-requests.view.tsx';

const PLACE_MAX = 200;
const SEATS_MAX = 1000;
const DETAIL_MAX = 1000;
const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
// Every field optional and a little over its limit: a form sent without one comes back with its message.
const SessionBody = Type.Object({
  day: Type.Optional(Text(40)),
  place: Type.Optional(Text(PLACE_MAX * 2)),
  language: Type.Optional(Text(8)),
  seats: Type.Optional(Text(12)),
  ...Csrf,
});
const DetailsBody = Type.Object({
  ...Object.fromEntries(DETAILS.flatMap((name) => LOCALES.map((l) => [`${name}_${l}`, Type.Optional(Text(DETAIL_MAX * 2))]))),
  ...Csrf,
});
const ActionBody = Type.Object({ ...Csrf });
const IdParams = Type.Object({ id: Text(64) });
const PageQuery = Type.Object({ done: Type.Optional(Text(20)), lang: Type.Optional(Text(8)) });

export type TrainingOfficeRouteDeps = { web: OfficeWeb; office: TrainingOffice; now: () => number };

export async function trainingOfficeRoutes(scope: Scope, { web, office, now }: TrainingOfficeRouteDeps) {
  async function overview(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { session?: SessionForm; details?: Record<string, string>; errors?: FieldMessage[]; notice?: string; status?: number } = {},
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const { sessions, details } = await office.overview(session);
    const filled = Object.fromEntries(DETAILS.flatMap((name) => LOCALES.map((l) => [`${name}_${l}`, details[name]?.[l] ?? ''])));
    return sendPage(
      reply,
      <TrainingOfficePage
        ctx={ctx}
        csrf={session.csrf}
        today={dayAt(now())}
        sessions={sessions}
        filled={DETAILS.filter((name) => details[name] !== undefined)}
        details={options.details ?? filled}
        session={options.session ?? { day: '', place: '', language: '', seats: '' }}
        errors={options.errors ?? []}
        notice={TRAINING_NOTICES.find((n) => n === options.notice)}
      />,
      options.status ?? 200,
    );
  }

  /** The session as typed, and what is wrong with it. */
  function readSession(request: FastifyRequest, body: Static<typeof SessionBody>) {
    const { t } = web.context(request);
    const form: SessionForm = {
      day: (body.day ?? '').trim(),
      place: (body.place ?? '').trim(),
      language: body.language ?? '',
      seats: (body.seats ?? '').trim(),
    };
    const errors: FieldMessage[] = [];
    if (!isDay(form.day)) errors.push({ field: 'day', text: t('office.training.error.day') });
    if (!form.place) errors.push({ field: 'place', text: t('office.training.error.place') });
    else if (form.place.length > PLACE_MAX) errors.push({ field: 'place', text: t('office.training.error.tooLong', { max: PLACE_MAX }) });
    if (!isTrainingLanguage(form.language)) errors.push({ field: 'language', text: t('office.training.error.language') });
    const seats = Number(form.seats);
    if (!/^[0-9]{1,4}$/.test(form.seats) || seats < 1 || seats > SEATS_MAX)
      errors.push({ field: 'seats', text: t('office.training.error.seats', { max: SEATS_MAX }) });
    const fields: SessionFields = { starts_on: form.day, place: form.place, language: form.language, seats };
    return { form, errors, fields };
  }

  scope.get('/training', { schema: { querystring: PageQuery } }, (request, reply) => {
    authorize(sessionOf(request), 'training.manage');
    return overview(request, reply, request.query.done ? { notice: request.query.done } : {});
  });

  scope.post('/training/sessions', { schema: { body: SessionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.manage');
    const { form, errors, fields } = readSession(request, request.body);
    if (errors.length) return overview(request, reply, { session: form, errors, status: 400 });
    await office.addSession(session, fields);
    return reply.redirect('/office/training?done=added', 303);
  });

  scope.get('/training/sessions/:id', { schema: { params: IdParams, querystring: PageQuery } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.manage');
    const found = await office.session(session, request.params.id);
    if (!found) throw new NotFound('training-session');
    const form = { day: found.starts_on, place: found.place, language: found.language, seats: String(found.seats) };
    return sendPage(reply, <SessionPage ctx={web.context(request)} csrf={session.csrf} id={found.id} session={form} errors={[]} />);
  });

  scope.post('/training/sessions/:id', { schema: { params: IdParams, body: SessionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.manage');
    const { form, errors, fields } = readSession(request, request.body);
    if (errors.length)
      return sendPage(reply, <SessionPage ctx={web.context(request)} csrf={session.csrf} id={request.params.id} session={form} errors={errors} />, 400);
    if (!(await office.changeSession(session, request.params.id, fields))) throw new NotFound('training-session');
    return reply.redirect('/office/training?done=changed', 303);
  });

  scope.post('/training/sessions/:id/delete', { schema: { params: IdParams, body: ActionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.manage');
    // Deleted meanwhile (by another editor): it is gone all the same.
    await office.deleteSession(session, request.params.id);
    return reply.redirect('/office/training?done=deleted', 303);
  });

  scope.post('/training/details', { schema: { body: DetailsBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.manage');
    const { t } = web.context(request);
    const body = request.body as Record<string, string | undefined>;
    const typed = Object.fromEntries(DETAILS.flatMap((name) => LOCALES.map((l) => [`${name}_${l}`, (body[`${name}_${l}`] ?? '').trim()])));
    const errors: FieldMessage[] = [];
    const details = {} as Record<DetailName, Wording | null>;
    for (const name of DETAILS) {
      const wording = Object.fromEntries(LOCALES.map((l) => [l, typed[`${name}_${l}`] ?? ''])) as Wording;
      const given = LOCALES.filter((l) => wording[l]);
      const first = LOCALES.find((l) => !wording[l]) ?? 'en';
      // A detail is shown in every language or in none: a visitor never reads another language's words.
      if (given.length > 0 && given.length < LOCALES.length) errors.push({ field: `${name}_${first}`, text: t('office.training.error.detailLocales') });
      const long = LOCALES.find((l) => wording[l].length > DETAIL_MAX);
      if (long) errors.push({ field: `${name}_${long}`, text: t('office.training.error.tooLong', { max: DETAIL_MAX }) });
      details[name] = given.length === LOCALES.length ? wording : null;
    }
    if (errors.length) return overview(request, reply, { details: typed, errors, status: 400 });
    await office.saveDetails(session, details);
    return reply.redirect('/office/training?done=details', 303);
  });

  scope.get('/training/requests', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.requests');
    const requests = await office.requests(session);
    return sendPage(reply, <RequestsPage ctx={web.context(request)} requests={requests} deleted={request.query.done === 'deleted'} />);
  });

  scope.get('/training/requests/:id', { schema: { params: IdParams, querystring: PageQuery } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.requests');
    const found = await office.readRequest(session, request.params.id);
    if (!found) throw new NotFound('training-request');
    return sendPage(reply, <RequestPage ctx={web.context(request)} csrf={session.csrf} request={found} />);
  });

  scope.post('/training/requests/:id/delete', { schema: { params: IdParams, body: ActionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'training.requests');
    await office.deleteRequest(session, request.params.id);
    return reply.redirect('/office/training/requests?done=deleted', 303);
  });
}
