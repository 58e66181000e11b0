// "Your account": change the password, and the account's sessions with a button to end each one
// or all of them. Times come written already (to the hour); no session shows an address or a
// browser, as none is stored. A pure function of its data.
import { NewPasswordFields, PasswordAdvice } from '../office/new-password.view.tsx';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, PasswordField } from '../web/form.view.tsx';

export type SessionRow = { ref: string; started: string; seen: string; current: boolean };

export const ACCOUNT_NOTICES = ['password', 'ended'] as const;
export type AccountNotice = (typeof ACCOUNT_NOTICES)[number];

const byId = (field: string) => field;

export function AccountPage(props: {
  ctx: OfficeContext;
  csrf: string;
  login: string;
  sessions: SessionRow[];
  errors: FieldMessage[];
  advice: string[];
  notice?: AccountNotice | undefined;
}) {
  const { ctx, csrf } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.account.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={byId} />
      <h1>{t('office.account.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.account.notice.${props.notice}`)}
        </p>
      ) : null}

      <h2 id="password-title">{t('office.account.password.title')}</h2>
      <p>{t('office.account.password.intro')}</p>
      <PasswordAdvice advice={props.advice} />
      <OfficeForm action="/office/account/password" csrf={csrf}>
        {/* For password managers: which account the new password belongs to. */}
        <input type="hidden" name="username" value={props.login} autocomplete="username" />
        <PasswordField name="current" label={t('office.account.password.current')} autocomplete="current-password" error={error('current')} />
        <NewPasswordFields t={t} hint={t('office.account.password.hint')} error={error} />
        <button type="submit">{t('office.account.password.submit')}</button>
      </OfficeForm>

      <h2>{t('office.account.sessions.title')}</h2>
      <p>{t('office.account.sessions.intro')}</p>
      <section class="table-scroll" aria-labelledby="sessions-caption" tabindex={0}>
        <table class="office-table">
          <caption id="sessions-caption">{t('office.account.sessions.caption', { count: props.sessions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.account.sessions.started')}</th>
              <th scope="col">{t('office.account.sessions.seen')}</th>
              <th scope="col">{t('office.account.sessions.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.ref} data-session={s.ref} data-current={s.current ? 'true' : undefined}>
                <td>
                  {s.started}
                  {s.current ? (
                    <>
                      {' '}
                      <strong>{t('office.account.sessions.this')}</strong>
                    </>
                  ) : null}
                </td>
                <td>{s.seen}</td>
                <td>
                  <OfficeForm action={`/office/account/sessions/${s.ref}/end`} csrf={csrf} class="inline">
                    <button type="submit" class="small secondary">
                      {s.current ? t('office.account.sessions.endThis') : t('office.account.sessions.end')}
                      <span class="visually-hidden"> ({s.started})</span>
                    </button>
                  </OfficeForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <OfficeForm action="/office/account/sessions/end-all" csrf={csrf}>
        <p>{t('office.account.sessions.endAllIntro')}</p>
        <button type="submit">{t('office.account.sessions.endAll')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}
