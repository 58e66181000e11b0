// Choosing a password (enrolment, a change): the strength checker's advice when it refused one,
// and the new password twice. Never filled back in after an error.
import type { Translate } from '../i18n/messages.ts';
import { PasswordField } from '../web/form.view.tsx';

export function PasswordAdvice({ advice }: { advice: string[] }) {
  return advice.length ? (
    <ul class="advice">
      {advice.map((a) => (
        <li key={a}>{a}</li>
      ))}
    </ul>
  ) : null;
}

export function NewPasswordFields(props: { t: Translate; hint: string; error: (field: string) => string | undefined }) {
  const { t } = props;
  return (
    <>
      <PasswordField name="password" label={t('office.field.newPassword')} hint={props.hint} autocomplete="new-password" error={props.error('password')} />
      <PasswordField name="passwordAgain" label={t('office.field.passwordAgain')} autocomplete="new-password" error={props.error('passwordAgain')} />
    </>
  );
}
