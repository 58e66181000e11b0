// What a member does to a report: take, release or hand it over; confirm what another proposed;
// change its status; write an internal note or a message to the reporter; export it. Each is a
// POST form with the session's CSRF token; the presenter says which are offered.
import { OfficeForm } from '../../office/office-layout.view.tsx';
import type { ReportShown } from './report-page.presenter.ts';
import { errorAt, SectionError, SectionNotice, type SectionProps, TextBox } from './report-parts.view.tsx';

type Props = SectionProps & { shown: ReportShown };

export function WorkSection({ ctx, csrf, forms, notice, shown }: Props) {
  const { t } = ctx;
  const base = `/office/reports/${shown.id}`;
  const toError = errorAt(forms, 'to');
  return (
    <section id="work" aria-labelledby="work-title">
      <h2 id="work-title">{t('office.report.work.title')}</h2>
      <SectionNotice ctx={ctx} notice={notice} section="work" />
      <SectionError forms={forms} id="work-error" />
      <p>{shown.assignee ? t('office.report.work.heldBy', { login: shown.assignee }) : t('office.report.work.nobody')}</p>
      {shown.actions.takeFrom ? <p class="hint">{t('office.report.work.takeOverHint', { login: shown.actions.takeFrom })}</p> : null}
      <div class="form-actions">
        {shown.actions.take ? (
          <OfficeForm action={`${base}/take`} csrf={csrf} class="inline">
            <button type="submit">
              {shown.actions.takeFrom ? t('office.report.work.takeOver', { login: shown.actions.takeFrom }) : t('office.report.work.take')}
            </button>
          </OfficeForm>
        ) : null}
        {shown.actions.release ? (
          <OfficeForm action={`${base}/release`} csrf={csrf} class="inline">
            <button type="submit" class="secondary">
              {t('office.report.work.release')}
            </button>
          </OfficeForm>
        ) : null}
      </div>
      {shown.actions.handOverTo.length ? (
        <OfficeForm action={`${base}/hand-over`} csrf={csrf}>
          <div class={toError ? 'field invalid' : 'field'}>
            <label for="to">{t('office.report.work.handOverTo')}</label>
            {toError ? (
              <span class="error" id="to-error">
                {toError}
              </span>
            ) : null}
            <select id="to" name="to" aria-describedby={toError ? 'to-error' : undefined} aria-invalid={toError ? 'true' : undefined}>
              <option value="">{t('office.report.work.chooseMember')}</option>
              {shown.actions.handOverTo.map((m) => (
                <option value={m.id} selected={m.id === forms.to} key={m.id}>
                  {m.login}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t('office.report.work.handOver')}
          </button>
        </OfficeForm>
      ) : null}
    </section>
  );
}

export function PendingSection({ ctx, csrf, forms, notice, shown }: Props) {
  const { t } = ctx;
  return (
    <section id="pending" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('office.report.pending.title')}</h2>
      <SectionNotice ctx={ctx} notice={notice} section="pending" />
      <SectionError forms={forms} id="pending-error" />
      {shown.pending.length === 0 ? <p>{t('office.report.pending.none')}</p> : null}
      {shown.pending.map((d) => (
        <div class="pending-decision" id={`decision-${d.id}`} key={d.id}>
          <p>
            <strong>{d.what === 'status' ? t('office.report.pending.status', { status: d.label }) : d.label}</strong>
            {d.target ? (
              <>
                {' · '}
                <code class="address-text">{d.target}</code>
              </>
            ) : null}
          </p>
          {d.fields.length ? (
            <ul>
              {d.fields.map((f) => (
                <li key={f.label}>
                  {f.label}: {f.value}
                </li>
              ))}
            </ul>
          ) : null}
          <p>{t('office.report.pending.proposed', { login: d.proposedBy, at: d.proposedAt })}</p>
          <SectionError forms={forms} id={`decision-${d.id}-error`} />
          {d.mine ? (
            <p class="note">{t('office.report.pending.waiting')}</p>
          ) : (
            <div class="form-actions">
              <OfficeForm action={`/office/reports/${shown.id}/decisions/${d.id}/confirm`} csrf={csrf} class="inline">
                <button type="submit">{t('office.report.pending.confirm')}</button>
              </OfficeForm>
              <OfficeForm action={`/office/reports/${shown.id}/decisions/${d.id}/reject`} csrf={csrf} class="inline">
                <button type="submit" class="secondary">
                  {t('office.report.pending.reject')}
                </button>
              </OfficeForm>
            </div>
          )}
        </div>
      ))}
    </section>
  );
}

export function StatusSection({ ctx, csrf, forms, notice, shown }: Props) {
  const { t } = ctx;
  const error = errorAt(forms, 'status');
  const confirmed = shown.actions.confirmStatuses.map((s) => t(`office.status.${s}`)).join(', ');
  return (
    <section id="change-status" aria-labelledby="change-status-title">
      <h2 id="change-status-title">{t('office.report.statusForm.title')}</h2>
      <SectionNotice ctx={ctx} notice={notice} section="change-status" />
      <OfficeForm action={`/office/reports/${shown.id}/status`} csrf={csrf}>
        <div class={error ? 'field invalid' : 'field'}>
          <label for="status">{t('office.report.statusForm.label')}</label>
          {confirmed ? (
            <span class="hint" id="status-hint">
              {t('office.report.statusForm.hint', { statuses: confirmed })}
            </span>
          ) : null}
          {error ? (
            <span class="error" id="status-error">
              {error}
            </span>
          ) : null}
          <select
            id="status"
            name="status"
            aria-describedby={[confirmed ? 'status-hint' : '', error ? 'status-error' : ''].filter(Boolean).join(' ') || undefined}
            aria-invalid={error ? 'true' : undefined}
          >
            <option value="">{t('office.report.statusForm.choose')}</option>
            {shown.actions.statuses.map((s) => (
              <option value={s} selected={s === forms.status} key={s}>
                {t(`office.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {t('office.report.statusForm.submit')}
        </button>
      </OfficeForm>
    </section>
  );
}

export function WritingSections({ ctx, csrf, forms, notice, shown }: Props) {
  const { t } = ctx;
  return (
    <>
      <section id="notes" aria-labelledby="notes-title">
        <h2 id="notes-title">{t('office.report.note.title')}</h2>
        <SectionNotice ctx={ctx} notice={notice} section="notes" />
        <OfficeForm action={`/office/reports/${shown.id}/note`} csrf={csrf}>
          <TextBox
            ctx={ctx}
            id="note-text"
            label={t('office.report.note.label')}
            hint={t('office.report.note.hint')}
            value={forms.note}
            error={errorAt(forms, 'note-text')}
            max={shown.textMax}
          />
          <button type="submit" class="secondary">
            {t('office.report.note.submit')}
          </button>
        </OfficeForm>
      </section>
      <section id="messages" aria-labelledby="messages-title">
        <h2 id="messages-title">{t('office.report.message.title')}</h2>
        <SectionNotice ctx={ctx} notice={notice} section="messages" />
        <OfficeForm action={`/office/reports/${shown.id}/message`} csrf={csrf}>
          <TextBox
            ctx={ctx}
            id="message-text"
            label={t('office.report.message.label')}
            hint={t('office.report.message.hint')}
            value={forms.message}
            error={errorAt(forms, 'message-text')}
            max={shown.textMax}
          />
          <button type="submit">{t('office.report.message.submit')}</button>
        </OfficeForm>
      </section>
    </>
  );
}

export function ExportSection({ ctx, csrf, shown }: Pick<Props, 'ctx' | 'csrf' | 'shown'>) {
  const { t } = ctx;
  return (
    <section id="export" aria-labelledby="export-title">
      <h2 id="export-title">{t('office.report.export.title')}</h2>
      <p>{t('office.report.export.intro')}</p>
      <OfficeForm action={`/office/reports/${shown.id}/export`} csrf={csrf} class="form-actions">
        <button type="submit" name="format" value="json" class="secondary">
          {t('office.report.export.json')}
        </button>
        <button type="submit" name="format" value="html" class="secondary">
          {t('office.report.export.html')}
        </button>
      </OfficeForm>
    </section>
  );
}
