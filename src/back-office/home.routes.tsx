// The back office's first page: what the signed-in person can do from here, by role, and what
// needs their attention (a member without the organisation key yet, recovery sheets not issued).

import type { Casework } from '../casework/casework.ts';
import { OVERDUE_HREF } from '../casework/queue/queue.presenter.ts';
import { OfficeLayout } from '../office/office-layout.view.tsx';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { Recovery } from '../recovery/recovery.service.ts';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';

export async function homeRoutes(scope: Scope, deps: { web: OfficeWeb; recovery: Recovery; casework: Casework }) {
  scope.get('/', async (request, reply) => {
    const session = sessionOf(request);
    const ctx = deps.web.context(request);
    const { t } = ctx;
    const member = session.account.organisation_id !== null;
    // Until a set is issued, the key lives only in members' passwords: if all of them are
    // forgotten, every report sealed to the organisation is lost.
    const needsSheets = await deps.recovery.needsSheets(session);
    // What waits for the organisation's members, each count a link to the queue filtered so.
    const role = session.account.role;
    const reports = role === 'supervisor' || role === 'analyst' ? await deps.casework.queue.summary(session) : undefined;
    return sendPage(
      reply,
      <OfficeLayout ctx={ctx} title={t('office.home.title')}>
        <h1>{t('office.home.title')}</h1>
        {needsSheets ? (
          <p class="caveat" data-reminder="recovery-sheets">
            <strong>{t('office.home.recoverySheets.notice')}</strong> <a href="/office/recovery">{t('office.home.recoverySheets.link')}</a>
          </p>
        ) : null}
        <p>{t(`office.home.intro.${session.account.role}`)}</p>
        {reports ? (
          <section aria-labelledby="home-reports" data-home="reports">
            <h2 id="home-reports">{t('office.queue.home.title')}</h2>
            <ul>
              <li>
                <a href="/office/reports" data-count="open">
                  {t('office.queue.home.open', { count: reports.open })}
                </a>
              </li>
              <li>
                <a href={OVERDUE_HREF} data-count="overdue">
                  {reports.overdue > 0 ? (
                    <strong>{t('office.queue.home.overdue', { count: reports.overdue })}</strong>
                  ) : (
                    t('office.queue.home.overdue', { count: 0 })
                  )}
                </a>
              </li>
              <li>
                <a href={'/office/reports?awaiting=yes&status=all'} data-count="awaiting">
                  {t('office.queue.home.awaiting', { count: reports.awaiting })}
                </a>
              </li>
            </ul>
          </section>
        ) : null}
        {member ? (
          session.organisationKey ? (
            <p class="key-held" data-key-held="true">
              {t('office.home.keyHeld')}
            </p>
          ) : (
            <p class="key-missing" data-key-held="false">
              {t('office.home.keyMissing')}
            </p>
          )
        ) : null}
      </OfficeLayout>,
    );
  });
}
