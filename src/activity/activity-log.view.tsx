// The activity log page: a filter form (GET, so it works without script and a filtered view can
// be bookmarked), then the entries newest first, each with its time to the minute, who, what (a
// translated label per action) and about whom, and a link to older entries. A pure function of
// its lines.
import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/messages.ts';
import type { OfficeContext } from '../office/office-layout.view.tsx';
import { OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Select, TextField } from '../web/form.view.tsx';
import { type AuditQuery, auditHref, EMPTY_QUERY } from './activity-filter.ts';
import type { AuditName } from './activity-log.ts';

export type AuditRow = { seq: number; time: string; actor: AuditName; action: string; subject: AuditName };

export type AuditLogPageProps = {
  ctx: OfficeContext;
  rows: AuditRow[];
  scope: 'organisation' | 'operator';
  limit: number;
  /** The filter as typed, and what is wrong with it. */
  query: AuditQuery;
  problems: FieldMessage[];
  /** Every action, with its label, for the filter's list. */
  actions: { value: string; label: string }[];
  /** The page's language when the address asked for one (`?lang=`): kept by the form and the links. */
  lang?: string | undefined;
  /** Where the older entries are, if there are any. */
  olderHref?: string | undefined;
  /** Where the newest entries of this filter are, when this page is not the first. */
  newestHref?: string | undefined;
};

/** A login or an organisation's name as text, a label in the reader's language; a name the presenter did not know, as stored. */
function named(name: AuditName, t: Translate): ComponentChildren {
  if ('login' in name) return name.login;
  if ('label' in name) return t(`office.audit.name.${name.label}`);
  if ('organisation' in name) return name.organisation;
  if ('memberOf' in name) return t('office.audit.name.memberOf', { organisation: name.memberOf });
  return <code>{name.raw}</code>;
}

/** A day, as the browser's date picker gives it (YYYY-MM-DD); a plain text field where there is none. */
function DayField(p: { name: 'from' | 'to'; label: string; hint: string; value: string; error: string | undefined }) {
  const described = [`${p.name}-hint`, p.error ? `${p.name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.name}>{p.label}</label>
      <span class="hint" id={`${p.name}-hint`}>
        {p.hint}
      </span>
      {p.error ? (
        <span class="error" id={`${p.name}-error`}>
          {p.error}
        </span>
      ) : null}
      <input type="date" id={p.name} name={p.name} value={p.value} aria-describedby={described} aria-invalid={p.error ? 'true' : undefined} />
    </div>
  );
}

function FilterForm({ ctx, query, problems, actions, lang }: Pick<AuditLogPageProps, 'ctx' | 'query' | 'problems' | 'actions' | 'lang'>) {
  const { t } = ctx;
  const error = (field: string) => problems.find((p) => p.field === field)?.text;
  return (
    <section aria-labelledby="audit-filter">
      <h2 id="audit-filter">{t('office.audit.filter.title')}</h2>
      <form method="get" action="/office/audit" class="audit-filter" novalidate>
        {lang ? <input type="hidden" name="lang" value={lang} /> : null}
        <Select
          name="action"
          label={t('office.audit.filter.action')}
          value={query.action}
          options={actions}
          placeholder={t('office.audit.filter.anyAction')}
          error={error('action')}
        />
        <TextField name="actor" label={t('office.audit.filter.actor')} hint={t('office.audit.filter.actorHint')} value={query.actor} error={error('actor')} />
        <TextField
          name="subject"
          label={t('office.audit.filter.subject')}
          hint={t('office.audit.filter.subjectHint')}
          value={query.subject}
          error={error('subject')}
        />
        <DayField name="from" label={t('office.audit.filter.from')} hint={t('office.audit.filter.dayHint')} value={query.from} error={error('from')} />
        <DayField name="to" label={t('office.audit.filter.to')} hint={t('office.audit.filter.dayHint')} value={query.to} error={error('to')} />
        <button type="submit">{t('office.audit.filter.submit')}</button> <a href={auditHref(EMPTY_QUERY, { lang })}>{t('office.audit.filter.clear')}</a>
      </form>
    </section>
  );
}

export function AuditLogPage(props: AuditLogPageProps) {
  const { ctx, rows } = props;
  const { t } = ctx;
  const filtered = Object.values(props.query).some(Boolean);
  return (
    <OfficeLayout ctx={ctx} title={props.problems.length > 0 ? `${t('office.errorSummary')}: ${t('office.audit.title')}` : t('office.audit.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.problems} anchor={(field) => field} />
      <h1>{t('office.audit.title')}</h1>
      <p>{t(`office.audit.intro.${props.scope}`, { limit: props.limit })}</p>
      <FilterForm ctx={ctx} query={props.query} problems={props.problems} actions={props.actions} lang={props.lang} />
      {rows.length === 0 ? (
        props.problems.length > 0 ? null : (
          <p>{t(filtered ? 'office.audit.noMatch' : 'office.audit.empty')}</p>
        )
      ) : (
        <section class="table-scroll" aria-labelledby="audit-caption" tabindex={0}>
          <table class="office-table audit-log">
            <caption id="audit-caption">{t('office.audit.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('office.audit.column.time')}</th>
                <th scope="col">{t('office.audit.column.actor')}</th>
                <th scope="col">{t('office.audit.column.action')}</th>
                <th scope="col">{t('office.audit.column.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.seq} data-seq={row.seq}>
                  <td class="nowrap">{row.time}</td>
                  <td>{named(row.actor, t)}</td>
                  <td>{row.action}</td>
                  <td>{named(row.subject, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {props.olderHref || props.newestHref ? (
        <nav aria-label={t('office.audit.pages')}>
          <ul class="pager">
            {props.newestHref ? (
              <li>
                <a href={props.newestHref}>{t('office.audit.newest')}</a>
              </li>
            ) : null}
            {props.olderHref ? (
              <li>
                <a href={props.olderHref} rel="next">
                  {t('office.audit.older')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </OfficeLayout>
  );
}
