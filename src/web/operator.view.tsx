// Who runs the site: one line in every page's footer, and the full contact on the pages that
// speak for the operator (about, privacy, accessibility). Only what content/operator.yaml gives is
// shown; a missing field leaves its line out.
import { Fragment } from 'preact';
import type { PageContext, SiteOperator } from './page-context.ts';

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** The footer's line: the operator's name, logo and, in short, how to reach it. */
export function OperatorFooter({ ctx, operator }: { ctx: PageContext; operator: SiteOperator }) {
  const { t } = ctx;
  const reach = [
    operator.address.length ? operator.address.join(', ') : null,
    operator.phone ? <a href={telHref(operator.phone)}>{operator.phone}</a> : null,
    operator.email ? <a href={`mailto:${operator.email}`}>{operator.email}</a> : null,
  ].filter((part) => part !== null);
  return (
    <div class="wrap operator">
      {/* Checked and rewritten by the content loader: plain shapes only, hidden from screen readers. */}
      {operator.logoSvg ? <span dangerouslySetInnerHTML={{ __html: operator.logoSvg }} /> : null}
      <p>{t('operator.runBy', { name: operator.shortName })}</p>
      {reach.length ? (
        <address>
          {reach.map((part, i) => (
            <Fragment key={i}>
              {i ? ' · ' : ''}
              {part}
            </Fragment>
          ))}
        </address>
      ) : null}
    </div>
  );
}

/** The operator's full contact, as a section of a page; on its about page, with what is said about it. */
export function OperatorContact({ ctx, operator, statements: withStatements = false }: { ctx: PageContext; operator: SiteOperator; statements?: boolean }) {
  const { t } = ctx;
  const heading = <h2 id="operator-contact">{t('operator.contact', { name: operator.name })}</h2>;
  const statements = withStatements ? operator.statements.map((text) => <p key={text}>{text}</p>) : null;
  if (!operator.address.length && !operator.phone && !operator.email) {
    return (
      <section aria-labelledby="operator-contact">
        {heading}
        <p>{operator.name}</p>
        {statements}
      </section>
    );
  }
  return (
    <section aria-labelledby="operator-contact">
      {heading}
      {statements}
      <address>
        <dl class="contact">
          {operator.address.length ? (
            <>
              <dt>{t('operator.address')}</dt>
              <dd>
                {operator.name}
                {operator.address.map((line, i) => (
                  <Fragment key={i}>
                    <br />
                    {line}
                  </Fragment>
                ))}
              </dd>
            </>
          ) : null}
          {operator.phone ? (
            <>
              <dt>{t('operator.phone')}</dt>
              <dd>
                <a href={telHref(operator.phone)}>{operator.phone}</a>
              </dd>
            </>
          ) : null}
          {operator.email ? (
            <>
              <dt>{t('operator.email')}</dt>
              <dd>
                <a href={`mailto:${operator.email}`}>{operator.email}</a>
              </dd>
            </>
          ) : null}
        </dl>
      </address>
    </section>
  );
}
