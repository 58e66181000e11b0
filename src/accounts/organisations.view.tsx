// The operator admin's organisations pages: the list with a form to create one, and the page that
// invites a supervisor to an existing one. Pure functions of their data.
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Radios, TextField } from '../web/form.view.tsx';
import { ORGANISATION_KINDS, type Organisations } from './organisations.service.ts';

export type OrganisationRow = Awaited<ReturnType<Organisations['list']>>[number];
export type NewOrganisationForm = { id: string; name: string; kind: string; email: string; locale: string };
export type SupervisorForm = { email: string; locale: string };

export const ORGANISATION_NOTICES = ['created', 'invited'] as const;
export type OrganisationNotice = (typeof ORGANISATION_NOTICES)[number];

const byId = (field: string) => field;

function LocaleChoice({ ctx, value, error }: { ctx: OfficeContext; value: string; error?: string | undefined }) {
  return (
    <Radios
      name="locale"
      label={ctx.t('office.organisations.field.locale')}
      value={value}
      error={error}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
    />
  );
}

export function OrganisationsPage(props: {
  ctx: OfficeContext;
  csrf: string;
  rows: OrganisationRow[];
  form: NewOrganisationForm;
  errors: FieldMessage[];
  notice?: OrganisationNotice | undefined;
}) {
  const { ctx, rows } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.organisations.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={byId} />
      <h1>{t('office.organisations.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.organisations.notice.${props.notice}`)}
        </p>
      ) : null}
      <p>{t('office.organisations.intro')}</p>
      <section class="table-scroll" aria-labelledby="organisations-caption" tabindex={0}>
        <table class="office-table">
          <caption id="organisations-caption">{t('office.organisations.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.organisations.column.name')}</th>
              <th scope="col">{t('office.organisations.column.id')}</th>
              <th scope="col">{t('office.organisations.column.kind')}</th>
              <th scope="col">{t('office.organisations.column.members')}</th>
              <th scope="col">{t('office.organisations.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-organisation={row.id}>
                <th scope="row">{row.name}</th>
                <td>
                  <code>{row.id}</code>
                </td>
                <td>{t(`office.organisations.kind.${row.kind}`)}</td>
                <td>{row.members}</td>
                <td>
                  <a href={`/office/organisations/${row.id}/supervisors`}>
                    {t('office.organisations.inviteSupervisor')}
                    <span class="visually-hidden">: {row.name}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <h2>{t('office.organisations.create.title')}</h2>
      <p>{t('office.organisations.create.intro')}</p>
      <OfficeForm action="/office/organisations" csrf={props.csrf}>
        <TextField name="name" label={t('office.organisations.field.name')} value={props.form.name} error={error('name')} />
        <TextField
          name="id"
          label={t('office.organisations.field.id')}
          hint={t('office.organisations.field.idHint')}
          value={props.form.id}
          error={error('id')}
        />
        <Radios
          name="kind"
          label={t('office.organisations.field.kind')}
          value={props.form.kind}
          error={error('kind')}
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`office.organisations.kind.${k}`) }))}
        />
        <TextField
          name="email"
          type="email"
          label={t('office.organisations.field.email')}
          hint={t('office.organisations.field.emailHint')}
          value={props.form.email}
          error={error('email')}
        />
        <LocaleChoice ctx={ctx} value={props.form.locale} error={error('locale')} />
        <button type="submit">{t('office.organisations.create.submit')}</button>
      </OfficeForm>
    </OfficeLayout>
  );
}

export function InviteSupervisorPage(props: { ctx: OfficeContext; csrf: string; organisation: OrganisationRow; form: SupervisorForm; errors: FieldMessage[] }) {
  const { ctx, organisation } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.organisations.supervisor.title', { name: organisation.name })}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={byId} />
      <h1>{t('office.organisations.supervisor.title', { name: organisation.name })}</h1>
      <p>{t('office.organisations.supervisor.intro')}</p>
      <p class="note">{t('office.organisations.supervisor.noKey')}</p>
      <OfficeForm action={`/office/organisations/${organisation.id}/supervisors`} csrf={props.csrf}>
        <TextField name="email" type="email" label={t('office.organisations.field.email')} value={props.form.email} error={error('email')} />
        <LocaleChoice ctx={ctx} value={props.form.locale} error={error('locale')} />
        <p class="form-actions">
          <button type="submit">{t('office.organisations.supervisor.submit')}</button>{' '}
          <a href="/office/organisations">{t('office.organisations.supervisor.cancel')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
