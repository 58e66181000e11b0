// The confirmation page of "reassign all": how many open reports would move, from whom to whom,
// and the form that moves them. Pure: the route gives the members and the count.
import { type OfficeContext, OfficeForm, OfficeLayout } from '../../office/office-layout.view.tsx';

export type ReassignConfirm = { from: { id: string; login: string }; to: { id: string; login: string }; count: number };

export function ReassignConfirmPage(props: { ctx: OfficeContext; csrf: string; confirm: ReassignConfirm }) {
  const { t } = props.ctx;
  const { from, to, count } = props.confirm;
  const names = { from: from.login, to: to.login, count };
  return (
    <OfficeLayout ctx={props.ctx} title={t('office.queue.reassign.confirm.pageTitle')}>
      {count === 0 ? (
        <>
          <h1>{t('office.queue.reassign.confirm.pageTitle')}</h1>
          <p data-reassign="nothing">{t('office.queue.reassign.confirm.nothing', names)}</p>
          <p>
            <a href="/office/reports">{t('office.queue.reassign.confirm.back')}</a>
          </p>
        </>
      ) : (
        <>
          <h1 data-reassign="question">{t('office.queue.reassign.confirm.question', names)}</h1>
          <p>{t('office.queue.reassign.confirm.intro', names)}</p>
          <OfficeForm action="/office/reports/reassign" csrf={props.csrf}>
            <input type="hidden" name="fromMember" value={from.id} />
            <input type="hidden" name="toMember" value={to.id} />
            <input type="hidden" name="confirm" value="yes" />
            <p class="form-actions">
              <button type="submit">{t('office.queue.reassign.confirm.submit')}</button>{' '}
              <a href="/office/reports#reassign">{t('office.queue.reassign.confirm.cancel')}</a>
            </p>
          </OfficeForm>
        </>
      )}
    </OfficeLayout>
  );
}
