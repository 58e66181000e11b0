// The printable recovery sheets, one section each: which sheet of how many, whose, when, the text
// to type back and its QR code, and how to keep it. The body only: the caller frames it in its
// layout. The QR codes come ready made (web/qr-code.ts), one SVG per sheet.
import { Fragment } from 'preact';

export type RecoverySheetsProps = {
  t: (key: string, values?: Record<string, string | number>) => string;
  organisationName: string;
  /** The sheets' texts as issueSheets gives them: groups of four characters separated by spaces. */
  sheets: string[];
  threshold: number;
  /** The date the sheets were issued, already written for the reader. */
  issuedAt: string;
  /** The QR code of each sheet's text, as SVG markup, in the order of `sheets`. */
  qrSvgs: string[];
};

// Six groups of four a line: three short lines are easier to type back without losing one's place.
const GROUPS_PER_LINE = 6;

function lines(text: string): string[] {
  const groups = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < groups.length; i += GROUPS_PER_LINE) out.push(groups.slice(i, i + GROUPS_PER_LINE).join(' '));
  return out;
}

export function RecoverySheets({ t, organisationName, sheets, threshold, issuedAt, qrSvgs }: RecoverySheetsProps) {
  const total = sheets.length;
  return (
    <>
      <p class="recovery-sheets-notice">
        <strong>{t('office.recovery.printNow', { total })}</strong>
      </p>
      {sheets.map((text, i) => {
        const number = i + 1;
        const svg = qrSvgs[i];
        return (
          <section class="recovery-sheet" key={number} aria-labelledby={`recovery-sheet-${number}`}>
            <h2 id={`recovery-sheet-${number}`}>{t('office.recovery.sheet.title', { number, total })}</h2>
            <p class="recovery-sheet-meta">
              {t('office.recovery.sheet.organisation', { name: organisationName })}
              <br />
              {t('office.recovery.sheet.issued', { date: issuedAt })}
            </p>
            <p class="recovery-sheet-label">{t('office.recovery.sheet.textLabel')}</p>
            {/* .receipt: the stylesheet's large monospace block, as for a reporter's number. */}
            <p class="recovery-sheet-text receipt">
              {lines(text).map((line, n) => (
                <Fragment key={line}>
                  {n > 0 ? <br /> : null}
                  {line}
                </Fragment>
              ))}
            </p>
            {svg ? <div class="recovery-sheet-qr" dangerouslySetInnerHTML={{ __html: svg }} /> : null}
            <ul class="recovery-sheet-instructions">
              <li>{t('office.recovery.sheet.keepSafe')}</li>
              <li>{t('office.recovery.sheet.threshold', { threshold, total })}</li>
              <li>{t('office.recovery.sheet.once')}</li>
              <li>{t('office.recovery.sheet.howTo')}</li>
            </ul>
          </section>
        );
      })}
    </>
  );
}
