// The words of a report form's fields: each error's message, each field's limit, and the name a
// field's words go by in the catalogue. Pure functions of the channel and the page's language.
import type { Channel } from '../content/content.schema.ts';
import type { Limit } from '../web/form.view.tsx';
import type { PageContext } from '../web/page-context.ts';
import { characterLimit, type FieldError, FORM_FIELDS, MAX_URLS } from './report-fields.ts';

/**
 * The translated message for one field error: the field's own (error.<field>.<code>: what to do,
 * in the style of the GOV.UK Design System, never the whole label again), or else the code's,
 * which the JSON API gives too, for what only a hand-made request can cause.
 */
export function errorText(ctx: PageContext, channel: Channel, e: FieldError): string {
  const values = { line: (e.index ?? 0) + 1, max: e.max ?? MAX_URLS };
  const own = `error.${wordingOf(channel, e.field)}.${e.code}`;
  const text = ctx.t(own, values);
  // The translator answers a key it does not know with the key itself.
  return text === own ? ctx.t(`error.${e.code}`, values) : text;
}

/** A typed field's limit, said beside it and haven.js counts down from it. */
export function limitOf(ctx: PageContext, channel: Channel, name: string): Limit | undefined {
  const spec = FORM_FIELDS[channel.form].find((f) => f.name === name);
  const max = spec && characterLimit(spec);
  if (!max) return undefined;
  const { t } = ctx;
  return {
    max,
    text: t('field.limit', { max }),
    left: t('field.count.left'),
    leftOne: t('field.count.leftOne'),
    over: t('field.count.over'),
    overOne: t('field.count.overOne'),
  };
}

/** The name a field's words go by in the catalogue: a few fields are asked differently on one form. */
export function wordingOf(channel: Channel, field: string): string {
  if (field === 'category' && channel.form === 'online') return 'categoryOnline';
  if (field === 'description' && channel.form === 'online') return 'descriptionOnline';
  if (field === 'when' && channel.form === 'travel') return 'tripWhen';
  return field;
}
