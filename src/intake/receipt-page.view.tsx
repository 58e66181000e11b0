// Shown right after the report is durably stored: the identification number. The same form sent
// again shortly after (a double tap, a reload, a second try) shows the same page with the same
// number; later, it gets the already-received page, which can no longer show it.
import type { Locale } from '../i18n/locales.ts';
import { FormLanguageSwitch } from '../web/language-switch.view.tsx';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { ReceiptGroups } from './receipt-number.view.tsx';
import type { FormValues } from './report-form.view.tsx';

/** `receipt` is the number as the visitor is to read it, already grouped (ABCD-EFGH-JKMN-PQRS). */
/**
 * `receiptPath`: where the number is sent to be shown in another language. The language switch is
 * buttons that post the number there, not links: a link would leave for an empty form, and the
 * number would be gone from the screen.
 */
export function ReceiptPage({ ctx, receipt, police, receiptPath }: { ctx: PageContext; receipt: string; police: boolean; receiptPath: string }) {
  const { t, locale } = ctx;
  const languages = <FormLanguageSwitch ctx={ctx} form="receipt-languages" action={(l) => localePath(l, receiptPath)} send={t('receipt.title')} />;
  return (
    <Layout ctx={ctx} title={t('receipt.title')} languages={languages}>
      <form id="receipt-languages" method="post" action={localePath(locale, receiptPath)} hidden>
        <input type="hidden" name="receipt" value={receipt} />
      </form>
      <h1>{t('receipt.title')}</h1>
      <p class="lead">{t('receipt.thanks')}</p>
      <h2 id="receipt-label">{t('receipt.number')}</h2>
      <p class="receipt" id="receipt">
        <ReceiptGroups receipt={receipt} />
      </p>
      <p>
        <button type="button" class="secondary" data-copy="receipt" data-copied={t('receipt.copied')} hidden>
          {t('receipt.copy')}
        </button>{' '}
        <span id="copy-status" role="status" />
      </p>
      <p>
        <strong>{t('receipt.shownOnce')}</strong>
      </p>
      <p>
        {t('receipt.follow')} <a href={localePath(locale, '/report/status')}>{t('receipt.followLink')}</a>
      </p>
      <p>{t(police ? 'report.police.final' : 'report.online.final')}</p>
      {police ? <p>{t('receipt.police')}</p> : null}
    </Layout>
  );
}

/**
 * The same form sent again after its report was received, once its number is no longer kept (an
 * hour or two later). A visitor who never saw the number can send the report as a new one, with
 * everything they typed carried in the page and a new submission token.
 */
export function AlreadyReceivedPage({
  ctx,
  action,
  values,
  submission,
}: {
  ctx: PageContext;
  action: (locale: Locale) => string;
  values: FormValues;
  submission: string;
}) {
  const { t, locale } = ctx;
  // Switching language sends the words to the form in that language (shown again, nothing filed).
  const languages = <FormLanguageSwitch ctx={ctx} form="send-again" action={action} send={t('receipt.alreadySendAgain')} />;
  return (
    <Layout ctx={ctx} title={t('receipt.alreadyTitle')} languages={languages}>
      <h1>{t('receipt.alreadyTitle')}</h1>
      <p class="lead">{t('receipt.alreadyReceived')}</p>
      <p>{t('receipt.alreadyKeep')}</p>
      <p>{t('receipt.alreadyNoNumber')}</p>
      <form id="send-again" method="post" action={action(locale)} accept-charset="utf-8" data-send-once>
        <input type="hidden" name="submission" value={submission} />
        {Object.entries(values).map(([name, value]) =>
          value === true ? <input type="hidden" name={name} value="yes" /> : value ? <input type="hidden" name={name} value={value} /> : null,
        )}
        <button type="submit" class="secondary" data-sending={t('report.sending')}>
          {t('receipt.alreadySendAgain')}
        </button>
      </form>
      <p>
        <a href={localePath(locale, '/report/status')}>{t('receipt.followLink')}</a>
      </p>
    </Layout>
  );
}
