// The activity log page (GET /office/audit): supervisors read their organisation's entries,
// operator admins the operator's, narrowed by the filter in the query; analysts and editors get
// 403 from the app's error page.

import { AUDIT_ACTIONS } from '../audit/audit.ts';
import { isLocale } from '../i18n/locales.ts';
import { toMinute } from '../office/office-dates.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { auditHref } from './activity-filter.ts';
import { AUDIT_PAGE_SIZE, type AuditLog } from './activity-log.ts';
import { AuditLogPage, type AuditRow } from './activity-log.view.tsx';

export async function auditLogRoutes(scope: Scope, deps: { web: OfficeWeb; auditLog: AuditLog }) {
  scope.get('/audit', async (request, reply) => {
    const session = sessionOf(request);
    const { query, before, page, problems } = await deps.auditLog.read(session, request.query);
    const ctx = deps.web.context(request);
    const { t, locale } = ctx;
    const rows: AuditRow[] = page.lines.map((line) => ({
      seq: line.seq,
      time: toMinute(line.at, locale),
      actor: line.actor,
      action: typeof line.action === 'string' ? t(`office.audit.action.${line.action}`) : line.action.raw,
      subject: line.subject,
    }));
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const lang = typeof asked === 'string' && isLocale(asked) ? asked : undefined;
    const actions = AUDIT_ACTIONS.map((action) => ({ value: action, label: t(`office.audit.action.${action}`) })).sort((a, b) =>
      a.label.localeCompare(b.label, locale),
    );
    return sendPage(
      reply,
      <AuditLogPage
        ctx={ctx}
        rows={rows}
        scope={session.account.organisation_id ? 'organisation' : 'operator'}
        limit={AUDIT_PAGE_SIZE}
        query={query}
        problems={problems.map((p) => ({ field: p.field, text: t(`office.audit.problem.${p.code}`) }))}
        actions={actions}
        lang={lang}
        olderHref={page.older === undefined ? undefined : auditHref(query, { before: page.older, lang })}
        newestHref={before === undefined ? undefined : auditHref(query, { lang })}
      />,
      problems.length > 0 ? 400 : 200,
    );
  });
}
