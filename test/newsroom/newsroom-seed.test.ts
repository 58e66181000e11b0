// content/publications.yaml: the file holds the seeds' two publications only (title and year, as
// seed 000 lists them), and a broken file stops start-up naming the file and the field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { readPublicationSeeds } from '../../src/newsroom/newsroom.seed.ts';
import { tempDir } from '../support/haven.ts';

test('the seeds are the two ECPAT International publications, by title and year', () => {
  const seeds = readPublicationSeeds(CONTENT_DIR);
  assert.deepEqual(
    seeds.map((s) => [s.id, s.date, s.country, s.texts.en.title, s.texts.en.body]),
    [
      ['country-monitoring-luxembourg-2017', '2017', 'lu', 'Luxembourg – Country Monitoring Report', ''],
      ['regional-overview-europe-2014', '2014', '', 'Regional Overview: The Commercial Sexual Exploitation of Children in Europe', ''],
    ],
  );
  // No invented translation: French and German show the English words, as the editors marked.
  for (const seed of seeds) assert.deepEqual(seed.fallback, ['fr', 'de']);
});

test('a broken publications file names the file and the field', (t) => {
  const dir = tempDir(t);
  const cases: [string, RegExp][] = [
    ['- id: x\n  date: "2017"\n  texts: { en: { title: T } }\n  author: someone\n', /^content\/publications\.yaml: \[0\]\.author: /],
    ['- id: x\n  date: "17 May"\n  texts: { en: { title: T } }\n', /^content\/publications\.yaml: \[0\]\.date: format$/],
    ['- id: Not A Slug\n  date: "2017"\n  texts: { en: { title: T } }\n', /^content\/publications\.yaml: \[0\]\.id: format$/],
    ['- id: x\n  date: "2017"\n  texts: { en: { title: T }, fr: { title: "" } }\n', /^content\/publications\.yaml: \[0\]\.texts\.fr\.title: /],
    ['- id: x\n  date: "2017"\n  texts: { en: { title: T } }\n', /^content\/publications\.yaml: \[0\]\.locale-fr: incomplete$/],
    ['- id: x\n  date: "2017"\n  country: zz\n  texts: { en: { title: T } }\n  fallback: [fr, de]\n', /^content\/publications\.yaml: \[0\]\.country: format$/],
    ['- [oops\n', /^content\/publications\.yaml: /],
  ];
  for (const [text, expected] of cases) {
    fs.writeFileSync(path.join(dir, 'publications.yaml'), text);
    assert.throws(
      () => readPublicationSeeds(dir),
      (error: Error) => error.name === 'ContentError' && expected.test(error.message),
      text,
    );
  }
  fs.rmSync(path.join(dir, 'publications.yaml'));
  assert.deepEqual(readPublicationSeeds(dir), [], 'no file, no seeds');
});
