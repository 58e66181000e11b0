// Issue 15, titles in the browser's history: a page about what the visitor did or answered (a
// report form, its answers, the triage's questions and outcomes) has a title that names the kind
// of page and not the case ("Report form", not "Child sexual abuse material seen online"); its
// heading still says it. Information pages keep their own titles, which name their topic for
// screen readers and search engines alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { testHaven } from '../support/haven.ts';
import { decodeEntities } from '../support/html.ts';
import { CHANNELS, fieldsFor, newMarker, postForm } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const messages = Object.fromEntries(LOCALES.map((l) => [l, translator(catalogue, l)]));
const titleOf = (html: string) => decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
const h1Of = (html: string) => decodeEntities((/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').replace(/<[^>]*>/g, '')).trim();

test('report forms, and the forms sent back, have a title that does not say what is reported', async (t) => {
  const haven = await testHaven(t);
  const site = messages.en?.('site.name') ?? '';
  for (const locale of LOCALES) {
    const m = messages[locale] as (key: string, values?: Record<string, unknown>) => string;
    for (const channel of CHANNELS) {
      const form = (await haven.app.inject({ url: `/${locale}/report/${channel}` })).body;
      const heading = h1Of(form);
      assert.ok(heading.length > 3, `${locale} ${channel}: the heading names the channel`);
      assert.equal(titleOf(form), `${m('report.pageTitle')} – ${site}`, `${locale} ${channel}: the title`);
      assert.ok(!titleOf(form).includes(heading), `${locale} ${channel}: the title does not repeat "${heading}"`);

      const withErrors = (await postForm(haven.app, `/${locale}/report/${channel}`, {})).body;
      assert.equal(titleOf(withErrors), `${m('report.errorPageTitle', { title: m('report.pageTitle') })} – ${site}`, `${locale} ${channel}: sent back`);
    }
    const receipt = await postForm(haven.app, `/${locale}/report/online`, fieldsFor('online', newMarker()));
    assert.equal(receipt.statusCode, 200);
    assert.equal(titleOf(receipt.body), `${m('receipt.title')} – ${site}`, `${locale}: the receipt's title names no channel`);
  }
});

test('the triage’s titles give the step, not the question or the answer that led there', async (t) => {
  const haven = await testHaven(t, { PUBLIC_URL: 'https://haven.example' });
  const sitemap = (await haven.app.inject({ url: '/sitemap.xml' })).body;
  const paths = [...sitemap.matchAll(/<loc>https:\/\/haven\.example([^<]+)<\/loc>/g)].map((m) => m[1] ?? '').filter((p) => p.includes('/triage'));
  assert.ok(paths.some((p) => p.includes('/triage/result/')) && paths.some((p) => !p.includes('/result/')), 'questions and outcomes');
  for (const path of paths) {
    const locale = path.slice(1, 3);
    const m = messages[locale] as (key: string, values?: Record<string, unknown>) => string;
    const html = (await haven.app.inject({ url: path })).body;
    const heading = h1Of(html);
    assert.ok(!titleOf(html).includes(heading), `${path}: the title "${titleOf(html)}" does not repeat "${heading}"`);
    const kind = path.includes('/result/') ? m('triage.resultTitle') : /^(Question|Frage) \d+/.exec(titleOf(html))?.[0];
    assert.ok(kind && titleOf(html).startsWith(`${kind} – ${m('triage.title')}`), `${path}: "${titleOf(html)}" says which step it is`);
  }
});

test('information pages keep their own titles', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    const html = (await haven.app.inject({ url: `/${locale}/grooming` })).body;
    assert.equal(titleOf(html), `${h1Of(html)} – ${messages[locale]?.('site.name')}`);
  }
});

test('the safety page says which titles stay in the history, quoting the titles the pages really have', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    const m = messages[locale] as (key: string, values?: Record<string, unknown>) => string;
    const html = decodeEntities((await haven.app.inject({ url: `/${locale}/safety` })).body);
    for (const quoted of [m('report.pageTitle'), m('triage.progress', { n: 2 }), m('leave.label')]) {
      assert.ok(html.includes(quoted), `${locale}: the safety page quotes "${quoted}"`);
    }
  }
});
