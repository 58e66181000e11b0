// Companies' training requests, for editors and admins: the list (when each came, from which
// organisation) and one request in full, with its deletion. Pure functions of their data; the
// route has audited the reading before either is rendered.

import { toDay, toMinute } from '../office/office-dates.ts';
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import type { RequestRead, RequestSummary } from './training-office.service.ts';

export function RequestsPage({ ctx, requests, deleted }: { ctx: OfficeContext; requests: RequestSummary[]; deleted: boolean }) {
  const { t, locale } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.training.requests.title')}>
      <h1>{t('office.training.requests.title')}</h1>
      {deleted ? (
        <p class="notice" role="status">
          {t('office.training.requests.deleted')}
        </p>
      ) : null}
      <p>{t('office.training.requests.intro')}</p>
      {requests.length ? (
        <ul class="services">
          {requests.map((r) => (
            <li key={r.id}>
              <a href={`/office/training/requests/${r.id}`}>{r.organisation}</a>
              <br />
              {t('office.training.requests.received', { day: toDay(r.receivedAt, locale) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('office.training.requests.none')}</p>
      )}
      <p>
        <a href="/office/training">{t('office.training.requests.back')}</a>
      </p>
    </OfficeLayout>
  );
}

export function RequestPage({ ctx, csrf, request }: { ctx: OfficeContext; csrf: string; request: RequestRead }) {
  const { t, locale } = ctx;
  const rows: [string, string][] = [
    [t('training.form.organisation'), request.organisation],
    [t('training.form.contactName'), request.contactName],
    [t('training.form.email'), request.email],
    [t('training.form.phone'), request.phone || t('office.training.requests.notGiven')],
    [t('training.form.language'), t(`training.language.${request.language}`)],
    [t('training.form.dates'), request.dates || t('office.training.requests.notGiven')],
    [t('training.form.staff'), String(request.staff)],
    [t('office.training.requests.receivedAt'), toMinute(request.receivedAt, locale)],
  ];
  return (
    <OfficeLayout ctx={ctx} title={t('office.training.requests.one')}>
      <h1>{request.organisation}</h1>
      <dl class="report-fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <OfficeForm action={`/office/training/requests/${request.id}/delete`} csrf={csrf}>
        <p class="form-actions">
          <button type="submit">{t('office.training.requests.delete')}</button>{' '}
          <a href="/office/training/requests">{t('office.training.requests.backToList')}</a>
        </p>
      </OfficeForm>
    </OfficeLayout>
  );
}
