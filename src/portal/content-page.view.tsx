// An information page written in Markdown, with the data blocks some pages carry: the laws at
// a glance on the law page, the terms on the definitions page.
import type { Definition, Law } from '../content/content.schema.ts';
import { Layout } from '../web/layout.view.tsx';
import type { PageContext } from '../web/page-context.ts';

export type ContentPageProps = {
  ctx: PageContext;
  title: string;
  summary: string;
  html: string;
  laws?: Law[] | undefined;
  definitions?: Definition[] | undefined;
};

export function ContentPage({ ctx, title, summary, html, laws, definitions }: ContentPageProps) {
  return (
    <Layout ctx={ctx} title={title} description={summary}>
      <h1>{title}</h1>
      <div dangerouslySetInnerHTML={{ __html: html }} />
      {definitions?.length ? <DefinitionList ctx={ctx} definitions={definitions} /> : null}
      {laws?.length ? <LawTable ctx={ctx} laws={laws} /> : null}
    </Layout>
  );
}

function DefinitionList({ ctx, definitions }: { ctx: PageContext; definitions: Definition[] }) {
  const { t, locale } = ctx;
  return (
    <dl>
      {definitions.map((d) => (
        <div key={d.id}>
          <dt>
            <strong>{d.term[locale]}</strong>
          </dt>
          <dd>
            <p>{d.definition[locale]}</p>
            {d.formerly ? <p>{t('definitions.formerly', { term: d.formerly[locale] })}</p> : null}
            {d.why ? (
              <p>
                <em>{t('definitions.why')}:</em> {d.why[locale]}
              </p>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function LawTable({ ctx, laws }: { ctx: PageContext; laws: Law[] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="laws-at-a-glance">
      <h2 id="laws-at-a-glance">{t('law.table')}</h2>
      <table>
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
              <td>
                {law.penalty ? law.penalty[locale] : t('law.noPenalty')}
                {law.verification !== 'verified' ? <p class="caveat">{t('law.unconfirmed')}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
