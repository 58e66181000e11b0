// What the report page's sections share: the forms' state after a refusal (what was typed, the
// messages at their controls), the notice a finished action leaves in its section, and a text
// box whose id is not its name (the page has two fields called `text`).
import type { OfficeContext } from '../../office/office-layout.view.tsx';
import type { FieldMessage } from '../../web/form.view.tsx';

/** A finished action's notice (`?done=`), and the section it is shown in (the redirect's anchor). */
export const REPORT_NOTICES = {
  taken: 'work',
  released: 'work',
  'handed-over': 'work',
  status: 'change-status',
  'status-pending': 'change-status',
  classified: 'classification',
  'classified-pending': 'classification',
  confirmed: 'pending',
  rejected: 'pending',
  noted: 'notes',
  messaged: 'messages',
} as const;
export type ReportNotice = keyof typeof REPORT_NOTICES;
export type Section = (typeof REPORT_NOTICES)[ReportNotice];

export function isReportNotice(value: unknown): value is ReportNotice {
  return typeof value === 'string' && Object.hasOwn(REPORT_NOTICES, value);
}

/** What the member typed or chose, given back with the messages when a step was refused. */
export type ReportForms = {
  errors: FieldMessage[];
  note: string;
  message: string;
  status: string;
  to: string;
  classify: { item: string; value: string; fields: Record<string, string> } | null;
};

export const EMPTY_FORMS: ReportForms = { errors: [], note: '', message: '', status: '', to: '', classify: null };

/**
 * What every section is given. `noticeAt`: the address a classification notice is about (its
 * item), shown in that address's block, where the redirect lands.
 */
export type SectionProps = { ctx: OfficeContext; csrf: string; forms: ReportForms; notice: ReportNotice | undefined; noticeAt?: string | undefined };

export const errorAt = (forms: ReportForms, id: string) => forms.errors.find((e) => e.field === id)?.text;

export function SectionNotice({ ctx, notice, section }: { ctx: OfficeContext; notice: ReportNotice | undefined; section: Section }) {
  if (!notice || REPORT_NOTICES[notice] !== section) return null;
  return (
    <p class="notice" role="status">
      {ctx.t(`office.report.notice.${notice}`)}
    </p>
  );
}

/** A message for a whole section (a refusal no control of it caused), where the summary links. */
export function SectionError({ forms, id }: { forms: ReportForms; id: string }) {
  const text = errorAt(forms, id);
  return text ? (
    <p class="error" id={id}>
      {text}
    </p>
  ) : null;
}

/** A note or a message: never `maxlength` (a paste cut short loses words); haven.js counts. */
export function TextBox(p: { ctx: OfficeContext; id: string; label: string; hint: string; value: string; error: string | undefined; max: number }) {
  const { t } = p.ctx;
  const describedBy = [`${p.id}-hint`, p.error ? `${p.id}-error` : '', `${p.id}-limit`].filter(Boolean).join(' ');
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      <span class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </span>
      {p.error ? (
        <span class="error" id={`${p.id}-error`}>
          {p.error}
        </span>
      ) : null}
      <textarea id={p.id} name="text" rows={5} aria-describedby={describedBy} aria-invalid={p.error ? 'true' : undefined}>
        {p.value}
      </textarea>
      <span
        class="limit"
        id={`${p.id}-limit`}
        data-limit-for={p.id}
        data-max={p.max}
        data-left={t('field.count.left')}
        data-left-one={t('field.count.leftOne')}
        data-over={t('field.count.over')}
        data-over-one={t('field.count.overOne')}
      >
        {t('field.limit', { max: p.max })}
      </span>
    </div>
  );
}
