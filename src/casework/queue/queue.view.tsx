// The queue page: the organisation's overdue reports, the filters in effect, the counts per
// status, the filters (a GET form: it works without JavaScript), the reports of the page with a
// link to each, the next page, and for a supervisor the form that moves all of a member's open
// reports to another (after a confirmation page). Pure: the presenter gives every word.
import { type OfficeContext, OfficeForm, OfficeLayout } from '../../office/office-layout.view.tsx';
import { Checkbox, ErrorSummary, type FieldMessage, Radios, Select } from '../../web/form.view.tsx';
import type { Option, QueueRowView, QueueView } from './queue.presenter.ts';

export type ReassignForm = { from: Option[]; to: Option[]; values: { fromMember: string; toMember: string }; errors: FieldMessage[] };

// The cursor has no field of its own: its message leads to the list.
const anchorOf = (field: string) => (field === 'after' ? 'queue-results' : field);

function DateField(p: { name: string; label: string; value: string; error?: string | undefined }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.name}>{p.label}</label>
      {p.error ? (
        <span class="error" id={`${p.name}-error`}>
          {p.error}
        </span>
      ) : null}
      <input type="date" id={p.name} name={p.name} value={p.value} aria-describedby={p.error ? `${p.name}-error` : undefined} />
    </div>
  );
}

function Row({ row, t }: { row: QueueRowView; t: OfficeContext['t'] }) {
  return (
    <tr data-report={row.id} data-overdue={row.deadline?.overdue ? 'true' : undefined}>
      <th scope="row" data-label={t('office.queue.column.received')}>
        <a href={row.href}>
          {row.received}{' '}
          <span class="advice" data-ref="true">
            {row.reference}
          </span>
        </a>
      </th>
      <td data-label={t('office.queue.column.channel')}>
        {row.channel}
        <br />
        <span class="advice">{row.category}</span>
      </td>
      <td data-label={t('office.queue.column.status')}>
        {row.status}
        {row.awaiting ? (
          <>
            <br />
            <strong data-awaiting="true">{t('office.queue.awaiting')}</strong>
          </>
        ) : null}
      </td>
      <td data-label={t('office.queue.column.assignee')}>{row.assignee}</td>
      <td data-label={t('office.queue.column.classification')}>{row.classification}</td>
      <td data-label={t('office.queue.column.deadline')} class={row.deadline?.overdue ? 'caveat' : undefined}>
        {row.deadline ? (
          <>
            {row.deadline.kind}:{' '}
            {row.deadline.overdue ? <strong data-deadline="overdue">{row.deadline.text}</strong> : <span data-deadline="left">{row.deadline.text}</span>}
          </>
        ) : (
          t('office.queue.noDeadline')
        )}
      </td>
    </tr>
  );
}

export function QueuePage(props: { ctx: OfficeContext; csrf: string; view: QueueView; notice?: string | undefined; reassign?: ReassignForm | undefined }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { filter, options } = view;
  const problem = (field: string) => view.problems.find((p) => p.field === field)?.text;
  const reassignError = (field: string) => props.reassign?.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.queue.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={[...view.problems, ...(props.reassign?.errors ?? [])]} anchor={anchorOf} />
      <h1>{t('office.queue.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {view.overdue ? (
        <p class="caveat" data-overdue-count="true">
          <strong>{view.overdue.text}</strong>
          {view.overdue.href ? (
            <>
              {' – '}
              <a href={view.overdue.href}>{t('office.queue.overdue.show')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      {view.showing ? (
        <p data-showing="true">
          {view.showing} <a href="/office/reports">{t('office.queue.showing.all')}</a>
        </p>
      ) : null}
      <h2 id="counts-title">{t('office.queue.counts')}</h2>
      <ul aria-labelledby="counts-title" class="queue-counts">
        {view.counts.map((c) => (
          <li key={c.status} data-status={c.status}>
            <a href={c.href}>
              {c.label}: <span data-count={c.status}>{c.count}</span>
            </a>
          </li>
        ))}
      </ul>

      <details open={view.problems.length > 0 || view.showing !== undefined || undefined}>
        <summary>{t('office.queue.filter.title')}</summary>
        <form method="get" action="/office/reports" novalidate>
          <Select
            name="channel"
            label={t('office.queue.filter.channel')}
            placeholder={t('office.queue.filter.any')}
            value={filter.channel}
            options={options.channels}
            error={problem('channel')}
          />
          <Select
            name="category"
            label={t('office.queue.filter.category')}
            placeholder={t('office.queue.filter.any')}
            value={filter.category}
            options={options.categories}
            error={problem('category')}
          />
          <Select
            name="status"
            label={t('office.queue.filter.status')}
            placeholder={t('office.queue.filter.statusOpen')}
            value={filter.status}
            options={options.statuses}
            error={problem('status')}
          />
          <Select
            name="assignee"
            label={t('office.queue.filter.assignee')}
            placeholder={t('office.queue.filter.any')}
            value={filter.assignee}
            options={options.assignees}
            error={problem('assignee')}
          />
          <DateField name="from" label={t('office.queue.filter.from')} value={filter.from} error={problem('from')} />
          <DateField name="to" label={t('office.queue.filter.to')} value={filter.to} error={problem('to')} />
          <Checkbox name="overdue" label={t('office.queue.filter.overdue')} checked={filter.overdue} />
          <Checkbox name="awaiting" label={t('office.queue.filter.awaiting')} checked={filter.awaiting} />
          <Radios
            name="sort"
            label={t('office.queue.filter.sort')}
            hint={t('office.queue.filter.sortHint')}
            value={filter.sort}
            options={options.sorts}
            error={problem('sort')}
          />
          <p class="form-actions">
            <button type="submit">{t('office.queue.filter.submit')}</button> <a href="/office/reports">{t('office.queue.filter.clear')}</a>
          </p>
        </form>
      </details>

      <section class="table-scroll" id="queue-results" aria-labelledby="queue-caption" tabindex={0}>
        <table class="office-table stacked">
          <caption id="queue-caption">{view.rows.length === 0 ? view.empty : t('office.queue.caption', { count: view.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.queue.column.received')}</th>
              <th scope="col">{t('office.queue.column.channel')}</th>
              <th scope="col">{t('office.queue.column.status')}</th>
              <th scope="col">{t('office.queue.column.assignee')}</th>
              <th scope="col">{t('office.queue.column.classification')}</th>
              <th scope="col">{t('office.queue.column.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <Row key={row.id} row={row} t={t} />
            ))}
          </tbody>
        </table>
      </section>
      {view.nextHref || view.firstHref ? (
        <nav aria-label={t('office.queue.pages')}>
          <p class="form-actions">
            {view.firstHref ? <a href={view.firstHref}>{t('office.queue.firstPage')}</a> : null}
            {view.nextHref ? (
              <a href={view.nextHref} rel="next">
                {t('office.queue.nextPage')}
              </a>
            ) : null}
          </p>
        </nav>
      ) : null}

      {props.reassign ? (
        <>
          <h2 id="reassign">{t('office.queue.reassign.title')}</h2>
          <p>{t('office.queue.reassign.intro')}</p>
          <OfficeForm action="/office/reports/reassign" csrf={props.csrf}>
            <Select
              name="fromMember"
              label={t('office.queue.reassign.from')}
              placeholder={t('office.queue.reassign.choose')}
              value={props.reassign.values.fromMember}
              options={props.reassign.from}
              error={reassignError('fromMember')}
            />
            <Select
              name="toMember"
              label={t('office.queue.reassign.to')}
              placeholder={t('office.queue.reassign.choose')}
              value={props.reassign.values.toMember}
              options={props.reassign.to}
              error={reassignError('toMember')}
            />
            <button type="submit">{t('office.queue.reassign.submit')}</button>
          </OfficeForm>
        </>
      ) : null}
    </OfficeLayout>
  );
}
