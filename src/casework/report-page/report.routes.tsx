// The report page and every action on it. Each route calls one casework service, which checks
// the member's right and the organisation (the operator's roles get 403, another organisation's
// report 404), and answers a success with a 303 back to the page, its notice in the section
// concerned (a classified address: its own block, so that classifying several is not a scroll
// back each time); a refusal with the page again (400), the message at its control and what was
// typed kept. The page is unsealed for this request only and sent `no-store`.
import { type TObject, type TOptional, type TString, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionOf } from '../../office/office-web.ts';
import { refusalOf } from '../../office/refusal.ts';
import { sendPage } from '../../web/http.ts';
import type { Scope } from '../../web/scopes.ts';
import { TEXT_MAX } from '../case-text.ts';
import type { Casework } from '../casework.ts';
import type { CaseworkRouteDeps } from '../route-deps.ts';
import { presentReport, type ReportShown } from './report-page.presenter.ts';
import { ReportPage } from './report-page.view.tsx';
import { EMPTY_FORMS, isReportNotice, REPORT_NOTICES, type ReportForms, type ReportNotice } from './report-parts.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
// Every field optional and bounded: a form sent without a choice comes back with its message.
const ReportParams = Type.Object({ id: Text(64) });
const DecisionParams = Type.Object({ id: Text(64), decisionId: Text(64) });
const PageQuery = Type.Object({ done: Type.Optional(Text(32)), item: Type.Optional(Text(64)), lang: Type.Optional(Text(8)) });
/** An address's item: the hex of its keyed hash (never the address itself). */
const ITEM = /^[0-9a-f]{64}$/;
const ActionBody = Type.Object({ ...Csrf });
const HandOverBody = Type.Object({ to: Type.Optional(Text(64)), ...Csrf });
const StatusBody = Type.Object({ status: Type.Optional(Text(32)), ...Csrf });
// Well past the service's limit, so that a text too long comes back with its message and every
// word of it, rather than as a bare 400 that loses it.
const TextBody = Type.Object({ text: Type.Optional(Text(4 * TEXT_MAX)), ...Csrf });

/** The classification form: the item, the decision, and every structured field any scheme asks. */
function classifyBody(casework: Casework): TObject<Record<string, TOptional<TString>>> {
  const fieldIds = new Set(casework.deps.schemes.all.flatMap((s) => (s.fields ?? []).map((f) => f.id)));
  const fields = Object.fromEntries([...fieldIds].map((id) => [id, Type.Optional(Text(64))]));
  return Type.Object({ item: Type.Optional(Text(64)), value: Type.Optional(Text(64)), ...fields, ...Csrf });
}

/** Where a refusal's message goes on the page: a control's id, or a section's message. */
type Place = (field: string, shown: ReportShown) => string;

type PageOptions = {
  forms?: Partial<ReportForms>;
  refused?: { error: unknown; place: Place };
  notice?: ReportNotice | undefined;
  noticeAt?: string | undefined;
};
/** Where a finished step sends the member back: the report (a decision's own), and the address concerned. */
type Done = { notice: ReportNotice; reportId?: string; item?: string };

export async function reportRoutes(scope: Scope, deps: CaseworkRouteDeps) {
  const { web, casework } = deps;

  async function page(request: FastifyRequest, reply: FastifyReply, id: string, options: PageOptions = {}) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    // A refusal the member can act on; anything else (forbidden, not found, a missing key) goes
    // on to the app's error page.
    const refusal = options.refused ? refusalOf(options.refused.error, ctx.t, '') : undefined;
    const opened = await casework.open(session, id);
    const shown = presentReport(opened, session, casework.deps, { locale: ctx.locale, t: ctx.t, now: casework.deps.now() });
    const place = options.refused?.place;
    const errors = refusal && place ? refusal.errors.map((e) => ({ text: e.text, field: place(e.field, shown) })) : [];
    const forms: ReportForms = { ...EMPTY_FORMS, ...options.forms, errors };
    return sendPage(
      reply,
      <ReportPage ctx={ctx} csrf={session.csrf} shown={shown} forms={forms} notice={options.notice} noticeAt={options.noticeAt} />,
      refusal?.status ?? 200,
    );
  }

  /** The notice a step leaves once it is done. */
  const after = async (work: Promise<unknown>, notice: ReportNotice) => {
    await work;
    return notice;
  };

  const done = (reply: FastifyReply, id: string, { notice, item }: Done) =>
    reply.redirect(
      item && ITEM.test(item)
        ? `/office/reports/${encodeURIComponent(id)}?done=${notice}&item=${item}#address-${item}`
        : `/office/reports/${encodeURIComponent(id)}?done=${notice}#${REPORT_NOTICES[notice]}`,
      303,
    );

  /** Runs one step; a refusal shows the page again with its message and the form as typed. */
  async function attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    step: () => Promise<ReportNotice | Done>,
    refusal: { place: Place; forms?: Partial<ReportForms> },
  ) {
    try {
      const result = await step();
      return typeof result === 'string' ? done(reply, id, { notice: result }) : done(reply, result.reportId ?? id, result);
    } catch (error) {
      return page(request, reply, id, { forms: refusal.forms ?? {}, refused: { error, place: refusal.place } });
    }
  }

  scope.get('/reports/:id', { schema: { params: ReportParams, querystring: PageQuery } }, (request, reply) => {
    const { done: asked, item } = request.query;
    const notice = isReportNotice(asked) ? asked : undefined;
    return page(request, reply, request.params.id, { notice, noticeAt: notice && item && ITEM.test(item) ? item : undefined });
  });

  const work: Place = () => 'work-error';
  const withBody = <B extends TObject>(body: B) => ({ schema: { params: ReportParams, body } });

  scope.post('/reports/:id/take', withBody(ActionBody), (request, reply) => {
    const { id } = request.params;
    return attempt(request, reply, id, () => after(casework.actions.take(sessionOf(request), id), 'taken'), { place: work });
  });

  scope.post('/reports/:id/release', withBody(ActionBody), (request, reply) => {
    const { id } = request.params;
    return attempt(request, reply, id, () => after(casework.actions.release(sessionOf(request), id), 'released'), { place: work });
  });

  scope.post('/reports/:id/hand-over', withBody(HandOverBody), (request, reply) => {
    const { id } = request.params;
    const to = request.body.to ?? '';
    return attempt(request, reply, id, () => after(casework.actions.handOver(sessionOf(request), id, to), 'handed-over'), {
      // At the list when it is shown; when the member may not hand it over (no list), the section's.
      place: (field, shown) => (field === 'to' && shown.actions.handOverTo.length ? 'to' : 'work-error'),
      forms: { to },
    });
  });

  scope.post('/reports/:id/status', withBody(StatusBody), (request, reply) => {
    const { id } = request.params;
    const status = request.body.status ?? '';
    const step = async () => ((await casework.decisions.setStatus(sessionOf(request), id, status)) === 'applied' ? 'status' : 'status-pending');
    return attempt(request, reply, id, step, { place: () => 'status', forms: { status } });
  });

  const ClassifyBody = classifyBody(casework);
  scope.post('/reports/:id/classify', withBody(ClassifyBody), (request, reply) => {
    const { id } = request.params;
    const { item = '', value = '', _csrf, ...rest } = request.body as Record<string, string | undefined>;
    const fields = Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const step = async (): Promise<Done> => {
      const applied = (await casework.decisions.classify(sessionOf(request), id, { item, value, fields })) === 'applied';
      // Per address: back to the address just classified ('' per report: the section).
      return { notice: applied ? 'classified' : 'classified-pending', item };
    };
    const place: Place = (field, shown) => {
      const key = shown.per === 'report' ? shown.reportItemKey : shown.addresses.find((a) => a.item === item)?.key;
      if (!key) return 'classification-error';
      return `classify-${key}-${field === '' || field === 'item' ? 'value' : field}`;
    };
    return attempt(request, reply, id, step, { place, forms: { classify: { item, value, fields } } });
  });

  const settle = (action: 'confirm' | 'reject') =>
    scope.post(`/reports/:id/decisions/:decisionId/${action}`, { schema: { params: DecisionParams, body: ActionBody } }, (request, reply) => {
      const { id, decisionId } = request.params;
      const step = async () => {
        const decision = await casework.decisions[action](sessionOf(request), decisionId);
        // The decision's own report: the one it settled, whatever the address said.
        return { notice: action === 'confirm' ? ('confirmed' as const) : ('rejected' as const), reportId: decision.report_id };
      };
      const place: Place = (_field, shown) => (shown.pending.some((d) => d.id === decisionId) ? `decision-${decisionId}-error` : 'pending-error');
      return attempt(request, reply, id, step, { place });
    });
  settle('confirm');
  settle('reject');

  scope.post('/reports/:id/note', withBody(TextBody), (request, reply) => {
    const { id } = request.params;
    const text = request.body.text ?? '';
    return attempt(request, reply, id, () => after(casework.actions.addNote(sessionOf(request), id, text), 'noted'), {
      place: () => 'note-text',
      forms: { note: text },
    });
  });

  scope.post('/reports/:id/message', withBody(TextBody), (request, reply) => {
    const { id } = request.params;
    const text = request.body.text ?? '';
    return attempt(request, reply, id, () => after(casework.actions.sendMessage(sessionOf(request), id, text), 'messaged'), {
      place: () => 'message-text',
      forms: { message: text },
    });
  });
}
