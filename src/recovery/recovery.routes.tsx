// A supervisor's recovery pages: the state of the organisation's sheets, issuing a new set (the
// printable sheets are the answer to that POST, shown once, never stored), and typing sheets back
// to rebuild the key when nobody holds it any more (the session is then replaced by one that
// holds it). Analysts and the operator's roles get 403 from the app's error page.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { organisationOf } from '../office/authorize.ts';
import { toDay } from '../office/office-dates.ts';
import { type OfficeWeb, sessionOf, setSessionCookie } from '../office/office-web.ts';
import { refusalOf } from '../office/refusal.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import { qrSvg } from '../web/qr-code.ts';
import type { Scope } from '../web/scopes.ts';
import type { Recovery } from './recovery.service.ts';
import { RECOVERY_NOTICES, type RecoveryNotice, RecoveryPage, type RecoveryPageData, SheetsIssuedPage, sheetField } from './recovery-page.view.tsx';
import { MAX_SHARES, SheetRefused } from './sheets.ts';

const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
// sheet1 … sheet10: one field per sheet, each at most what sheet-text.ts reads (400 characters).
const RebuildBody = Type.Object({
  ...Object.fromEntries(Array.from({ length: MAX_SHARES }, (_, i) => [sheetField(i + 1), Type.Optional(Text(400))])),
  ...Csrf,
});
const ActionBody = Type.Object({ ...Csrf });
const PageQuery = Type.Object({ done: Type.Optional(Text(20)), lang: Type.Optional(Text(8)) });

export type RecoveryRouteDeps = { web: OfficeWeb; recovery: Recovery };

export async function recoveryRoutes(scope: Scope, deps: RecoveryRouteDeps) {
  const { web, recovery } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { typed?: string[]; errors?: FieldMessage[]; notice?: RecoveryNotice; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const status = await recovery.status(session);
    const data: RecoveryPageData = {
      holdsKey: status.holdsKey,
      current: status.current
        ? { issuedOn: toDay(status.current.issuedAt, ctx.locale), threshold: status.current.threshold, shares: status.current.shares }
        : undefined,
      next: status.next,
    };
    return sendPage(
      reply,
      <RecoveryPage ctx={ctx} csrf={session.csrf} data={data} typed={options.typed ?? []} errors={options.errors ?? []} notice={options.notice} />,
      options.status ?? 200,
    );
  }

  scope.get('/recovery', { schema: { querystring: PageQuery } }, (request, reply) => {
    organisationOf(sessionOf(request), 'recovery.recover');
    const done = request.query.done;
    const notice = RECOVERY_NOTICES.find((n) => n === done);
    return page(request, reply, notice ? { notice } : {});
  });

  scope.post('/recovery/sheets', { schema: { body: ActionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'recovery.issue');
    const before = await recovery.status(session);
    try {
      const issued = await recovery.issue(session);
      const ctx = web.context(request);
      const total = issued.sheets.length;
      const qrSvgs = await Promise.all(issued.sheets.map((text, i) => qrSvg(text, ctx.t('office.recovery.sheet.qrLabel', { number: i + 1, total }))));
      // The one time these texts exist outside the printed paper: this answer, not cached (no-store).
      return sendPage(
        reply,
        <SheetsIssuedPage
          ctx={ctx}
          organisationName={issued.organisationName}
          sheets={issued.sheets}
          threshold={issued.threshold}
          issuedOn={toDay(issued.issuedAt, ctx.locale)}
          qrSvgs={qrSvgs}
          replacedOlder={before.current !== undefined}
        />,
      );
    } catch (error) {
      const refusal = refusalOf(error, web.context(request).t, 'sheets');
      return page(request, reply, { errors: refusal.errors, status: refusal.status });
    }
  });

  scope.post('/recovery/rebuild', { schema: { body: RebuildBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'recovery.recover');
    const body = request.body as Record<string, string | undefined>;
    const typed = Array.from({ length: MAX_SHARES }, (_, i) => body[sheetField(i + 1)] ?? '');
    try {
      const rebuilt = await recovery.rebuild(session, typed);
      if (rebuilt.pending) return reply.redirect('/office/recovery?done=pending', 303);
      setSessionCookie(reply, rebuilt.token, rebuilt.maxAgeSeconds);
      return reply.redirect('/office/recovery?done=recovered', 303);
    } catch (error) {
      const refusal = refusalOf(error, web.context(request).t, sheetField(1));
      const at = error instanceof SheetRefused && error.sheet ? sheetField(error.sheet) : sheetField(1);
      return page(request, reply, { typed, errors: refusal.errors.map((e) => ({ ...e, field: at })), status: refusal.status });
    }
  });
}
