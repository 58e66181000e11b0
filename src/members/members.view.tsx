// The members page (a supervisor's): who belongs to the organisation, whether each can sign in and
// holds the key, the buttons the presenter allows per member, and the invitation form; and the
// page that confirms a removal. Pure functions of their data.
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Radios, TextField } from '../web/form.view.tsx';
import type { Members } from './members.service.ts';

export type MemberRow = Awaited<ReturnType<Members['list']>>[number];

export const MEMBER_NOTICES = ['invited', 'granted', 'pending', 'approved', 'removed'] as const;
export type MemberNotice = (typeof MEMBER_NOTICES)[number];

export type InviteForm = { email: string; role: string; locale: string };

const byId = (field: string) => field;

function Errors({ ctx, errors }: { ctx: OfficeContext; errors: FieldMessage[] }) {
  return <ErrorSummary title={ctx.t('office.errorSummary')} errors={errors} anchor={byId} />;
}

function access(row: MemberRow): 'none' | 'pending' | 'active' {
  return row.grant === 'active' ? 'active' : row.grant === 'pending' ? 'pending' : 'none';
}

export function MembersPage(props: {
  ctx: OfficeContext;
  csrf: string;
  rows: MemberRow[];
  holdsKey: boolean;
  invite: InviteForm;
  errors: FieldMessage[];
  notice?: MemberNotice | undefined;
}) {
  const { ctx, csrf, rows } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.members.title')}>
      <Errors ctx={ctx} errors={props.errors} />
      <h1>{t('office.members.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.members.notice.${props.notice}`)}
        </p>
      ) : null}
      {props.holdsKey ? null : <p class="note">{t('office.members.noKey')}</p>}
      <section class="table-scroll" aria-labelledby="members-caption" tabindex={0}>
        <table class="office-table">
          <caption id="members-caption">{t('office.members.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.members.column.login')}</th>
              <th scope="col">{t('office.members.column.role')}</th>
              <th scope="col">{t('office.members.column.status')}</th>
              <th scope="col">{t('office.members.column.secondFactor')}</th>
              <th scope="col">{t('office.members.column.access')}</th>
              <th scope="col">{t('office.members.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr id={`member-${row.id}`} key={row.id} data-login={row.login}>
                <th scope="row">
                  {row.login}
                  {row.mine ? ` ${t('office.members.you')}` : ''}
                </th>
                <td>{t(`office.role.${row.role}`)}</td>
                <td>{t(`office.members.status.${row.status}`)}</td>
                <td>{row.secondFactor ? t('office.members.secondFactor.yes') : t('office.members.secondFactor.no')}</td>
                <td data-access={access(row)}>{t(`office.members.access.${access(row)}`)}</td>
                <td class="actions">
                  {row.actions.grant ? (
                    <OfficeForm action={`/office/members/${row.id}/grant`} csrf={csrf} class="inline">
                      <button type="submit" class="small">
                        {t('office.members.action.grant')}
                        <span class="visually-hidden">: {row.login}</span>
                      </button>
                    </OfficeForm>
                  ) : null}
                  {row.actions.approve ? (
                    <OfficeForm action={`/office/members/${row.id}/approve`} csrf={csrf} class="inline">
                      <button type="submit" class="small">
                        {t('office.members.action.approve')}
                        <span class="visually-hidden">: {row.login}</span>
                      </button>
                    </OfficeForm>
                  ) : null}
                  {row.actions.remove ? (
                    <a href={`/office/members/${row.id}/remove`}>
                      {t('office.members.action.remove')}
                      <span class="visually-hidden">: {row.login}</span>
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <h2 id="invite">{t('office.members.invite.title')}</h2>
      <p>{t('office.members.invite.intro')}</p>
      <OfficeForm action="/office/members/invite" csrf={csrf}>
        <TextField name="email" type="email" label={t('office.members.invite.email')} value={props.invite.email} autocomplete="off" error={error('email')} />
        <Radios
          name="role"
          label={t('office.members.invite.role')}
          value={props.invite.role}
          error={error('role')}
          options={[
            { value: 'analyst', label: t('office.members.invite.roleAnalyst') },
            { value: 'supervisor', label: t('office.members.invite.roleSupervisor') },
          ]}
        />
        <Radios
          name="locale"
          label={t('office.members.invite.locale')}
          value={props.invite.locale}
          error={error('locale')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
        />
        <button type="submit">{t('office.members.invite.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function RemoveMemberPage(props: { ctx: OfficeContext; csrf: string; member: MemberRow; errors: FieldMessage[] }) {
  const { ctx, member } = props;
  const { t } = ctx;
  const error = props.errors.find((e) => e.field === 'confirm')?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.members.remove.title', { login: member.login })}>
      <Errors ctx={ctx} errors={props.errors} />
      <h1>{t('office.members.remove.title', { login: member.login })}</h1>
      <ul>
        <li>{t('office.members.remove.sessions')}</li>
        <li>{t('office.members.remove.key')}</li>
        <li>{t('office.members.remove.final')}</li>
      </ul>
      <OfficeForm action={`/office/members/${member.id}/remove`} csrf={props.csrf}>
        <div class={error ? 'field invalid' : 'field'}>
          {error ? (
            <span class="error" id="confirm-error">
              {error}
            </span>
          ) : null}
          <div class="choice">
            <input
              type="checkbox"
              id="confirm"
              name="confirm"
              value="yes"
              aria-describedby={error ? 'confirm-error' : undefined}
              aria-invalid={error ? 'true' : undefined}
            />
            <label for="confirm">{t('office.members.remove.confirm', { login: member.login })}</label>
          </div>
        </div>
        <p class="form-actions">
          <button type="submit">{t('office.members.remove.submit')}</button> <a href="/office/members">{t('office.members.remove.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
