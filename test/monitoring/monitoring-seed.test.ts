// The seed files under content/monitoring/: Luxembourg's gives all nine indicators, every one not
// yet assessed as seed 000 has them (the drafts kept for the editors, unchecked), and the dated
// facts of seed 003 with nothing added; a broken file is refused with its name and the field, by
// the reader and at start-up, before any of it is imported; two instances importing at once both
// start, and the seed is imported once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { CONTENT_DIR } from '../../src/haven.ts';
import { INDICATORS } from '../../src/monitoring/monitoring.model.ts';
import { importMonitoringSeeds, MonitoringSeedError, readMonitoringSeeds } from '../../src/monitoring/monitoring.seed.ts';
import { tempDir, testHaven } from '../support/haven.ts';

const luxembourg = () =>
  YAML.parse(fs.readFileSync(path.join(CONTENT_DIR, 'monitoring', 'lu.yaml'), 'utf8')) as Record<string, unknown> & {
    assessments: Record<string, unknown>[];
    facts: Record<string, unknown>[];
  };

test("Luxembourg's seed: nine indicators not yet assessed, the facts of seed 003 and no others", () => {
  const [lu, ...others] = readMonitoringSeeds(CONTENT_DIR);
  assert.equal(others.length, 0);
  assert.equal(lu?.country, 'LU');
  assert.deepEqual(lu?.assessments.map((a) => a.indicator).sort(), [...INDICATORS].sort());
  for (const a of lu?.assessments ?? []) {
    assert.equal(a.state, 'not-assessed', `${a.indicator}: seed 000 has it "Not Yet Assessed"`);
    assert.equal(a.assessedOn, undefined, `${a.indicator}: no assessment, so no date of one`);
    // A draft of evidence is for the editors to check, never shown as checked.
    if (Object.values(a.evidence ?? {}).some((words) => words.trim())) assert.equal(a.verification, 'unverified', `${a.indicator}: a draft`);
  }
  const ageOfConsent = lu?.assessments.find((a) => a.indicator === 'age-of-consent');
  assert.match(ageOfConsent?.evidence?.en ?? '', /age of sexual consent at 16/, 'the draft is kept for the editors');
  assert.deepEqual(
    lu?.facts?.map((f) => [f.kind, f.value ?? null, f.date, f.until ?? null]),
    [
      ['tip-protocol', null, '2009-04-20', null],
      ['tip-tier', '1', '2017', null],
      ['tip-tier', '1', '2023', null],
      ['victims-identified', '20', '2018', '2021'],
      ['oci-trafficking', '3.5', '2023', null],
    ],
  );
  // The article gives no date or address: none is made up.
  for (const fact of lu?.facts ?? []) assert.deepEqual(Object.keys(fact.source), ['title']);
});

test('a broken seed file is refused, naming the file and the field', async (t) => {
  const cases: [string, (seed: ReturnType<typeof luxembourg>) => unknown, RegExp][] = [
    ['an unknown state', (s) => Object.assign(s.assessments[0] ?? {}, { state: 'maybe' }), /^content\/monitoring\/lu\.yaml: assessments\[0\]\.state: /],
    [
      'a state without evidence in French',
      (s) => Object.assign(s.assessments[0] ?? {}, { state: 'in-place', assessedOn: '2026-12-01', evidence: { en: 'x', fr: '', de: 'y' } }),
      /^content\/monitoring\/lu\.yaml: assessments\[0\]\.evidence\.fr: is required in every locale/,
    ],
    ['a date that does not exist', (s) => Object.assign(s.assessments[0] ?? {}, { assessedOn: '2026-02-30' }), /assessments\[0\]\.assessedOn: must be a day/],
    [
      'an indicator twice',
      (s) => Object.assign(s.assessments[1] ?? {}, { indicator: 'age-of-consent' }),
      /assessments\[1\]\.indicator: "age-of-consent" is given twice/,
    ],
    ['a wrong tier', (s) => Object.assign(s.facts[1] ?? {}, { value: 'one' }), /facts\[1\]\.value: must be one of 1, 2, 2-watch, 3/],
    ['another country in lu.yaml', (s) => Object.assign(s, { country: 'FR' }), /lu\.yaml: country: "FR" differs from the file's name/],
    ['an unknown field', (s) => Object.assign(s.facts[0] ?? {}, { figure: 1 }), /facts\[0\]: Unexpected property|facts\[0\]\.figure/],
  ];
  for (const [label, breakIt, expected] of cases) {
    const dir = tempDir(t, 'haven-monitoring-');
    const seed = luxembourg();
    breakIt(seed);
    fs.mkdirSync(path.join(dir, 'monitoring'));
    fs.writeFileSync(path.join(dir, 'monitoring', 'lu.yaml'), YAML.stringify(seed));
    assert.throws(
      () => readMonitoringSeeds(dir),
      (error: Error) => error instanceof MonitoringSeedError && expected.test(error.message),
      label,
    );
  }

  // At start-up: Haven does not start, and says which file.
  const content = tempDir(t, 'haven-content-');
  fs.cpSync(CONTENT_DIR, content, { recursive: true });
  fs.writeFileSync(path.join(content, 'monitoring', 'lu.yaml'), 'country: LU\nassessments: [ {');
  await assert.rejects(testHaven(t, {}, { contentDir: content }), /content\/monitoring\/lu\.yaml: /);
});

test('two instances importing the seed at the same moment both start, and it is imported once', async (t) => {
  // A Haven without the seed folder, so that both imports below find an empty database.
  const content = tempDir(t, 'haven-content-');
  fs.cpSync(CONTENT_DIR, content, { recursive: true });
  fs.rmSync(path.join(content, 'monitoring'), { recursive: true });
  const haven = await testHaven(t, {}, { contentDir: content });
  const seeds = readMonitoringSeeds(CONTENT_DIR);
  const [lu] = seeds;
  assert.ok(lu);
  const all = 1 + lu.assessments.length + (lu.facts ?? []).length;

  const added = await Promise.all([importMonitoringSeeds(haven.store, haven.keys, seeds), importMonitoringSeeds(haven.store, haven.keys, seeds)]);
  assert.equal(added[0] + added[1], all, `${added.join(' + ')}: every row once`);
  const rows = async (table: 'monitoring_assessments' | 'monitoring_facts') =>
    (await haven.store.db.selectFrom(table).select('version').execute()).map((r) => r.version);
  assert.deepEqual(
    await rows('monitoring_assessments'),
    lu.assessments.map(() => 1),
  );
  assert.deepEqual(
    await rows('monitoring_facts'),
    (lu.facts ?? []).map(() => 1),
  );
  const imported = await haven.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'monitoring.imported').execute();
  assert.equal(imported.length, added.filter((n) => n > 0).length, 'an entry for each import that added something');
  assert.equal(await importMonitoringSeeds(haven.store, haven.keys, seeds), 0, 'and a third one adds nothing');
});
