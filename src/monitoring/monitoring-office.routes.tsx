// The editors' monitoring routes (office scope: a session on every request, CSRF on every POST;
// editors and admins only, others get 403): the countries and following another, a country's
// page, a new assessment of an indicator, a new or corrected dated fact. A refused form comes
// back (400) with everything typed; a saved one leads back to the country's page (303).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { Problem } from './monitoring.check.ts';
import { findCountry, publicAssessments } from './monitoring.data.ts';
import { type CountryRecord, countrySlug, INDICATORS, isIndicator, type MonitoringData } from './monitoring.model.ts';
import { allCountries, countryName } from './monitoring.presenter.ts';
import {
  AssessmentBody,
  assessmentDraftFrom,
  assessmentOf,
  CountryBody,
  FactBody,
  factDraftFrom,
  factOf,
  fieldId,
  readAssessmentDraft,
  readFactDraft,
} from './monitoring-office.form.ts';
import { MonitoringInvalid, type MonitoringOffice } from './monitoring-office.service.ts';
import { CountryOfficePage, MONITORING_NOTICES, MonitoringOfficePage } from './monitoring-office.view.tsx';
import { AssessmentFormPage, FactFormPage } from './monitoring-office-forms.view.tsx';

const PageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 8 })) });
type CountryParams = { country: string };
type Body = Record<string, string | undefined>;

export async function monitoringOfficeRoutes(scope: Scope, { web, office }: { web: OfficeWeb; office: MonitoringOffice }) {
  const messages = (request: FastifyRequest, problems: Problem[]): FieldMessage[] => {
    const { t } = web.context(request);
    return problems.map((p) => ({ field: fieldId(p.field), text: t(`office.monitoring.error.${p.code}`, { max: p.max ?? 0 }) }));
  };
  const noticeOf = (request: FastifyRequest) => MONITORING_NOTICES.find((n) => n === (request.query as { done?: string } | undefined)?.done);

  /** Everything recorded (every version), for a signed-in editor or admin: the office never shows a stale copy. */
  async function openAll(request: FastifyRequest): Promise<{ data: MonitoringData; csrf: string }> {
    const session = sessionOf(request);
    authorize(session, 'monitoring.edit');
    return { data: await office.read(session), csrf: session.csrf };
  }

  /** The followed country the address names ("lu"), or 404. */
  async function openCountry(request: FastifyRequest, slug: string): Promise<{ record: CountryRecord; csrf: string }> {
    const { data, csrf } = await openAll(request);
    const record = slug === slug.toLowerCase() ? findCountry(data, slug) : undefined;
    if (!record) throw new NotFound('monitoring.edit');
    return { record, csrf };
  }

  async function overview(request: FastifyRequest, reply: FastifyReply, options: { country?: string; errors?: FieldMessage[]; status?: number } = {}) {
    const { data, csrf } = await openAll(request);
    const ctx = web.context(request);
    const followed = new Set(data.countries.map((c) => c.code));
    const countries = data.countries.map((c) => ({
      code: c.code,
      name: countryName(c.code, ctx.locale),
      href: `/office/monitoring/${countrySlug(c.code)}`,
      shown: INDICATORS.filter((i) => (publicAssessments(c.assessments[i]).current?.state ?? 'not-assessed') !== 'not-assessed').length,
      toCheck: INDICATORS.filter((i) => c.assessments[i][0] && c.assessments[i][0]?.verification !== 'verified').length,
    }));
    const choices = allCountries(ctx.locale).filter((c) => !followed.has(c.code));
    return sendPage(
      reply,
      <MonitoringOfficePage
        ctx={ctx}
        csrf={csrf}
        countries={countries}
        options={choices}
        country={options.country ?? ''}
        errors={options.errors ?? []}
        notice={noticeOf(request)}
      />,
      options.status ?? 200,
    );
  }

  scope.get('/monitoring', { schema: { querystring: PageQuery } }, (request, reply) => overview(request, reply));

  scope.post('/monitoring/countries', { schema: { body: CountryBody } }, async (request, reply) => {
    authorize(sessionOf(request), 'monitoring.edit');
    const code = (request.body.country ?? '').trim().toUpperCase();
    try {
      await office.addCountry(sessionOf(request), code);
    } catch (error) {
      if (!(error instanceof MonitoringInvalid)) throw error;
      return overview(request, reply, { country: code, errors: messages(request, error.problems), status: 400 });
    }
    return reply.redirect(`/office/monitoring/${countrySlug(code)}?done=added`, 303);
  });

  scope.get<{ Params: CountryParams }>('/monitoring/:country', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const { record } = await openCountry(request, request.params.country);
    const ctx = web.context(request);
    const slug = countrySlug(record.code);
    const country = {
      code: record.code,
      name: countryName(record.code, ctx.locale),
      slug,
      publicHref: `/${ctx.locale}/monitoring/${slug}`,
      indicators: INDICATORS.map((id) => ({ id, versions: record.assessments[id] })),
      facts: record.facts,
    };
    return sendPage(reply, <CountryOfficePage ctx={ctx} country={country} notice={noticeOf(request)} />);
  });

  // A new assessment of one indicator.
  type IndicatorParams = { Params: CountryParams & { indicator: string } };
  async function assessmentForm(request: FastifyRequest<IndicatorParams>, reply: FastifyReply, typed?: { body: Body; problems: Problem[] }) {
    const { record, csrf } = await openCountry(request, request.params.country);
    const indicator = request.params.indicator;
    if (!isIndicator(indicator)) throw new NotFound('monitoring.edit');
    const ctx = web.context(request);
    const latest = record.assessments[indicator][0];
    const draft = typed ? readAssessmentDraft(typed.body) : assessmentDraftFrom(latest);
    const country = { name: countryName(record.code, ctx.locale), slug: countrySlug(record.code) };
    const errors = typed ? messages(request, typed.problems) : [];
    return sendPage(
      reply,
      <AssessmentFormPage ctx={ctx} csrf={csrf} country={country} indicator={indicator} draft={draft} hasLatest={latest !== undefined} errors={errors} />,
      typed ? 400 : 200,
    );
  }
  const indicatorPath = '/monitoring/:country/indicators/:indicator';
  scope.get<IndicatorParams>(indicatorPath, (request, reply) => assessmentForm(request, reply));
  scope.post<IndicatorParams & { Body: Static<typeof AssessmentBody> }>(indicatorPath, { schema: { body: AssessmentBody } }, async (request, reply) => {
    const { record } = await openCountry(request, request.params.country);
    const indicator = request.params.indicator;
    if (!isIndicator(indicator)) throw new NotFound('monitoring.edit');
    const body = request.body as Body;
    const { change, problems } = assessmentOf(readAssessmentDraft(body), indicator);
    if (!change) return assessmentForm(request, reply, { body, problems });
    try {
      await office.recordAssessment(sessionOf(request), record.code, change);
    } catch (error) {
      if (!(error instanceof MonitoringInvalid)) throw error;
      return assessmentForm(request, reply, { body, problems: error.problems });
    }
    return reply.redirect(`/office/monitoring/${countrySlug(record.code)}?done=assessed#i-${indicator}`, 303);
  });

  // A dated fact: new ("new"), or a correction of the fact the address names.
  type FactParams = { Params: CountryParams & { fact: string } };
  async function factForm(request: FastifyRequest<FactParams>, reply: FastifyReply, typed?: { body: Body; problems: Problem[] }) {
    const { record, csrf } = await openCountry(request, request.params.country);
    const correcting = request.params.fact === 'new' ? undefined : request.params.fact;
    const latest = correcting ? record.facts.find((versions) => versions[0]?.id === correcting)?.[0] : undefined;
    if (correcting && !latest) throw new NotFound('monitoring.edit');
    const ctx = web.context(request);
    const draft = typed ? { ...readFactDraft(typed.body), ...(latest ? { kind: latest.kind } : {}) } : factDraftFrom(latest);
    const country = { name: countryName(record.code, ctx.locale), slug: countrySlug(record.code) };
    const errors = typed ? messages(request, typed.problems) : [];
    return sendPage(reply, <FactFormPage ctx={ctx} csrf={csrf} country={country} draft={draft} correcting={correcting} errors={errors} />, typed ? 400 : 200);
  }
  const factPath = '/monitoring/:country/facts/:fact';
  scope.get<FactParams>(factPath, (request, reply) => factForm(request, reply));
  scope.post<FactParams & { Body: Static<typeof FactBody> }>(factPath, { schema: { body: FactBody } }, async (request, reply) => {
    const { record } = await openCountry(request, request.params.country);
    const correcting = request.params.fact === 'new' ? undefined : request.params.fact;
    const latest = correcting ? record.facts.find((versions) => versions[0]?.id === correcting)?.[0] : undefined;
    if (correcting && !latest) throw new NotFound('monitoring.edit');
    const body = request.body as Body;
    // A correction keeps the fact's kind, whatever the form says.
    const { change, problems } = factOf({ ...readFactDraft(body), ...(latest ? { kind: latest.kind } : {}) });
    if (!change) return factForm(request, reply, { body, problems });
    try {
      await office.recordFact(sessionOf(request), record.code, change, correcting);
    } catch (error) {
      if (!(error instanceof MonitoringInvalid)) throw error;
      return factForm(request, reply, { body, problems: error.problems });
    }
    return reply.redirect(`/office/monitoring/${countrySlug(record.code)}?done=${correcting ? 'corrected' : 'recorded'}#facts`, 303);
  });
}
