// Accessible form controls: every input has a label, hints, errors and limits are tied to it
// with aria-describedby, and an error summary at the top links to each wrong field.
import type { ComponentChildren } from 'preact';

export type FieldMessage = { field: string; text: string };

/**
 * The most characters a field takes, said beside it before sending. Never `maxlength`: a browser
 * cuts a paste at it without a word, and the end of what was pasted is lost; past the limit the
 * text stays, haven.js says how much too long it is, and the server answers "too long" with
 * everything kept (the GOV.UK character count works the same way). `max` counts as the server
 * does (UTF-16 code units, a line end as one). The four counts are haven.js's "characters left" messages, `#` standing for the
 * number (the script has no ICU): `left`/`over` for most numbers, the `…One` forms for those
 * the locale's plural rules call "one".
 */
export type Limit = { max: number; text: string; left: string; leftOne: string; over: string; overOne: string };

type Common = {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  requiredText?: string;
  limit?: Limit | undefined;
};

function describedBy(p: Common) {
  const ids = [p.hint ? `${p.name}-hint` : '', p.error ? `${p.name}-error` : '', p.limit ? `${p.name}-limit` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/** The limit, after the control; haven.js turns it into a count of characters left. */
function LimitText({ name, limit }: { name: string; limit: Limit | undefined }) {
  if (!limit) return null;
  return (
    <span
      class="limit"
      id={`${name}-limit`}
      data-limit-for={name}
      data-max={limit.max}
      data-left={limit.left}
      data-left-one={limit.leftOne}
      data-over={limit.over}
      data-over-one={limit.overOne}
    >
      {limit.text}
    </span>
  );
}

function Label(p: Common & { for?: string }) {
  return (
    <>
      <label for={p.for ?? p.name}>
        {p.label} {p.requiredText ? <span class="hint-inline">{p.requiredText}</span> : null}
      </label>
      {p.hint ? (
        <span class="hint" id={`${p.name}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {p.error ? (
        <span class="error" id={`${p.name}-error`}>
          {p.error}
        </span>
      ) : null}
    </>
  );
}

export function TextField(p: Common & { value: string; type?: 'text' | 'email' | 'tel'; autocomplete?: string }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <Label {...p} />
      <input
        type={(p.type ?? 'text') as 'text'}
        id={p.name}
        name={p.name}
        value={p.value}
        autocomplete={p.autocomplete ?? 'off'}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-required={p.required ? 'true' : undefined}
      />
      <LimitText name={p.name} limit={p.limit} />
    </div>
  );
}

/** A password: never filled back in after an error (the server does not keep what was typed). */
export function PasswordField(p: Common & { autocomplete: 'current-password' | 'new-password' }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <Label {...p} />
      <input
        type="password"
        id={p.name}
        name={p.name}
        autocomplete={p.autocomplete}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(p: Common & { value: string; rows?: number }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <Label {...p} />
      <textarea
        id={p.name}
        name={p.name}
        rows={p.rows ?? 5}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-required={p.required ? 'true' : undefined}
      >
        {p.value}
      </textarea>
      <LimitText name={p.name} limit={p.limit} />
    </div>
  );
}

export function Select(p: Common & { value: string; options: { value: string; label: string }[]; placeholder: string }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <Label {...p} />
      <select
        id={p.name}
        name={p.name}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-required={p.required ? 'true' : undefined}
      >
        <option value="">{p.placeholder}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Radios(p: Common & { value: string; options: { value: string; label: string }[] }) {
  return (
    <fieldset class={p.error ? 'field invalid' : 'field'} aria-describedby={describedBy(p)} id={p.name}>
      <legend>
        {p.label} {p.requiredText ? <span class="hint-inline">{p.requiredText}</span> : null}
      </legend>
      {p.hint ? (
        <span class="hint" id={`${p.name}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {p.error ? (
        <span class="error" id={`${p.name}-error`}>
          {p.error}
        </span>
      ) : null}
      {p.options.map((o, i) => (
        <div class="choice" key={o.value}>
          <input type="radio" id={i === 0 ? `${p.name}-first` : `${p.name}-${o.value}`} name={p.name} value={o.value} checked={o.value === p.value} />
          <label for={i === 0 ? `${p.name}-first` : `${p.name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function Checkbox(p: Common & { checked: boolean }) {
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      {p.error ? (
        <span class="error" id={`${p.name}-error`}>
          {p.error}
        </span>
      ) : null}
      <div class="choice">
        <input
          type="checkbox"
          id={p.name}
          name={p.name}
          value="yes"
          checked={p.checked}
          aria-describedby={describedBy(p)}
          aria-invalid={p.error ? 'true' : undefined}
        />
        <label for={p.name}>{p.label}</label>
      </div>
    </div>
  );
}

/** Links to each wrong field; the script moves focus here so screen readers announce it.
 *  `always` shows it with no field listed, for a problem that is no field's. */
export function ErrorSummary(p: { title: string; intro?: string; errors: FieldMessage[]; anchor: (field: string) => string; always?: boolean }) {
  if (p.errors.length === 0 && !p.always) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      data-error-summary
      aria-labelledby="error-summary-title"
      aria-describedby={p.intro ? 'error-summary-intro' : undefined}
    >
      <h2 id="error-summary-title">{p.title}</h2>
      {p.intro ? <p id="error-summary-intro">{p.intro}</p> : null}
      {p.errors.length ? (
        <ul>
          {p.errors.map((e) => (
            <li key={e.field + e.text}>
              <a href={`#${p.anchor(e.field)}`}>{e.text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Note(p: { children: ComponentChildren; kind?: 'note' | 'caveat' }) {
  return <div class={p.kind ?? 'note'}>{p.children}</div>;
}
