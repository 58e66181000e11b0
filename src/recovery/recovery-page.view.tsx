// The recovery pages of a supervisor: with the organisation key in the session, when the current
// sheets were issued and the button to issue new ones; without it, the form to type sheets back;
// and the printable sheets, shown once. Pure functions of their data.
import { type OfficeContext, OfficeForm, OfficeLayout } from '../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, TextArea } from '../web/form.view.tsx';
import { RecoverySheets } from './recovery-sheets.view.tsx';

export const RECOVERY_NOTICES = ['recovered', 'pending'] as const;
export type RecoveryNotice = (typeof RECOVERY_NOTICES)[number];

export type RecoveryPageData = {
  holdsKey: boolean;
  /** The current set: when it was issued (written for the reader) and its k of n. */
  current?: { issuedOn: string; threshold: number; shares: number } | undefined;
  next: { threshold: number; shares: number };
};

const byId = (field: string) => field;
export const sheetField = (n: number) => `sheet${n}`;

export function RecoveryPage(props: {
  ctx: OfficeContext;
  csrf: string;
  data: RecoveryPageData;
  typed: string[];
  errors: FieldMessage[];
  notice?: RecoveryNotice | undefined;
}) {
  const { ctx, data } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.recovery.page.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={byId} />
      <h1>{t('office.recovery.page.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {t(`office.recovery.page.notice.${props.notice}`)}
        </p>
      ) : null}
      <p>{t('office.recovery.page.intro')}</p>
      {data.holdsKey ? <IssueSection ctx={ctx} csrf={props.csrf} data={data} /> : <RebuildSection {...props} />}
    </OfficeLayout>
  );
}

function IssueSection({ ctx, csrf, data }: { ctx: OfficeContext; csrf: string; data: RecoveryPageData }) {
  const { t } = ctx;
  return (
    <>
      <h2>{t('office.recovery.page.issue.title')}</h2>
      {data.current ? (
        <p data-issued="true">
          {t('office.recovery.page.issue.current', { date: data.current.issuedOn, threshold: data.current.threshold, shares: data.current.shares })}
        </p>
      ) : (
        <p class="note" data-issued="false">
          {t('office.recovery.page.issue.none')}
        </p>
      )}
      <p>{t('office.recovery.page.issue.explain', { threshold: data.next.threshold, shares: data.next.shares })}</p>
      {data.current ? <p class="caveat">{t('office.recovery.page.issue.replaces')}</p> : null}
      <OfficeForm action="/office/recovery/sheets" csrf={csrf}>
        <button type="submit">{t('office.recovery.page.issue.submit')}</button>
      </OfficeForm>
    </>
  );
}

function RebuildSection(props: { ctx: OfficeContext; csrf: string; data: RecoveryPageData; typed: string[]; errors: FieldMessage[] }) {
  const { ctx, data } = props;
  const { t } = ctx;
  const current = data.current;
  if (!current) {
    return (
      <>
        <h2>{t('office.recovery.page.rebuild.title')}</h2>
        <p class="note">{t('office.recovery.page.rebuild.unavailable')}</p>
      </>
    );
  }
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <>
      <h2>{t('office.recovery.page.rebuild.title')}</h2>
      <p>{t('office.recovery.page.rebuild.intro', { threshold: current.threshold, shares: current.shares, date: data.current?.issuedOn ?? '' })}</p>
      <OfficeForm action="/office/recovery/rebuild" csrf={props.csrf}>
        {Array.from({ length: current.shares }, (_, i) => {
          const n = i + 1;
          return (
            <TextArea
              key={n}
              name={sheetField(n)}
              label={t('office.recovery.page.rebuild.sheet', { number: n })}
              hint={n === 1 ? t('office.recovery.page.rebuild.hint') : undefined}
              value={props.typed[i] ?? ''}
              rows={3}
              error={error(sheetField(n))}
            />
          );
        })}
        <button type="submit">{t('office.recovery.page.rebuild.submit')}</button>
      </OfficeForm>
    </>
  );
}

export function SheetsIssuedPage(props: {
  ctx: OfficeContext;
  organisationName: string;
  sheets: string[];
  threshold: number;
  issuedOn: string;
  qrSvgs: string[];
  replacedOlder: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.recovery.page.sheets.title')}>
      <h1>{t('office.recovery.page.sheets.title')}</h1>
      <div class="no-print">
        <p>{t('office.recovery.page.sheets.print')}</p>
        {props.replacedOlder ? <p class="caveat">{t('office.recovery.page.sheets.olderVoid')}</p> : null}
      </div>
      <RecoverySheets
        t={t}
        organisationName={props.organisationName}
        sheets={props.sheets}
        threshold={props.threshold}
        issuedAt={props.issuedOn}
        qrSvgs={props.qrSvgs}
      />
      <p class="no-print">
        <a href="/office/recovery">{t('office.recovery.page.sheets.done')}</a>
      </p>
    </OfficeLayout>
  );
}
