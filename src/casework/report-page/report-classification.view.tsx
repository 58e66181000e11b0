// What the report is: per address on the hotline (each address defanged, never a link, with its
// classification, a form to classify it and the organisation's other reports of it), or per
// report on the police channels. Pure function of the presenter's data.
import { type OfficeContext, OfficeForm } from '../../office/office-layout.view.tsx';
import type { Classification, FieldGroup } from './report-decisions.presenter.ts';
import type { AddressShown, ReportShown } from './report-page.presenter.ts';
import { errorAt, type ReportForms, SectionError, SectionNotice, type SectionProps } from './report-parts.view.tsx';

export function ClassificationSection(props: SectionProps & { shown: ReportShown }) {
  const { ctx, shown } = props;
  const { t } = ctx;
  return (
    <section id="classification" aria-labelledby="classification-title">
      <h2 id="classification-title">{t(shown.per === 'url' ? 'office.report.addresses.title' : 'office.report.classify.title')}</h2>
      {/* A notice about one address is shown in its block, where the redirect lands. */}
      {shown.per === 'url' && shown.addresses.some((a) => a.item === props.noticeAt) ? null : (
        <SectionNotice ctx={ctx} notice={props.notice} section="classification" />
      )}
      <SectionError forms={props.forms} id="classification-error" />
      {shown.per === 'url' ? (
        <>
          <p>{t('office.report.addresses.intro')}</p>
          {shown.addresses.length === 0 ? <p>{t('office.report.addresses.none')}</p> : null}
          {shown.addresses.map((a, i) => (
            <AddressBlock {...props} address={a} n={i + 1} key={a.item} />
          ))}
        </>
      ) : (
        <>
          <InEffect ctx={ctx} classification={shown.classification} />
          <ClassifyForm {...props} item="" formKey="report" name="" />
        </>
      )}
    </section>
  );
}

function InEffect({ ctx, classification }: { ctx: OfficeContext; classification: Classification | null }) {
  const { t } = ctx;
  if (!classification) return <p>{t('office.report.classify.none')}</p>;
  return (
    <div>
      <p>
        {t('office.report.classify.inEffect')} <strong>{classification.label}</strong>
      </p>
      {classification.fields.length ? (
        <ul>
          {classification.fields.map((f) => (
            <li key={f.label}>
              {f.label}: {f.value}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function AddressBlock(props: SectionProps & { shown: ReportShown; address: AddressShown; n: number }) {
  const { ctx, address, n } = props;
  const { t } = ctx;
  const name = t('office.report.addresses.name', { n });
  return (
    // Its id is the item's: a classification's redirect comes back to it (`#address-<item>`).
    <div class="address-block" id={`address-${address.item}`}>
      <h3>{name}</h3>
      {props.noticeAt === address.item ? <SectionNotice ctx={ctx} notice={props.notice} section="classification" /> : null}
      <p class="address">
        <code id={`${address.key}-defanged`} class="address-text">
          {address.defanged}
        </code>
        {/* The copy gives the real address, not the defanged one shown: an analyst pastes it into
            their own assessment tools (a sandboxed browser, hash and takedown databases), which
            need it exact, and a hand-refanged copy invites a typo that sends them to the wrong
            site. Copying is a deliberate act that opens nothing; the defanged text on screen is what
            guards against a click, a mail client's link detection or a careless paste. The real
            address is an attribute, never an href; haven.js shows the button. */}
        <button
          type="button"
          class="small secondary copy"
          hidden
          data-copy-text={address.url}
          data-copied={t('office.report.addresses.copied')}
          data-copy-failed={t('office.report.addresses.copyFailed')}
          data-status={`${address.key}-copy-status`}
        >
          {t('office.report.addresses.copy')}
          <span class="visually-hidden"> ({name})</span>
        </button>
        <span id={`${address.key}-copy-status`} role="status" class="copy-status" />
      </p>
      <p class="hint">{t('office.report.addresses.defangedHint')}</p>
      <InEffect ctx={ctx} classification={address.classification} />
      <ClassifyForm {...props} item={address.item} formKey={address.key} name={name} />
      <h4>{t('office.report.earlier.title')}</h4>
      {address.earlier.length === 0 ? (
        <p>{t('office.report.earlier.none')}</p>
      ) : (
        <ul class="earlier">
          {address.earlier.map((e) => (
            <li key={e.id}>
              <a href={`/office/reports/${e.id}`}>{t('office.report.earlier.link', { received: e.received })}</a>
              {' · '}
              {t(`office.status.${e.status}`)}
              {' · '}
              {e.classification ?? t('office.report.earlier.unclassified')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What this form had when the step was refused, if it was this form's. */
function typedFor(forms: ReportForms, item: string) {
  return forms.classify && forms.classify.item === item ? forms.classify : { item, value: '', fields: {} as Record<string, string> };
}

function ClassifyForm(props: SectionProps & { shown: ReportShown; item: string; formKey: string; name: string }) {
  const { ctx, shown, forms, formKey } = props;
  const { t } = ctx;
  const typed = typedFor(forms, props.item);
  const id = (field: string) => `classify-${formKey}-${field}`;
  const valueError = errorAt(forms, id('value'));
  return (
    <OfficeForm action={`/office/reports/${shown.id}/classify`} csrf={props.csrf} class="classify">
      <input type="hidden" name="item" value={props.item} />
      <div class={valueError ? 'field invalid' : 'field'}>
        <label for={id('value')}>
          {t('office.report.classify.decision')}
          {props.name ? <span class="visually-hidden"> ({props.name})</span> : null}
        </label>
        {valueError ? (
          <span class="error" id={`${id('value')}-error`}>
            {valueError}
          </span>
        ) : null}
        <select
          id={id('value')}
          name="value"
          data-decision
          aria-describedby={valueError ? `${id('value')}-error` : undefined}
          aria-invalid={valueError ? 'true' : undefined}
        >
          <option value="">{t('office.report.classify.choose')}</option>
          {shown.decisions.map((d) => (
            <option value={d.id} selected={d.id === typed.value} key={d.id}>
              {d.confirm ? t('office.report.classify.needsConfirmation', { decision: d.label }) : d.label}
            </option>
          ))}
        </select>
      </div>
      {shown.fieldGroups.map((g) => (
        <FieldGroupSet ctx={ctx} forms={forms} group={g} id={id} typed={typed.fields} key={g.onlyFor} />
      ))}
      <button type="submit" class="secondary">
        {t('office.report.classify.submit')}
        {props.name ? <span class="visually-hidden"> ({props.name})</span> : null}
      </button>
    </OfficeForm>
  );
}

/** Fields only some decisions ask for: all shown without JavaScript, labelled for which. */
function FieldGroupSet(p: { ctx: OfficeContext; forms: ReportForms; group: FieldGroup; id: (field: string) => string; typed: Record<string, string> }) {
  const { t } = p.ctx;
  return (
    <fieldset class="only-for" data-only-for={p.group.decisions.join(' ')}>
      <legend>{p.group.onlyFor}</legend>
      {p.group.fields.map((f) => {
        const id = p.id(f.id);
        const error = errorAt(p.forms, id);
        const errorId = error ? `${id}-error` : undefined;
        const message = error ? (
          <span class="error" id={`${id}-error`}>
            {error}
          </span>
        ) : null;
        if (f.kind === 'choice') {
          return (
            <div class={error ? 'field invalid' : 'field'} key={f.id}>
              <label for={id}>{f.label}</label>
              {message}
              <select id={id} name={f.id} aria-describedby={errorId} aria-invalid={error ? 'true' : undefined}>
                <option value="">{t('office.report.classify.choose')}</option>
                {f.options.map((o) => (
                  <option value={o.id} selected={p.typed[f.id] === o.id} key={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          );
        }
        return (
          <fieldset class={error ? 'field invalid' : 'field'} id={id} aria-describedby={errorId} key={f.id}>
            <legend>{f.label}</legend>
            {message}
            {(['yes', 'no'] as const).map((answer) => (
              <div class="choice" key={answer}>
                <input type="radio" id={`${id}-${answer}`} name={f.id} value={answer} checked={p.typed[f.id] === answer} />
                <label for={`${id}-${answer}`}>{t(`office.report.answer.${answer}`)}</label>
              </div>
            ))}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
