// The report page: what the report is and where it stands, what the reporter gave (their identity
// apart), its addresses or classification, what awaits confirmation, the actions, the history.
// A pure function of the presenter's data and the forms' state.
import type { ComponentChild } from 'preact';
import { type OfficeContext, OfficeLayout } from '../../office/office-layout.view.tsx';
import { ErrorSummary } from '../../web/form.view.tsx';
import { ClassificationSection } from './report-classification.view.tsx';
import { HistorySection } from './report-history.view.tsx';
import type { DeadlineShown, ReportShown } from './report-page.presenter.ts';
import type { ReportForms, ReportNotice } from './report-parts.view.tsx';
import { ExportSection, PendingSection, StatusSection, WorkSection, WritingSections } from './report-work.view.tsx';

export function ReportPage(props: {
  ctx: OfficeContext;
  csrf: string;
  shown: ReportShown;
  forms: ReportForms;
  notice: ReportNotice | undefined;
  noticeAt?: string | undefined;
}) {
  const { ctx, shown } = props;
  const { t } = ctx;
  const title = t('office.report.title', { channel: shown.channelTitle });
  return (
    <OfficeLayout ctx={ctx} title={title}>
      <ErrorSummary title={ctx.t('office.errorSummary')} errors={props.forms.errors} anchor={(field) => field} />
      <p>
        <a href="/office/reports">{t('office.report.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="reference">
        {t('office.report.reference')} <code>{shown.reference}</code>
      </p>
      <Summary ctx={ctx} shown={shown} />
      <WorkSection {...props} />
      <section id="report-fields" aria-labelledby="report-fields-title">
        <h2 id="report-fields-title">{t('office.report.fields.title')}</h2>
        {shown.fields.length === 0 ? <p>{t('office.report.fields.none')}</p> : <p class="hint">{t('office.report.fields.defangedHint')}</p>}
        <WrittenFields ctx={ctx} fields={shown.fields} />
      </section>
      {shown.reporter ? <Reporter ctx={ctx} shown={shown} reporter={shown.reporter} /> : null}
      <ClassificationSection {...props} />
      <PendingSection {...props} />
      <StatusSection {...props} />
      <WritingSections {...props} />
      <HistorySection ctx={ctx} history={shown.history} />
      <ExportSection ctx={ctx} csrf={props.csrf} shown={shown} />
    </OfficeLayout>
  );
}

function Summary({ ctx, shown }: { ctx: OfficeContext; shown: ReportShown }) {
  const { t } = ctx;
  const rows: [string, ComponentChild][] = [
    [t('office.report.summary.channel'), shown.channelTitle],
    [t('office.report.summary.category'), shown.categoryLabel],
    [t('office.report.summary.received'), shown.received],
    [t('office.report.summary.status'), <strong data-status={shown.status}>{t(`office.status.${shown.status}`)}</strong>],
    [t('office.report.summary.assignee'), shown.assignee ?? t('office.report.actor.nobody')],
    [t('office.report.summary.deadline'), shown.deadline ? <Deadline deadline={shown.deadline} /> : t('office.report.deadline.none')],
    [t('office.report.summary.classification'), shown.classification?.label ?? t('office.report.classify.none')],
    [t('office.report.summary.pending'), t('office.report.summary.pendingCount', { count: shown.pending.length })],
  ];
  return (
    <dl class="report-summary">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Deadline({ deadline }: { deadline: DeadlineShown }) {
  return (
    <span class={deadline.overdue ? 'overdue' : undefined}>
      {deadline.kind}: {deadline.due} – {deadline.left}
    </span>
  );
}

function Reporter({ ctx, shown, reporter }: { ctx: OfficeContext; shown: ReportShown; reporter: { name: string; value: string }[] }) {
  const { t } = ctx;
  return (
    <section id="reporter" aria-labelledby="reporter-title" class="reporter">
      <h2 id="reporter-title">{t(shown.identityForm ? 'office.report.reporter.identity' : 'office.report.reporter.contact')}</h2>
      <p class="hint">{t(shown.identityForm ? 'office.report.reporter.identityHint' : 'office.report.reporter.contactHint')}</p>
      {reporter.length === 0 ? <p>{t('office.report.reporter.anonymous')}</p> : <WrittenFields ctx={ctx} fields={reporter} />}
    </section>
  );
}

/** What the reporter wrote, field by field, as they wrote it (addresses in it defanged). */
function WrittenFields({ ctx, fields }: { ctx: OfficeContext; fields: { name: string; value: string }[] }) {
  return (
    <dl class="report-fields">
      {fields.map((f) => (
        <div key={f.name}>
          <dt>{ctx.t(`office.report.field.${f.name}`)}</dt>
          <dd class="written">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
