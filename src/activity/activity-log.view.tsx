// The activity log page: the latest entries, newest first, each with its time to the minute, who,
// what (a translated label per action) and about whom. A pure function of its lines.
import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/messages.ts';
import type { OfficeContext } from '../office/office-layout.view.tsx';
import { OfficeLayout } from '../office/office-layout.view.tsx';
import type { AuditName } from './activity-log.ts';

export type AuditRow = { seq: number; time: string; actor: AuditName; action: string; subject: AuditName };

/** A login or an organisation's name as text, a label in the reader's language; a name the presenter did not know, as stored. */
function named(name: AuditName, t: Translate): ComponentChildren {
  if ('login' in name) return name.login;
  if ('label' in name) return t(`office.audit.name.${name.label}`);
  if ('organisation' in name) return name.organisation;
  if ('memberOf' in name) return t('office.audit.name.memberOf', { organisation: name.memberOf });
  return <code>{name.raw}</code>;
}

export function AuditLogPage(props: { ctx: OfficeContext; rows: AuditRow[]; scope: 'organisation' | 'operator'; limit: number }) {
  const { ctx, rows } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.audit.title')}>
      <h1>{t('office.audit.title')}</h1>
      <p>{t(`office.audit.intro.${props.scope}`, { limit: props.limit })}</p>
      {rows.length === 0 ? (
        <p>{t('office.audit.empty')}</p>
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
    </OfficeLayout>
  );
}
