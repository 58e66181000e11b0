// An information page written in Markdown, with the data blocks some pages carry: the laws at
// a glance on the law page, the terms on the definitions page, the operator's contact on the
// pages that speak for it.
import type { Definition, Law } from '../content/content.schema.ts';
import { Layout } from '../web/layout.view.tsx';
import { OperatorContact } from '../web/operator.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';

export type ContentPageProps = {
  ctx: PageContext;
  title: string;
  summary: string;
  html: string;
  /** The language of the text when it is not the page's: an editor let a locale fall back to English. */
  lang?: string | undefined;
  laws?: Law[] | undefined;
  definitions?: Definition[] | undefined;
  /** Page titles by slug, for links from a definition to its page. */
  pageTitles?: Map<string, string> | undefined;
  /** End the page with the operator's contact (about, privacy, accessibility). */
  operatorContact?: boolean | undefined;
  /** With the checked statements about the operator (its about page). */
  operatorStatements?: boolean | undefined;
};

export function ContentPage({ ctx, title, summary, html, lang, laws, definitions, pageTitles, operatorContact, operatorStatements }: ContentPageProps) {
  const other = lang && lang !== ctx.locale ? lang : undefined;
  return (
    <Layout ctx={ctx} title={title} description={summary}>
      <h1 lang={other}>{title}</h1>
      {other ? <p class="caveat">{ctx.t('page.notTranslated')}</p> : null}
      <div lang={other} dangerouslySetInnerHTML={{ __html: html }} />
      {definitions?.length ? <DefinitionList ctx={ctx} definitions={definitions} titles={pageTitles ?? new Map()} /> : null}
      {laws?.length ? <LawTable ctx={ctx} laws={laws} /> : null}
      {operatorContact && ctx.operator ? <OperatorContact ctx={ctx} operator={ctx.operator} statements={operatorStatements} /> : null}
    </Layout>
  );
}

function DefinitionList({ ctx, definitions, titles }: { ctx: PageContext; definitions: Definition[]; titles: Map<string, string> }) {
  const { t, locale } = ctx;
  return (
    <>
      {definitions.map((d) => (
        <section key={d.id} aria-labelledby={`term-${d.id}`}>
          <h2 id={`term-${d.id}`}>{d.term[locale]}</h2>
          <p>{d.definition[locale]}</p>
          {d.formerly ? (
            <p>
              <em>{t('definitions.formerly', { term: d.formerly[locale] })}</em> {d.why?.[locale]}
            </p>
          ) : d.why ? (
            <p>{d.why[locale]}</p>
          ) : null}
          {d.page && titles.has(d.page) ? (
            <p>
              <a href={localePath(locale, `/${d.page}`)}>{t('triage.readMore', { title: titles.get(d.page) ?? '' })}</a>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

function LawTable({ ctx, laws }: { ctx: PageContext; laws: Law[] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="laws-at-a-glance">
      <h2 id="laws-at-a-glance">{t('law.table')}</h2>
      {/* "stacked": on a phone each row becomes a block, the penalty named by its data-label (CSS). */}
      <table class="stacked">
        <thead>
          <tr>
            <th scope="col">{t('law.article')}</th>
            <th scope="col">{t('law.covers')}</th>
            <th scope="col">{t('law.penalty')}</th>
          </tr>
        </thead>
        <tbody>
          {laws.map((law) => (
            <tr key={law.id}>
              <th scope="row">
                {law.article}
                <br />
                <small>{t(`law.code.${law.code}`)}</small>
              </th>
              <td>
                <strong>{law.title[locale]}</strong>
                <br />
                {law.summary[locale]}
              </td>
              <td data-label={t('law.penalty')}>
                {law.penalty ? law.penalty[locale] : t('law.noPenalty')}
                {/* What every row shares (texts that may predate the 2023 reform) the page says once,
                    at its top; a row says only what is wrong with its own figures. */}
                {law.flags ? <p class="caveat">{law.flags.map((flag) => t(`law.flag.${flag}`)).join(' ')}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
