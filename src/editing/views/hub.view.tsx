// The editors' first page for the site's words: every page, help service, emergency number,
// channel, the guided questions and the operator, each with a link to edit it and a mark where
// a draft waits to be published; and the forms that start a new page or help service.
import { type OfficeContext, OfficeForm, OfficeLayout } from '../../office/office-layout.view.tsx';
import { ErrorSummary, type FieldMessage, Select, TextField } from '../../web/form.view.tsx';
import { editHref } from './links.ts';

export type HubItem = { subject: string; label: string; address?: string | undefined; draft: boolean };
export type HubGroup = { id: string; items: HubItem[] };

export function HubPage(props: {
  ctx: OfficeContext;
  csrf: string;
  groups: HubGroup[];
  sections: readonly string[];
  errors: FieldMessage[];
  typed: { slug: string; section: string; service: string };
}) {
  const { ctx, groups } = props;
  const { t } = ctx;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.text;
  return (
    <OfficeLayout ctx={ctx} title={t('office.editing.hub.title')}>
      <ErrorSummary title={t('office.errorSummary')} errors={props.errors} anchor={(f) => f} />
      <h1>{t('office.editing.hub.title')}</h1>
      <p>{t('office.editing.hub.intro')}</p>
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`}>
          <h2 id={`group-${group.id}`}>{t(`office.editing.group.${group.id}`)}</h2>
          <ul class="edit-list">
            {group.items.map((item) => (
              <li key={item.subject}>
                <a href={editHref(item.subject)}>{item.label}</a>
                {item.address ? <span class="hint-inline"> {item.address}</span> : null}
                {item.draft ? <strong class="draft-mark"> {t('office.editing.hub.draft')}</strong> : null}
              </li>
            ))}
          </ul>
          {group.id === 'pages' ? (
            <OfficeForm action="/office/content/new" csrf={props.csrf}>
              <input type="hidden" name="kind" value="page" />
              <TextField
                name="slug"
                label={t('office.editing.hub.newPage')}
                hint={t('office.editing.hub.slugHint')}
                value={props.typed.slug}
                error={error('slug')}
              />
              <Select
                name="section"
                label={t('office.editing.form.section')}
                value={props.typed.section}
                placeholder={t('office.editing.form.sectionChoose')}
                error={error('section')}
                options={props.sections.map((s) => ({ value: s, label: t(`office.editing.section.${s}`) }))}
              />
              <p class="form-actions">
                <button type="submit" class="secondary">
                  {t('office.editing.hub.create')}
                </button>
              </p>
            </OfficeForm>
          ) : null}
          {group.id === 'help-services' ? (
            <OfficeForm action="/office/content/new" csrf={props.csrf}>
              <input type="hidden" name="kind" value="help-service" />
              <TextField
                name="service"
                label={t('office.editing.hub.newService')}
                hint={t('office.editing.hub.slugHint')}
                value={props.typed.service}
                error={error('service')}
              />
              <p class="form-actions">
                <button type="submit" class="secondary">
                  {t('office.editing.hub.create')}
                </button>
              </p>
            </OfficeForm>
          ) : null}
        </section>
      ))}
    </OfficeLayout>
  );
}
