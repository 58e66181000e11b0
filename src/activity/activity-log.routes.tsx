// The activity log page (GET /office/audit): supervisors read their organisation's entries,
// operator admins the operator's; analysts and editors get 403 from the app's error page.

import { toMinute } from '../office/office-dates.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { AUDIT_PAGE_SIZE, type AuditLog } from './activity-log.ts';
import { AuditLogPage, type AuditRow } from './activity-log.view.tsx';

export async function auditLogRoutes(scope: Scope, deps: { web: OfficeWeb; auditLog: AuditLog }) {
  scope.get('/audit', async (request, reply) => {
    const session = sessionOf(request);
    const lines = await deps.auditLog.recent(session);
    const ctx = deps.web.context(request);
    const rows: AuditRow[] = lines.map((line) => ({
      seq: line.seq,
      time: toMinute(line.at, ctx.locale),
      actor: line.actor,
      action: typeof line.action === 'string' ? ctx.t(`office.audit.action.${line.action}`) : line.action.raw,
      subject: line.subject,
    }));
    const scopeOf = session.account.organisation_id ? 'organisation' : 'operator';
    return sendPage(reply, <AuditLogPage ctx={ctx} rows={rows} scope={scopeOf} limit={AUDIT_PAGE_SIZE} />);
  });
}
