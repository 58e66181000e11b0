// Issue 15, "Words": French is written with the typographic apostrophe, children are spoken to as
// "du"/"tu" wherever a page or a triage step is meant for them, and the slips a new visitor found
// in the texts (the French footer, "Not sure? Try not sure what to do?") stay fixed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { fileHaven } from '../support/haven.ts';
import { visibleText } from '../support/html.ts';

const files = readContentFiles(CONTENT_DIR);

/** Every string of the content files that is the French text of a translated field. */
function frenchFields(value: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) frenchFields(v, `${where}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.fr === 'string' && typeof record.en === 'string') out.push([`${where}.fr`, record.fr]);
    for (const [k, v] of Object.entries(record)) if (k !== 'fr') frenchFields(v, `${where}.${k}`, out);
  }
  return out;
}

/** A Markdown page's prose: link targets and code spans are not prose. */
const prose = (markdown: string) => markdown.replace(/\]\([^)]*\)/g, ']').replace(/`[^`]*`/g, '');

test('French is written with the typographic apostrophe (’), in messages, pages and data', () => {
  const texts: [string, string][] = [];
  // The raw messages: in ICU MessageFormat a straight apostrophe can start quoted text.
  const messages = YAML.parse(fs.readFileSync(path.join(CONTENT_DIR, 'messages', 'fr.yaml'), 'utf8'));
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') texts.push([`messages/fr.yaml: ${key}`, value]);
    else for (const [k, v] of Object.entries(value as object)) walk(v, key ? `${key}.${k}` : k);
  };
  walk(messages, '');
  for (const page of files.pages) {
    const { title, summary, body } = page.translations.fr;
    texts.push([`pages/${page.slug}/fr.md`, `${title}\n${summary}\n${prose(body)}`]);
  }
  texts.push(...frenchFields({ ...files, pages: [] }, 'content'));
  assert.ok(texts.length > 300, `only ${texts.length} French texts found`);
  const straight = texts
    .filter(([, text]) => text.includes("'"))
    .map(([where, text]) => `${where}: ${text.slice(Math.max(0, text.indexOf("'") - 30), text.indexOf("'") + 30)}`);
  assert.deepEqual(straight, []);

  // Every French message still formats, and says what it said (the apostrophe is now plain text).
  const t = translator(loadCatalogue(CONTENT_DIR), 'fr');
  assert.equal(t('receipt.alreadySendAgain'), 'L’envoyer à nouveau et obtenir un numéro');
  assert.match(t('field.urls.hint', { max: 20 }), /^Une adresse par ligne, 20 au maximum\. Copiez-les depuis la barre d’adresse/);
});

/** Any of these words, standing alone ("vous" but not "rendez-vous"); `i` ignores case. */
const words = (list: string, flags = '') => new RegExp(`(?<![\\p{L}-])(${list})(?![\\p{L}-])`, `u${flags}`);

/** The polite "you" of German and French, and the familiar one: markers of who a text speaks to. */
const POLITE = { fr: words('vous|votre|vos', 'i'), de: words('Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen') } as const;
const FAMILIAR = {
  fr: /(?<![\p{L}-])(tu|te|toi|ton|ta|tes)(?![\p{L}-])|(?<!\p{L})t’/iu,
  de: words('du|dich|dir|dein|deine|deinen|deinem|deiner', 'i'),
} as const;

/**
 * The parts of the information pages written for a child or teenager, by the line that starts
 * them: the part runs on to the end of its list or paragraph (or, for a heading, its section).
 */
const CHILD_PARTS: Record<'fr' | 'de', [string, string][]> = {
  fr: [
    ['grooming', 'Si tu es jeune, fais attention'],
    ['grooming', '**Si cela t’arrive :**'],
    ['abuse-material', '**Si cela t’arrive :**'],
    ['prostitution', '**Si cela t’arrive :**'],
    ['questions', '## Je suis un enfant ou un adolescent'],
  ],
  de: [
    ['grooming', 'Wenn du jung bist, pass auf'],
    ['grooming', '**Wenn es dir selbst passiert:**'],
    ['abuse-material', '**Wenn es dir passiert:**'],
    ['prostitution', '**Wenn es dir selbst passiert:**'],
    ['questions', '## Ich bin ein Kind oder Teenager'],
  ],
};

function partOf(body: string, start: string): string | undefined {
  const lines = body.split('\n');
  const first = lines.findIndex((line) => line.startsWith(start));
  if (first === -1) return undefined;
  const section = start.startsWith('## ');
  const part = [lines[first] ?? ''];
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ') || line.startsWith('**')) break;
    // Outside a section, a paragraph after a blank line is no longer the part (its list is).
    if (!section && line.trim() && !/^\s*- /.test(line) && !lines[i - 1]?.trim()) break;
    part.push(line);
  }
  return part.join('\n');
}

test('pages and triage steps meant for children say "du"/"tu"; adults keep "Sie"/"vous"', () => {
  for (const locale of ['fr', 'de'] as const) {
    for (const [slug, start] of CHILD_PARTS[locale]) {
      const body = files.pages.find((p) => p.slug === slug)?.translations[locale].body ?? '';
      const part = partOf(body, start);
      assert.ok(part, `pages/${slug}/${locale}.md has no part for children starting "${start}"`);
      assert.doesNotMatch(part, POLITE[locale], `pages/${slug}/${locale}.md, "${start}…" speaks to a child as an adult`);
      assert.match(part, FAMILIAR[locale], `pages/${slug}/${locale}.md, "${start}…"`);
    }
    // The same pages still speak to parents and other adults politely.
    const grooming = files.pages.find((p) => p.slug === 'grooming')?.translations[locale].body ?? '';
    assert.match(partOf(grooming, locale === 'fr' ? '**Si un enfant vous inquiète :**' : '**Wenn Sie sich um ein Kind sorgen:**') ?? '', POLITE[locale]);

    const triage = files.triage;
    assert.ok(triage);
    const forChildren = triage.outcomes.filter((o) => o.addressesChild);
    assert.deepEqual(
      forChildren.map((o) => o.id),
      ['child-grooming', 'child-images'],
      'the outcomes for a child say they speak to the child',
    );
    for (const o of forChildren) {
      for (const text of [o.title[locale], o.text[locale]]) {
        assert.doesNotMatch(text, POLITE[locale], `triage ${o.id} (${locale}): ${text}`);
        assert.match(text, FAMILIAR[locale], `triage ${o.id} (${locale}): ${text}`);
      }
    }
    // The question that tells a child from an adult is asked of both: it takes neither form.
    for (const step of triage.steps.filter((s) => s.answers.some((a) => a.outcome && forChildren.some((o) => o.id === a.outcome)))) {
      for (const text of [step.question[locale], step.hint?.[locale] ?? '', ...step.answers.map((a) => a.label[locale])]) {
        assert.doesNotMatch(text, POLITE[locale], `triage step ${step.id} (${locale}): ${text}`);
      }
    }
    // A line only for children and young people speaks to them.
    for (const service of files.helpServices.filter((s) => s.audience?.length && s.audience.every((a) => a === 'children' || a === 'young-people'))) {
      assert.doesNotMatch(service.purpose[locale], POLITE[locale], `help service ${service.id} (${locale})`);
    }
  }
});

const started = fileHaven();

const text = visibleText;

test('a triage outcome for a child heads its page in the familiar form', async () => {
  for (const [locale, heading] of [
    ['fr', 'Ce que tu peux faire'],
    ['de', 'Was du tun kannst'],
  ] as const) {
    const page = await started().app.inject({ url: `/${locale}/triage/result/child-grooming` });
    assert.equal(page.statusCode, 200);
    assert.ok(text(page.body).includes(heading), `/${locale}/triage/result/child-grooming says "${heading}"`);
  }
});

test('help cards shown to a child speak to the child, on the child outcomes and on the children’s list', async () => {
  const polite = {
    fr: /Vous pouvez rester anonyme|Appelez pour vous renseigner/,
    de: /Sie können anonym bleiben|Rufen Sie an, um es zu erfahren|erfahren Sie/,
  };
  const familiar = { fr: /Tu peux rester anonyme/, de: /Du kannst anonym bleiben/ };
  for (const locale of ['fr', 'de'] as const) {
    for (const url of [`/${locale}/triage/result/child-grooming`, `/${locale}/help?for=children`]) {
      const page = text((await started().app.inject({ url })).body);
      assert.doesNotMatch(page, polite[locale], url);
      assert.match(page, familiar[locale], url);
    }
    // Adults keep the polite form on the everyone's list.
    assert.match(text((await started().app.inject({ url: `/${locale}/help` })).body), polite[locale]);
  }
});

test('the French footer reads as one sentence per idea, and no link says "Try not sure what to do?"', async () => {
  const fr = await started().app.inject({ url: '/fr/' });
  assert.ok(text(fr.body).includes('en haut de la page. Sur un ordinateur'), 'the French footer says "…en haut de la page. Sur un ordinateur…"');
  assert.ok(!/, Sur un ordinateur/.test(text(fr.body)));
  for (const locale of LOCALES) {
    for (const slug of ['grooming', 'questions']) {
      const page = text((await started().app.inject({ url: `/${locale}/${slug}` })).body);
      assert.doesNotMatch(page, /Try not sure what to do|Essayez que faire|Versuchen Sie Was soll ich tun/i, `/${locale}/${slug}`);
    }
  }
});
