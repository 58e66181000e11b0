// The back office's first page: what the signed-in person can do from here, by role, and what
// needs their attention (a member without the organisation key yet, recovery sheets not issued).
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { OfficeLayout } from './office-layout.view.tsx';
import { type OfficeWeb, sessionOf } from './office-web.ts';

export async function homeRoutes(scope: Scope, deps: { web: OfficeWeb }) {
  scope.get('/', (request, reply) => {
    const session = sessionOf(request);
    const ctx = deps.web.context(request);
    const { t } = ctx;
    const member = session.account.organisation_id !== null;
    return sendPage(
      reply,
      <OfficeLayout ctx={ctx} title={t('office.home.title')}>
        <h1>{t('office.home.title')}</h1>
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
