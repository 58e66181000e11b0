// An item's history: every version with who saved it and when, whether it was published, a
// comparison between two versions (lines removed and added), and, for each earlier version, a
// button that publishes it again (after a confirmation page).
import { type OfficeContext, OfficeForm, OfficeLayout } from '../../office/office-layout.view.tsx';
import type { DiffPart } from '../editing.service.ts';
import type { Version } from '../editing.store.ts';
import { editHref, historyHref } from './links.ts';

export type HistoryProps = {
  ctx: OfficeContext;
  csrf: string;
  subject: string;
  label: string;
  versions: Version[];
  /** Who saved each version, by actor ("account:…"): their login. */
  names: Map<string, string>;
  compared?: { from: number; to: number; parts: DiffPart[] } | undefined;
  /** Set when the editor asked to revert to a version: the page asks to confirm. */
  confirmRevert?: number | undefined;
};

export function HistoryPage(props: HistoryProps) {
  const { ctx, versions, subject } = props;
  const { t } = ctx;
  const latest = versions[0]?.number ?? 0;
  const when = (iso: string) => new Date(iso).toLocaleString(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Luxembourg' });
  const by = (actor: string) => (actor === 'content-files' ? t('office.editing.history.fromFiles') : (props.names.get(actor) ?? actor));
  return (
    <OfficeLayout ctx={ctx} title={t('office.editing.history.title', { item: props.label })}>
      <h1>{t('office.editing.history.title', { item: props.label })}</h1>
      <p>
        <a href={editHref(subject)}>{t('office.editing.history.back')}</a>
      </p>
      {props.confirmRevert !== undefined ? (
        <OfficeForm action="/office/content/revert" csrf={props.csrf} class="confirm">
          <p>{t('office.editing.history.revertConfirm', { number: props.confirmRevert })}</p>
          <input type="hidden" name="subject" value={subject} />
          <input type="hidden" name="number" value={String(props.confirmRevert)} />
          <input type="hidden" name="base" value={String(latest)} />
          <input type="hidden" name="confirm" value="yes" />
          <p class="form-actions">
            <button type="submit">{t('office.editing.history.revertSubmit', { number: props.confirmRevert })}</button>{' '}
            <a href={historyHref(subject)}>{t('office.editing.history.cancel')}</a>
          </p>
        </OfficeForm>
      ) : null}
      {props.compared ? <Comparison ctx={ctx} {...props.compared} /> : null}
      <section class="table-scroll" aria-labelledby="versions-caption" tabindex={0}>
        <table class="office-table">
          <caption id="versions-caption">{t('office.editing.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('office.editing.history.version')}</th>
              <th scope="col">{t('office.editing.history.saved')}</th>
              <th scope="col">{t('office.editing.history.state')}</th>
              <th scope="col">{t('office.editing.history.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.number} data-version={v.number}>
                <th scope="row">{v.number}</th>
                <td>
                  {when(v.created_at)} · {by(v.created_by)}
                  {v.reverted_from ? ` · ${t('office.editing.history.revertedFrom', { number: v.reverted_from })}` : ''}
                </td>
                <td>{v.published_at ? t('office.editing.history.published', { when: when(v.published_at) }) : t('office.editing.history.draft')}</td>
                <td class="actions">
                  {v.number > 1 ? <a href={historyHref(subject, `&from=${v.number - 1}&to=${v.number}`)}>{t('office.editing.history.compare')}</a> : null}
                  {v.number < latest ? (
                    <>
                      {' '}
                      <a href={historyHref(subject, `&revert=${v.number}`)}>{t('office.editing.history.revert')}</a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {versions.length ? (
        <form method="get" action="/office/content/history" class="compare-form">
          <input type="hidden" name="subject" value={subject} />
          <label for="from">{t('office.editing.history.from')}</label>
          <input type="number" id="from" name="from" min="1" max={String(latest)} value={String(props.compared?.from ?? Math.max(1, latest - 1))} />
          <label for="to">{t('office.editing.history.to')}</label>
          <input type="number" id="to" name="to" min="1" max={String(latest)} value={String(props.compared?.to ?? latest)} />
          <button type="submit" class="secondary">
            {t('office.editing.history.compareSubmit')}
          </button>
        </form>
      ) : (
        <p>{t('office.editing.history.none')}</p>
      )}
    </OfficeLayout>
  );
}

function Comparison({ ctx, from, to, parts }: { ctx: OfficeContext; from: number; to: number; parts: DiffPart[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="comparison">
      <h2 id="comparison">{t('office.editing.history.comparison', { from, to })}</h2>
      <pre class="diff">
        {parts.map((part, i) =>
          part.kind === 'added' ? <ins key={i}>{part.text}</ins> : part.kind === 'removed' ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
        )}
      </pre>
    </section>
  );
}
