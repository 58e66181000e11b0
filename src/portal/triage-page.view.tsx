// "Not sure what to do?": one question per page, each answer a plain link, so it works with
// JavaScript off and needs no form or cookie to remember where the visitor is.
import type { Triage } from '../content/content.schema.ts';
import { Layout } from '../web/layout.view.tsx';
import { localePath, type PageContext } from '../web/page-context.ts';
import { ServiceCard } from './help-page.view.tsx';
import { EmergencyNumbers, ReportButtons } from './home-page.view.tsx';
import type { OutcomeBlock } from './portal.service.ts';

type Step = Triage['steps'][number];
type Outcome = Triage['outcomes'][number];

export function triageHref(locale: PageContext['locale'], answer: { next?: string | undefined; outcome?: string | undefined }) {
  return localePath(locale, answer.outcome ? `/triage/result/${answer.outcome}` : `/triage/${answer.next}`);
}

export function TriageStepPage({ ctx, step, number, first }: { ctx: PageContext; step: Step; number: number; first: boolean }) {
  const { t, locale } = ctx;
  const question = step.question[locale];
  return (
    // Titles stay in the browser's history: they give the step's number, not the question or
    // the answer that led here (which can say "it is about me").
    <Layout ctx={ctx} title={`${t('triage.progress', { n: number })} – ${t('triage.title')}`}>
      <p>{t('triage.progress', { n: number })}</p>
      <h1>{question}</h1>
      {first ? <p>{t('triage.intro')}</p> : null}
      {step.hint ? <p class="hint">{step.hint[locale]}</p> : null}
      <ul class="buttons">
        {step.answers.map((a) => (
          <li key={a.id}>
            <a class="button secondary" href={triageHref(locale, a)}>
              {a.label[locale]}
            </a>
          </li>
        ))}
      </ul>
      {first ? null : (
        <p>
          <a href={localePath(locale, '/triage')}>{t('triage.restart')}</a>
        </p>
      )}
    </Layout>
  );
}

export function TriageOutcomePage({ ctx, outcome, blocks }: { ctx: PageContext; outcome: Outcome; blocks: OutcomeBlock[] }) {
  const { t, locale } = ctx;
  return (
    // "Result", in no form of address: a title saying "you" as to a child would tell the history
    // who was answered.
    <Layout ctx={ctx} title={`${t('triage.resultTitle')} – ${t('triage.title')}`}>
      <p>{t(outcome.addressesChild ? 'triage.outcomeChild' : 'triage.outcome')}</p>
      <h1>{outcome.title[locale]}</h1>
      <p class="lead">{outcome.text[locale]}</p>
      {blocks.map((block, i) => {
        switch (block.kind) {
          case 'emergency':
            return <EmergencyNumbers ctx={ctx} numbers={block.numbers} key={i} />;
          case 'help':
            return (
              <ul class="services" key={i}>
                <ServiceCard ctx={ctx} view={block.view} toChild={outcome.addressesChild ?? false} />
              </ul>
            );
          case 'channel':
            return <ReportButtons ctx={ctx} channels={[block.channel]} key={i} />;
          case 'page':
            return (
              <p key={i}>
                <a href={localePath(locale, `/${block.page.slug}`)}>{t('triage.readMore', { title: block.page.translations[locale].title })}</a>
              </p>
            );
          default:
            return null;
        }
      })}
      <p>
        <a href={localePath(locale, '/triage')}>{t('triage.restart')}</a>
      </p>
    </Layout>
  );
}
