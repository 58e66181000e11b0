// The printable export of a report: a self-contained document (it is saved, mailed and printed,
// and opened where Haven's stylesheet cannot be reached), so it carries its own stylesheet, allowed
// by its hash in the answer's Content-Security-Policy. No script, no image, and no link at all:
// reported addresses appear defanged, as text. The envelope closes the page, in a block that
// `haven export verify` reads.
import { createHash } from 'node:crypto';
import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/messages.ts';
import type { ExportPageData, LabelledRow } from './export-page.presenter.ts';
import { ENVELOPE_BLOCK_ID } from './verify.ts';

// A constant: its hash goes into the page's Content-Security-Policy (style-src).
const STYLE = [
  'body{font:11pt/1.45 Georgia,"Times New Roman",serif;color:#111;background:#fff;max-width:48rem;margin:1.5rem auto;padding:0 1rem}',
  'h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #888}',
  'h3{font-size:1rem;margin:1rem 0 .25rem}',
  'dl{display:grid;grid-template-columns:minmax(7rem,13rem) 1fr;gap:.3rem 1rem;margin:0}dt{font-weight:bold}dd{margin:0}',
  'dd,li,p,pre{overflow-wrap:anywhere}ul,ol{padding-left:1.25rem}ol.history>li{margin-bottom:.75rem}',
  '.text{white-space:pre-wrap;margin:.25rem 0 0;padding-left:.75rem;border-left:3px solid #bbb}.note{font-size:.9rem;color:#333}',
  'pre{white-space:pre-wrap;font:8pt/1.3 "DejaVu Sans Mono",Menlo,Consolas,monospace;border:1px solid #888;padding:.5rem}',
  '@media (max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:.4rem}}',
  '@media print{body{margin:0;max-width:none;padding:0}h2,h3{break-after:avoid}ol.history>li,dl{break-inside:avoid}}',
  '@page{margin:2cm 1.8cm}',
].join('\n');

/** The page's own policy: its stylesheet by hash, nothing else may load or run. */
export function exportPagePolicy(): string {
  const hash = createHash('sha256').update(STYLE, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

function Value(props: { value: string | string[] }) {
  if (!Array.isArray(props.value)) return <dd class={props.value.includes('\n') ? 'text' : undefined}>{props.value}</dd>;
  return (
    <dd>
      <ul>
        {props.value.map((v) => (
          <li key={v}>{v}</li>
        ))}
      </ul>
    </dd>
  );
}

function Rows(props: { rows: LabelledRow[] }) {
  return <dl>{props.rows.map((row) => [<dt key={`${row.label}-t`}>{row.label}</dt>, <Value key={`${row.label}-v`} value={row.value} />])}</dl>;
}

export function ExportPage(props: { t: Translate; locale: Locale; page: ExportPageData; envelope: string }) {
  const { t, page } = props;
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{t('office.export.page.title', { id: page.reportId })}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header>
          <h1>{t('office.export.page.heading')}</h1>
          <p>{t('office.export.page.intro', { by: page.exportedBy, at: page.exportedAt })}</p>
          <p class="note">{t('office.export.page.proof')}</p>
        </header>
        <main>
          <section aria-labelledby="organisation">
            <h2 id="organisation">{t('office.export.page.organisation')}</h2>
            <Rows
              rows={[
                { label: t('office.export.label.name'), value: page.organisation },
                { label: t('office.export.label.exportedBy'), value: page.exportedBy },
                { label: t('office.export.label.exportedAt'), value: page.exportedAt },
                { label: t('office.export.label.format'), value: page.format },
              ]}
            />
          </section>
          <section aria-labelledby="report">
            <h2 id="report">{t('office.export.page.report')}</h2>
            <Rows rows={page.summary} />
          </section>
          <section aria-labelledby="fields">
            <h2 id="fields">{t('office.export.page.fields')}</h2>
            <Rows rows={page.fields} />
          </section>
          {page.addresses.length > 0 ? (
            <section aria-labelledby="addresses">
              <h2 id="addresses">{t('office.export.page.addresses')}</h2>
              <p class="note">{t('office.export.page.addressesNote')}</p>
              <ol>
                {page.addresses.map((a) => (
                  <li key={a.defanged}>
                    <code>{a.defanged}</code>
                    <br />
                    {t('office.export.label.classification')}
                    {page.colon}
                    {a.classification}
                    {a.details.length > 0 ? ` (${a.details.join('; ')})` : ''}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section aria-labelledby="decisions">
            <h2 id="decisions">{t('office.export.page.decisions')}</h2>
            {page.decisions.length === 0 ? <p>{t('office.export.page.noDecisions')}</p> : null}
            {page.decisions.map((d, i) => (
              <div key={i}>
                <h3>{d.heading}</h3>
                <dl>
                  {d.address ? [<dt key="a">{t('office.export.label.address')}</dt>, <dd key="av">{d.address}</dd>] : null}
                  {d.details.length > 0 ? [<dt key="d">{t('office.export.label.details')}</dt>, <dd key="dv">{d.details.join('; ')}</dd>] : null}
                  <dt>{t('office.export.label.proposed')}</dt>
                  <dd>{d.proposed}</dd>
                  {d.decided ? [<dt key="c">{t('office.export.label.decided')}</dt>, <dd key="cv">{d.decided}</dd>] : null}
                </dl>
              </div>
            ))}
          </section>
          <section aria-labelledby="history">
            <h2 id="history">{t('office.export.page.history')}</h2>
            <ol class="history">
              {page.history.map((e) => (
                <li key={e.seq} value={e.seq}>
                  <strong>{e.event}</strong> – <time dateTime={e.at}>{e.time}</time> – {e.by}
                  {e.detail ? (
                    <>
                      <br />
                      {e.detail}
                    </>
                  ) : null}
                  {e.text !== undefined ? <p class="text">{e.text}</p> : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="verification">
            <h2 id="verification">{t('office.export.page.verification')}</h2>
            <p class="note">{t('office.export.page.verificationIntro', { seq: page.auditSeq })}</p>
            <p class="note">{t('office.export.page.keyNote')}</p>
            <pre id={ENVELOPE_BLOCK_ID}>{props.envelope}</pre>
          </section>
        </main>
      </body>
    </html>
  );
}

/** The report page's export buttons: one form, the format chosen by the button pressed. */
export function ExportActions(props: { t: Translate; reportId: string; csrf: string }) {
  const { t } = props;
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('office.export.actions.title')}</h2>
      <p>{t('office.export.actions.intro')}</p>
      <form method="post" action={`/office/reports/${encodeURIComponent(props.reportId)}/export`} class="inline">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit" name="format" value="json">
          {t('office.export.actions.json')}
        </button>{' '}
        <button type="submit" name="format" value="html" class="secondary">
          {t('office.export.actions.html')}
        </button>
      </form>
    </section>
  );
}
