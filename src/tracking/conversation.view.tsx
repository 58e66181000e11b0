// The messages between the organisation and the reporter, oldest first, and the form to answer.
// A reporter answers only once they have been asked something (the form follows the first
// message), and only while the report is not closed.
import { TEXT_MAX } from '../casework/case-text.ts';
import { type Limit, TextArea } from '../web/form.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import type { Message } from './tracking.service.ts';

/** A day as the page shows it (in the visitor's language) and as <time datetime> gives it (YYYY-MM-DD). */
export type Day = { text: string; date: string };

/** The answer as the form gives it back: what was typed, and what is wrong with it. */
export type AnswerDraft = { text: string; error?: string | undefined };

export function answerLimit(ctx: PageContext): Limit {
  const { t } = ctx;
  return {
    max: TEXT_MAX,
    text: t('field.limit', { max: TEXT_MAX }),
    left: t('field.count.left'),
    leftOne: t('field.count.leftOne'),
    over: t('field.count.over'),
    overOne: t('field.count.overOne'),
  };
}

/** Line breaks as the writer made them, without a style attribute (strict CSP). */
function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <p class="message-text">
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </span>
      ))}
    </p>
  );
}

export function Conversation(p: { ctx: PageContext; messages: Message[]; open: boolean; dayOf: (iso: string) => Day; receipt: string; draft: AnswerDraft }) {
  const { t } = p.ctx;
  if (p.messages.length === 0) return null;
  const asked = p.messages.some((m) => m.from === 'organisation');
  return (
    <section aria-labelledby="messages">
      <h2 id="messages">{t('status.messagesTitle')}</h2>
      <p>{t('status.messagesIntro')}</p>
      <ol class="conversation">
        {p.messages.map((m, i) => {
          const day = p.dayOf(m.at);
          return (
            <li key={i} class={`message from-${m.from}`}>
              <p class="message-from">
                <strong>{t(`status.from.${m.from}`)}</strong> – <time dateTime={day.date}>{day.text}</time>
              </p>
              <Lines text={m.text} />
            </li>
          );
        })}
      </ol>
      {asked && p.open ? <AnswerForm ctx={p.ctx} receipt={p.receipt} draft={p.draft} /> : null}
      {asked && !p.open ? <p data-answers="closed">{p.draft.error ?? t('status.answer.closed')}</p> : null}
      {!p.open && p.draft.text ? (
        <div class="field">
          {/* An answer refused because the report closed meanwhile: kept, to be copied. */}
          <label for="answer">{t('status.answer.label')}</label>
          <textarea id="answer" readonly rows={6}>
            {p.draft.text}
          </textarea>
        </div>
      ) : null}
    </section>
  );
}

export function AnswerForm({ ctx, receipt, draft }: { ctx: PageContext; receipt: string; draft: AnswerDraft }) {
  const { t, locale } = ctx;
  return (
    <form method="post" action={localePath(locale, '/report/status/answer')} accept-charset="utf-8" novalidate>
      <input type="hidden" name="receipt" value={receipt} />
      <TextArea
        name="answer"
        label={t('status.answer.label')}
        hint={t('status.answer.hint')}
        value={draft.text}
        error={draft.error}
        limit={answerLimit(ctx)}
        rows={6}
      />
      <button type="submit">{t('status.answer.submit')}</button>
    </form>
  );
}
