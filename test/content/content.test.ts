// Content is data: every page and message exists in every locale, and a broken file stops the
// server at start-up with the file and the field named.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR, startHaven } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue } from '../../src/i18n/messages.ts';
import { tempDir } from '../support/haven.ts';

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

test('every visitor-facing message exists, non-empty, in en, fr and de', () => {
  const keys = Object.fromEntries(LOCALES.map((l) => [l, flatKeys(YAML.parse(fs.readFileSync(path.join(CONTENT_DIR, 'messages', `${l}.yaml`), 'utf8')))]));
  for (const l of LOCALES) assert.deepEqual([...keys[l]!].sort(), [...keys.en!].sort(), `messages/${l}.yaml has the same keys as en.yaml`);
  const catalogue = loadCatalogue(CONTENT_DIR);
  // Every placeholder of every message given a value (1: a number for plurals, text for the rest).
  const anyValue = new Proxy({}, { has: () => true, get: () => 1 }) as Record<string, number>;
  for (const l of LOCALES) for (const [key, format] of catalogue[l]) assert.ok(String(format.format(anyValue)).trim(), `${l}: ${key} is empty`);
});

test('French and German messages are translations, not copies of English', () => {
  const catalogue = loadCatalogue(CONTENT_DIR);
  const same = (l: 'fr' | 'de') =>
    [...catalogue.en.keys()].filter(
      (k) => catalogue[l].get(k)?.getAst() && JSON.stringify(catalogue[l].get(k)?.getAst()) === JSON.stringify(catalogue.en.get(k)?.getAst()),
    );
  // Words that are the same in both languages ("Haven", fr "parents", "Article", "Question {n}", fr "Menu").
  // The back office's "Code" (a one-time code), fr "Classification", de "Status" and "Newsletter" too.
  const identical = new Set([
    'site.name',
    'help.for.parents',
    'triage.progress',
    'law.article',
    'layout.menu',
    'office.field.code',
    'office.queue.column.classification',
    'office.statistics.column.classification',
    'office.queue.column.status',
    'office.queue.filter.status',
    'newsletter.title',
    'office.newsletter.nav',
    'office.newsletter.title',
    // Country monitoring's office: fr "Version", "Source(s)", "Date".
    'office.monitoring.version',
    'office.monitoring.form.sources',
    'office.monitoring.form.source',
    'office.monitoring.form.factSource',
    'office.monitoring.form.date',
    'newsroom.publications.title',
    'office.newsroom.nav.publications',
    'office.newsroom.publications.title',
    'office.newsroom.list.date',
    'office.newsroom.field.date',
    'office.newsroom.field.body',
    // Editing the site: fr "Pages", "Position", "Date", "Sources", "Version", "Actions".
    'office.editing.group.pages',
    'office.editing.form.order',
    'office.editing.service.date',
    'office.editing.service.sources',
    'office.editing.history.version',
    'office.editing.history.actions',
    // …and de "Text", "Name", "Website".
    'office.editing.form.body',
    'office.editing.service.name',
    'office.editing.service.web',
  ]);
  for (const l of ['fr', 'de'] as const)
    assert.deepEqual(
      same(l).filter((k) => !identical.has(k)),
      [],
      `${l}: untranslated`,
    );
});

test('every page, help service, law, definition, channel and triage step has en, fr and de', () => {
  const files = readContentFiles(CONTENT_DIR);
  assert.ok(files.pages.length >= 14);
  for (const page of files.pages) for (const l of LOCALES) assert.ok(page.translations[l]?.body, `${page.slug}/${l}.md`);
  const expected = [
    'grooming',
    'abuse-material',
    'prostitution',
    'trafficking',
    'travel-and-tourism',
    'definitions',
    'law',
    'questions',
    'safety',
    'about',
    'privacy',
    'accessibility',
  ];
  for (const slug of expected)
    assert.ok(
      files.pages.some((p) => p.slug === slug),
      `page ${slug}`,
    );
  assert.ok(files.triage && files.helpServices.length && files.laws.length && files.definitions.length && files.emergency.length);
});

test('numbers whose service is not identified are carried with their flag and never shown', async (t) => {
  const files = readContentFiles(CONTENT_DIR);
  const hidden = files.helpServices.filter((s) => s.verification === 'not-identified' || s.verification === 'obsolete');
  assert.ok(
    hidden.some((s) => s.phone === '12321'),
    '12321 is carried in the data',
  );
  const haven = await startHaven(loadConfig({ DATA_DIR: tempDir(t), LOG_LEVEL: 'silent', SEAL_WORKERS: '0' }));
  t.after(() => haven.close());
  for (const l of LOCALES) {
    const page = await haven.app.inject({ url: `/${l}/help` });
    assert.equal(page.statusCode, 200);
    for (const s of hidden) if (s.phone) assert.ok(!page.body.includes(s.phone), `${s.phone} is not on /${l}/help`);
    assert.ok(page.body.includes('116 111'));
  }
});

function brokenCopy(t: Parameters<typeof tempDir>[0], edit: (dir: string) => void): string {
  const dir = tempDir(t, 'haven-content-');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

test('a broken content file stops start-up with the file and the field named', async (t) => {
  const config = loadConfig({ DATA_DIR: tempDir(t), LOG_LEVEL: 'silent', SEAL_WORKERS: '0' });
  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      'bad clock',
      (d) =>
        fs.writeFileSync(
          path.join(d, 'help-services.yaml'),
          fs.readFileSync(path.join(d, 'help-services.yaml'), 'utf8').replace('open: "09:00"', 'open: "9 am"'),
        ),
      /help-services\.yaml: \[\d+\]\.hours\.weekly\[0\]\.open/,
    ],
    ['missing translation', (d) => fs.rmSync(path.join(d, 'pages', 'grooming', 'de.md')), /pages\/grooming\/de\.md: missing/],
    [
      'missing message',
      (d) =>
        fs.writeFileSync(path.join(d, 'messages', 'fr.yaml'), fs.readFileSync(path.join(d, 'messages', 'fr.yaml'), 'utf8').replace(/^ {2}tagline:.*$/m, '')),
      /messages\/fr\.yaml: missing site\.tagline/,
    ],
    [
      'dangling triage answer',
      (d) => fs.writeFileSync(path.join(d, 'triage.yaml'), fs.readFileSync(path.join(d, 'triage.yaml'), 'utf8').replace('next: what', 'next: nowhere')),
      /triage\.yaml: steps\[0\]\.answers\[1\]\.next: no step "nowhere"/,
    ],
    ['invalid YAML', (d) => fs.writeFileSync(path.join(d, 'laws.yaml'), '- id: [unclosed'), /laws\.yaml: /],
    [
      'casework field that does not exist',
      (d) =>
        fs.writeFileSync(
          path.join(d, 'casework.yaml'),
          fs.readFileSync(path.join(d, 'casework.yaml'), 'utf8').replace('fields: [content-type,', 'fields: [content-kind,'),
        ),
      /casework\.yaml: \[2\]\.decisions\[0\]\.fields: "content-kind" is not one of the scheme's fields/,
    ],
    [
      'hosted channel without a casework scheme',
      (d) => fs.writeFileSync(path.join(d, 'casework.yaml'), fs.readFileSync(path.join(d, 'casework.yaml'), 'utf8').split('\n- channel: travel')[0] ?? ''),
      /casework\.yaml: the hosted channel "travel" has no scheme/,
    ],
  ];
  for (const [name, edit, message] of cases) {
    await assert.rejects(startHaven(config, { contentDir: brokenCopy(t, edit) }), message, name);
  }
});
