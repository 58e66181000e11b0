// The back office's first page: what the signed-in person can do from here, by role, and what
// needs their attention (a member without the organisation key yet, recovery sheets not issued).

import { OfficeLayout } from '../office/office-layout.view.tsx';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { Recovery } from '../recovery/recovery.service.ts';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';

export async function homeRoutes(scope: Scope, deps: { web: OfficeWeb; recovery: Recovery }) {
  scope.get('/', async (request, reply) => {
    const session = sessionOf(request);
    const ctx = deps.web.context(request);
    const { t } = ctx;
    const member = session.account.organisation_id !== null;
    // Until a set is issued, the key lives only in members' passwords: if all of them are
    // forgotten, every report sealed to the organisation is lost.
    const needsSheets = await deps.recovery.needsSheets(session);
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
