// A report's history, oldest first: every entry in words, with who did it and when; notes,
// messages and the reporter's answers with their text (kept as typed, line breaks and all).
import type { OfficeContext } from '../../office/office-layout.view.tsx';
import type { Actor, HistoryLine } from './report-history.presenter.ts';

function who(ctx: OfficeContext, by: Actor): string {
  if (by.kind === 'member') return by.login;
  return ctx.t(by.kind === 'reporter' ? 'office.report.actor.reporter' : 'office.report.actor.system');
}

/** The entry's sentence: `office.report.history.<type>` with who, whom, what. */
function sentence(ctx: OfficeContext, line: HistoryLine): string {
  const { t } = ctx;
  const values = { actor: who(ctx, line.by), member: line.member ?? t('office.report.actor.nobody') };
  switch (line.type) {
    case 'status-changed':
      return t('office.report.history.status-changed', { ...values, status: t(`office.status.${line.status ?? 'new'}`) });
    case 'classified':
    case 'decision-proposed':
    case 'decision-confirmed':
    case 'decision-rejected':
    case 'decision-withdrawn': {
      const what = line.status ? t('office.report.pending.status', { status: t(`office.status.${line.status}`) }) : (line.decision?.label ?? '');
      const target = line.decision?.target ? t('office.report.history.forAddress', { address: line.decision.target }) : '';
      const awaiting = line.decision?.pending || (line.type === 'decision-proposed' && line.status) ? t('office.report.history.awaiting') : '';
      return [t(`office.report.history.${line.type}`, { ...values, decision: what }), target, awaiting].filter(Boolean).join(' ');
    }
    default:
      return t(`office.report.history.${line.type}`, values);
  }
}

export function HistorySection({ ctx, history }: { ctx: OfficeContext; history: HistoryLine[] }) {
  const { t } = ctx;
  return (
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('office.report.history.title')}</h2>
      <ol class="history">
        {history.map((line) => (
          <li key={line.seq} data-type={line.type}>
            <p>
              <span class="history-at">{line.at}</span> {sentence(ctx, line)}
            </p>
            {line.text !== undefined ? <blockquote class="written">{line.text}</blockquote> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
