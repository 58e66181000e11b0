// The language switch of a form page: buttons of the form, not links. Choosing a language sends
// the form to the same page in that language, which shows it again with everything typed in it,
// files nothing and stores nothing (the route answers a request carrying SWITCH_LANGUAGE with the
// form alone, and no error). A link would lose what was typed, with JavaScript or without.
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import type { PageContext } from './page-context.ts';

/** The field a language button sends; its value is the language chosen. */
export const SWITCH_LANGUAGE = 'switch-language';

/** Whether a form was sent only to be shown in another language. */
export function switchesLanguage(body: Record<string, unknown>): boolean {
  return body[SWITCH_LANGUAGE] !== undefined;
}

/**
 * `form`: the form's id; `action`: its address in a language; `send`: its send button's label.
 * The header comes before the form, so a language button would be the form's first button, the
 * one Enter in a field presses (implicit submission): a hidden copy of the send button comes
 * first, so that Enter still sends the form, as it does on a page without this switch.
 */
export function FormLanguageSwitch({ ctx, form, action, send }: { ctx: PageContext; form: string; action: (locale: Locale) => string; send: string }) {
  return (
    <>
      <button type="submit" form={form} hidden>
        {send}
      </button>
      <ul class="langs">
        {LOCALES.map((l) => (
          <li key={l}>
            <button
              type="submit"
              form={form}
              name={SWITCH_LANGUAGE}
              value={l}
              formaction={action(l)}
              formnovalidate
              lang={l}
              aria-current={l === ctx.locale ? 'true' : undefined}
            >
              {LOCALE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
