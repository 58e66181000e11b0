// A help service's fields: its name and purpose in every locale, number, web address, the
// verification flags, and its hours: weekly openings and days that differ (public holidays),
// each list with two empty rows to add to (no script needed).
import { LOCALE_NAMES, LOCALES } from '../../i18n/locales.ts';
import type { OfficeContext } from '../../office/office-layout.view.tsx';
import { Checkbox, Select, TextArea, TextField } from '../../web/form.view.tsx';
import { type ServiceForm, WEEKDAYS } from '../editing.forms.ts';

const VERIFICATIONS = ['verified', 'unverified', 'not-identified', 'obsolete'] as const;
const SPARE_ROWS = 2;

export function ServiceFields({ ctx, service, error }: { ctx: OfficeContext; service: ServiceForm; error: (field: string) => string | undefined }) {
  const { t } = ctx;
  const verification = (name: string, value: string, hint: string) => (
    <Select
      name={name}
      label={t(`office.editing.service.${name === 'verification' ? 'verification' : 'hoursVerification'}`)}
      hint={hint}
      value={value}
      placeholder={t('office.editing.service.verificationChoose')}
      error={error(name)}
      options={VERIFICATIONS.map((v) => ({ value: v, label: t(`office.editing.verification.${v}`) }))}
    />
  );
  const weekly = [...service.weekly, ...Array.from({ length: SPARE_ROWS }, () => ({ days: [] as string[], open: '', close: '' }))];
  const exceptions = [...service.exceptions, ...Array.from({ length: SPARE_ROWS }, () => ({ date: '', closed: false, open: '', close: '', note: '' }))];
  return (
    <>
      <div class="locales">
        {LOCALES.map((locale) => (
          <fieldset key={locale} lang={locale} class="locale">
            <legend>{LOCALE_NAMES[locale]}</legend>
            <TextField name={`name.${locale}`} label={t('office.editing.service.name')} value={service.name[locale]} error={error(`name.${locale}`)} />
            <TextArea
              name={`purpose.${locale}`}
              label={t('office.editing.service.purpose')}
              value={service.purpose[locale]}
              error={error(`purpose.${locale}`)}
              rows={4}
            />
          </fieldset>
        ))}
      </div>
      <div class="pair">
        <TextField name="phone" type="tel" label={t('office.editing.service.phone')} value={service.phone} error={error('phone')} />
        <TextField name="web" label={t('office.editing.service.web')} hint={t('office.editing.service.webHint')} value={service.web} error={error('web')} />
      </div>
      <Checkbox name="free" label={t('office.editing.service.free')} checked={service.free} />
      <Checkbox name="anonymous" label={t('office.editing.service.anonymous')} checked={service.anonymous} />
      {verification('verification', service.verification, t('office.editing.service.verificationHint'))}
      <fieldset class="field">
        <legend>{t('office.editing.service.hours')}</legend>
        {verification('hours.verification', service.hours.verification, t('office.editing.service.hoursVerificationHint'))}
        <Checkbox name="hours.always" label={t('office.editing.service.always')} checked={service.hours.always} />
        {weekly.map((row, i) => (
          <fieldset key={`w${i}`} class="row" data-weekly={i}>
            <legend>{t('office.editing.service.opening', { n: i + 1 })}</legend>
            <div class="days">
              {WEEKDAYS.map((day) => (
                <span class="choice" key={day}>
                  <input type="checkbox" id={`weekly.${i}.${day}`} name={`weekly.${i}.days`} value={day} checked={row.days.includes(day)} />
                  <label for={`weekly.${i}.${day}`}>{t(`office.editing.day.${day}`)}</label>
                </span>
              ))}
            </div>
            {error(`weekly.${i}`) ? <span class="error">{error(`weekly.${i}`)}</span> : null}
            <div class="pair">
              <TextField name={`weekly.${i}.open`} label={t('office.editing.service.open')} hint={t('office.editing.service.clockHint')} value={row.open} />
              <TextField name={`weekly.${i}.close`} label={t('office.editing.service.close')} hint={t('office.editing.service.clockHint')} value={row.close} />
            </div>
          </fieldset>
        ))}
        {exceptions.map((row, i) => (
          <fieldset key={`e${i}`} class="row" data-exception={i}>
            <legend>{t('office.editing.service.exception', { n: i + 1 })}</legend>
            {error(`exception.${i}`) ? <span class="error">{error(`exception.${i}`)}</span> : null}
            <TextField name={`exception.${i}.date`} label={t('office.editing.service.date')} hint={t('office.editing.service.dateHint')} value={row.date} />
            <Checkbox name={`exception.${i}.closed`} label={t('office.editing.service.closed')} checked={row.closed} />
            <div class="pair">
              <TextField name={`exception.${i}.open`} label={t('office.editing.service.open')} hint={t('office.editing.service.clockHint')} value={row.open} />
              <TextField
                name={`exception.${i}.close`}
                label={t('office.editing.service.close')}
                hint={t('office.editing.service.clockHint')}
                value={row.close}
              />
            </div>
            <TextField name={`exception.${i}.note`} label={t('office.editing.service.exceptionNote')} value={row.note} />
          </fieldset>
        ))}
        <TextField name="hours.note" label={t('office.editing.service.hoursNote')} value={service.hours.note} />
      </fieldset>
      <TextArea name="note" label={t('office.editing.service.note')} hint={t('office.editing.service.noteHint')} value={service.note} rows={3} />
      <TextArea name="sources" label={t('office.editing.service.sources')} hint={t('office.editing.service.sourcesHint')} value={service.sources} rows={3} />
    </>
  );
}
