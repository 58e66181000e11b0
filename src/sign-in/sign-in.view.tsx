// The sign-in pages: password, second factor, first enrolment of the second factor (a QR code
// drawn on the server, and the secret as text), the recovery codes shown once, and choosing a
// password from an invitation link. Pure functions of their data.
import { NewPasswordFields, PasswordAdvice } from '../office/new-password.view.tsx';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, PasswordField, TextField } from '../web/form.view.tsx';

const anchor = (field: string) => field;

function Errors({ ctx, errors }: { ctx: OfficeContext; errors: FieldMessage[] }) {
  return errors.length ? <ErrorSummary title={ctx.t('office.errorSummary')} errors={errors} anchor={anchor} /> : null;
}

export function SignInPage({ ctx, login, errors }: { ctx: OfficeContext; login: string; errors: FieldMessage[] }) {
  const { t } = ctx;
  const error = (field: string) => errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.signIn.title')}>
      <Errors ctx={ctx} errors={errors} />
      <h1>{t('office.signIn.title')}</h1>
      <p>{t('office.signIn.intro')}</p>
      <OfficeForm action={`/office/sign-in?lang=${ctx.locale}`}>
        <TextField name="login" label={t('office.field.login')} value={login} autocomplete="username" error={error('login')} />
        <PasswordField name="password" label={t('office.field.password')} autocomplete="current-password" error={error('password')} />
        <button type="submit">{t('office.signIn.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function SecondFactorPage({ ctx, csrf, errors }: { ctx: OfficeContext; csrf: string; errors: FieldMessage[] }) {
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.secondFactor.title')}>
      <Errors ctx={ctx} errors={errors} />
      <h1>{t('office.secondFactor.title')}</h1>
      <OfficeForm action="/office/second-factor" csrf={csrf}>
        <TextField
          name="code"
          label={t('office.field.code')}
          hint={t('office.secondFactor.hint')}
          value=""
          autocomplete="one-time-code"
          error={errors.find((e) => e.field === 'code')?.text}
        />
        <button type="submit">{t('office.secondFactor.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function EnrolSecondFactorPage(props: { ctx: OfficeContext; csrf: string; secret: string; qrSvg: string; errors: FieldMessage[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const grouped = props.secret.match(/.{1,4}/g)?.join(' ') ?? props.secret;
  return (
    <OfficeLayout ctx={ctx} title={t('office.enrolSecondFactor.title')}>
      <Errors ctx={ctx} errors={props.errors} />
      <h1>{t('office.enrolSecondFactor.title')}</h1>
      <p>{t('office.enrolSecondFactor.intro')}</p>
      <div class="qr" dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
      <p>{t('office.enrolSecondFactor.manual')}</p>
      <p>
        <code class="secret" data-secret={props.secret}>
          {grouped}
        </code>
      </p>
      <OfficeForm action="/office/second-factor/enrol" csrf={props.csrf}>
        <input type="hidden" name="secret" value={props.secret} />
        <TextField
          name="code"
          label={t('office.field.code')}
          hint={t('office.enrolSecondFactor.hint')}
          value=""
          autocomplete="one-time-code"
          error={props.errors.find((e) => e.field === 'code')?.text}
        />
        <button type="submit">{t('office.enrolSecondFactor.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function RecoveryCodesPage({ ctx, codes }: { ctx: OfficeContext; codes: string[] }) {
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.recoveryCodes.title')}>
      <h1>{t('office.recoveryCodes.title')}</h1>
      <p>{t('office.recoveryCodes.intro')}</p>
      <ul class="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/office/" class="button">
          {t('office.recoveryCodes.continue')}
        </a>
      </p>
    </OfficeLayout>
  );
}

export function EnrolPage(props: {
  ctx: OfficeContext;
  token: string;
  login: string;
  organisationName?: string | undefined;
  roleLabel: string;
  errors: FieldMessage[];
  advice: string[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.enrol.title')}>
      <Errors ctx={ctx} errors={props.errors} />
      <h1>{t('office.enrol.title')}</h1>
      <p>
        {props.organisationName
          ? t('office.enrol.introOrganisation', { login: props.login, role: props.roleLabel, organisation: props.organisationName })
          : t('office.enrol.intro', { login: props.login, role: props.roleLabel })}
      </p>
      <PasswordAdvice advice={props.advice} />
      <OfficeForm action={`/office/enrol/${props.token}?lang=${ctx.locale}`}>
        <input type="hidden" name="locale" value={ctx.locale} />
        <NewPasswordFields t={t} hint={t('office.enrol.passwordHint')} error={error} />
        <button type="submit">{t('office.enrol.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function InvitationInvalidPage({ ctx }: { ctx: OfficeContext }) {
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.enrol.invalidTitle')}>
      <h1>{t('office.enrol.invalidTitle')}</h1>
      <p>{t('office.error.invitation-invalid')}</p>
    </OfficeLayout>
  );
}
