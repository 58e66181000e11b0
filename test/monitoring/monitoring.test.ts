// Country monitoring through the real routes, on SQLite (and on PostgreSQL with TEST_DATABASE_URL):
// the Luxembourg seed is imported (every indicator not yet assessed, its drafts and an editor's
// note never shown; only its checked facts); supervisors and analysts get 403, a POST without its
// CSRF token too; a refused form keeps what was typed; a new assessment shows at once on the public
// page of the same instance; a fact is added and corrected (both versions kept); a second country
// joins the comparison and the sitemap; every change is audited; a version marked out of date
// withdraws an assessment or a fact from the public pages; a second import leaves the editors'
// work alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { importMonitoringSeeds, readMonitoringSeeds } from '../../src/monitoring/monitoring.seed.ts';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.)])/g, '$1');
const get = async (haven: TestHaven, url: string) => {
  const response = await haven.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  return { status: response.statusCode, body: text(response.body), html: response.body, cookie: response.headers['set-cookie'] };
};
/** The part of a country's page about one indicator (its section). */
const indicator = (html: string, id: string) => {
  const start = html.indexOf(`<section aria-labelledby="i-${id}">`);
  return start < 0 ? '' : text(html.slice(start, html.indexOf('</section>', start)));
};

const AGE_OF_CONSENT = {
  state: 'partly',
  verification: 'verified',
  'evidence-en': 'A new reading of the 2023 reform, in English.',
  'evidence-fr': 'Une nouvelle lecture de la réforme de 2023, en français.',
  'evidence-de': 'Eine neue Lesart der Reform von 2023, auf Deutsch.',
  assessedOn: '2026-12-11',
  'source-0-title': 'A checked source',
  'source-0-url': 'https://example.org/source',
  'source-0-published': '2023-07',
};
const ROUTES: [string, Record<string, string>][] = [
  ['/office/monitoring/countries', { country: 'BE' }],
  ['/office/monitoring/lu/indicators/age-of-consent', AGE_OF_CONSENT],
  ['/office/monitoring/lu/facts/new', { kind: 'tip-tier', value: '1', date: '2024', 'source-title': 'x', verification: 'verified' }],
  ['/office/monitoring/lu/facts/tip-tier-2017', { kind: 'tip-tier', value: '2', date: '2017', 'source-title': 'x', verification: 'verified' }],
];

test('country monitoring: the seed, the refusals, the history, the facts, a second country, the audit', async (t) => {
  const haven = await testHaven(t);

  // The seed: Luxembourg's nine indicators, none assessed yet (as seed 000 has them), and its dated facts.
  const list = await get(haven, '/en/monitoring');
  assert.equal(list.status, 200);
  assert.equal(list.cookie, undefined, 'no cookie');
  assert.match(list.body, /Countries we follow Luxembourg/);
  assert.match(list.html, /<table class="stacked" aria-labelledby="compare">/);
  assert.match(list.html, /<th scope="row">Age of consent<\/th><td data-label="Luxembourg">Not yet assessed<\/td>/);
  assert.doesNotMatch(list.html, />In place</, 'no indicator is given a state by the seed');
  const lu = await get(haven, '/en/monitoring/lu');
  assert.equal(lu.status, 200);
  assert.match(indicator(lu.html, 'age-of-consent'), /^ Age of consent Not yet assessed $/, 'the draft waits for the editors');
  assert.match(indicator(lu.html, 'extraterritoriality'), /^ Extraterritoriality and extradition Not yet assessed $/, 'an unchecked version is not shown');
  assert.doesNotMatch(lu.body, /FACTS\.md|extradition\. Our sources|age of sexual consent at 16|22 November 2026/, 'no editor note, no unchecked evidence');
  for (const fact of [
    '20 April 2009: ratification of the 2000 UN protocol on trafficking in persons',
    "2017: Tier 1 in the US State Department's report on trafficking in persons",
    "2023: Tier 1 in the US State Department's report",
    '2018 to 2021: 20 victims of trafficking formally identified by the government',
    '2023: a score of 3.5 out of 10 for human trafficking in the Organised Crime Index',
  ])
    assert.ok(lu.body.includes(fact), fact);
  assert.match(lu.body, /Source: Human trafficking in Luxembourg \(encyclopedia article\), undated/);
  assert.match((await get(haven, '/de/monitoring/lu')).body, /Länder\u00adbeobachtung: Luxemburg/);
  assert.match((await get(haven, '/fr/monitoring/lu')).body, /3,5 sur 10/);
  for (const url of ['/en/monitoring/LU', '/en/monitoring/xx', '/en/monitoring/be']) assert.equal((await get(haven, url)).status, 404, url);
  assert.match((await get(haven, '/en/')).html, /<a href="\/en\/monitoring">Country monitoring<\/a>/, 'the footer link');
  const sitemap = (await get(haven, '/sitemap.xml')).html;
  for (const path of ['/en/monitoring<', '/fr/monitoring/lu<', '/de/monitoring/lu<']) assert.ok(sitemap.includes(path), path);

  // Refusals: supervisors and analysts, on every page and form; and a POST without its CSRF token.
  for (const login of ['hotline-supervisor', 'hotline-analyst']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    for (const url of ['/office/monitoring', '/office/monitoring/lu', '/office/monitoring/lu/indicators/age-of-consent', '/office/monitoring/lu/facts/new'])
      assert.equal((await member.get(url)).statusCode, 403, `${login}: ${url}`);
    for (const [url, fields] of ROUTES) assert.equal((await member.post(url, fields)).statusCode, 403, `${login}: POST ${url}`);
    assert.doesNotMatch((await member.get('/office/')).body, /href="\/office\/monitoring"/, `${login}: no link`);
  }
  const editor = await signedInEditor(haven);
  for (const [url, fields] of ROUTES) assert.equal((await editor.post(url, fields, { csrf: null })).statusCode, 403, `no CSRF: ${url}`);

  const office = await editor.get('/office/monitoring/lu');
  assert.equal(office.statusCode, 200);
  assert.match(office.body, /href="\/office\/monitoring"/, 'the link in the menu');
  assert.match(text(office.body), /To be checked: not shown to visitors/, 'the editors see the flag');
  assert.match(text(office.body), /Extradition: no stored source/, 'and the note');

  // A refused assessment: every message at its field, everything typed kept.
  const refused = await editor.post('/office/monitoring/lu/indicators/age-of-consent', {
    ...AGE_OF_CONSENT,
    'evidence-de': '',
    assessedOn: '2026-13-01',
    'source-0-url': 'ftp://example.org/x',
  });
  assert.equal(refused.statusCode, 400);
  for (const message of ['Give the evidence in this language', 'Enter a day, like 2026-11-22', 'Enter an address that starts with https://'])
    assert.ok(text(refused.body).includes(message), message);
  for (const typed of [AGE_OF_CONSENT['evidence-en'], AGE_OF_CONSENT['evidence-fr'], 'ftp://example.org/x', '2026-13-01', 'A checked source'])
    assert.ok(refused.body.includes(typed), `kept: ${typed}`);
  assert.match(refused.body, /href="#evidence-de"/, 'the summary links to the field');

  // A new assessment: saved as version 2 and shown at once; the unchecked draft before it is not history.
  const saved = await editor.post('/office/monitoring/lu/indicators/age-of-consent', AGE_OF_CONSENT);
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/office/monitoring/lu?done=assessed#i-age-of-consent');
  const after = indicator((await get(haven, '/en/monitoring/lu')).html, 'age-of-consent');
  assert.match(after, /Partly in place \(assessed on 11 December 2026\) A new reading of the 2023 reform, in English\. Source: A checked source, July 2023/);
  assert.doesNotMatch(after, /earlier assessment|age of sexual consent at 16/);
  assert.match((await get(haven, '/de/monitoring/lu')).body, /Eine neue Lesart der Reform von 2023/);
  assert.match((await get(haven, '/en/monitoring')).html, /<th scope="row">Age of consent<\/th><td data-label="Luxembourg">Partly in place<\/td>/);
  const versions = await haven.store.db
    .selectFrom('monitoring_assessments')
    .select(['version', 'state'])
    .where('country_id', '=', 'LU')
    .where('indicator', '=', 'age-of-consent')
    .orderBy('version')
    .execute();
  assert.deepEqual(versions, [
    { version: 1, state: 'not-assessed' },
    { version: 2, state: 'partly' },
  ]);

  // An assessment still to be checked stays with the editors.
  const unchecked = { ...AGE_OF_CONSENT, state: 'in-place', verification: 'unverified', 'evidence-en': 'Not checked yet.' };
  assert.equal((await editor.post('/office/monitoring/lu/indicators/police-unit', unchecked)).statusCode, 303);
  assert.match(indicator((await get(haven, '/en/monitoring/lu')).html, 'police-unit'), /Not yet assessed/);
  assert.doesNotMatch((await get(haven, '/en/monitoring/lu')).body, /Not checked yet/);

  // Facts: a new one, a duplicate refused, a correction that keeps the earlier version.
  const fact = { kind: 'tip-tier', value: '2-watch', date: '2024', 'source-title': 'A report', 'source-published': '2024', verification: 'verified' };
  assert.equal((await editor.post('/office/monitoring/lu/facts/new', fact)).statusCode, 303);
  const duplicate = await editor.post('/office/monitoring/lu/facts/new', { ...fact, date: '2017' });
  assert.equal(duplicate.statusCode, 400);
  assert.ok(text(duplicate.body).includes('already recorded for this date'), 'the duplicate is refused');
  const wrongValue = await editor.post('/office/monitoring/lu/facts/new', { ...fact, value: 'first', date: '2025' });
  assert.equal(wrongValue.statusCode, 400);
  assert.ok(text(wrongValue.body).includes('Enter 1, 2, 2-watch or 3'));
  const corrected = await editor.post('/office/monitoring/lu/facts/tip-tier-2017', { ...fact, value: '2', date: '2017', 'source-title': 'The 2017 report' });
  assert.equal(corrected.statusCode, 303);
  const facts = (await get(haven, '/en/monitoring/lu')).body;
  assert.ok(facts.includes("2024: Tier 2 Watch List in the US State Department's report"), 'the new fact');
  assert.ok(facts.includes("2017: Tier 2 in the US State Department's report"), 'the correction');
  assert.ok(!facts.includes('2017: Tier 1 in'), 'the corrected version is no longer shown');
  const history = await haven.store.db
    .selectFrom('monitoring_facts')
    .select(['version', 'value'])
    .where('fact_id', '=', 'tip-tier-2017')
    .orderBy('version')
    .execute();
  assert.deepEqual(history, [
    { version: 1, value: '1' },
    { version: 2, value: '2' },
  ]);
  assert.match(text((await editor.get('/office/monitoring/lu')).body), /1 earlier version/);

  // A second country: followed, compared, in the sitemap; a second time or an unknown code is refused.
  const added = await editor.post('/office/monitoring/countries', { country: 'BE' });
  assert.equal(added.statusCode, 303);
  assert.equal(added.headers.location, '/office/monitoring/be?done=added');
  assert.equal((await editor.post('/office/monitoring/countries', { country: 'BE' })).statusCode, 400);
  const unknown = await editor.post('/office/monitoring/countries', { country: 'XX' });
  assert.equal(unknown.statusCode, 400);
  assert.ok(text(unknown.body).includes('Choose a country from the list'));
  const compared = await get(haven, '/en/monitoring');
  assert.match(
    compared.html,
    /<th scope="row">Age of consent<\/th><td data-label="Luxembourg">Partly in place<\/td><td data-label="Belgium">Not yet assessed<\/td>/,
  );
  assert.equal((await get(haven, '/fr/monitoring/be')).status, 200);
  assert.ok((await get(haven, '/sitemap.xml')).html.includes('/de/monitoring/be<'), 'the new country in the sitemap');

  // The audit log: each change, by the editor, in order.
  const entries = await haven.store.db
    .selectFrom('audit_log')
    .select(['actor', 'action', 'subject'])
    .where('action', 'like', 'monitoring.%')
    .orderBy('seq')
    .execute();
  const editorActor = entries.find((e) => e.action !== 'monitoring.imported')?.actor ?? '';
  assert.match(editorActor, /^account:/);
  assert.deepEqual(
    entries.map((e) => [e.action, e.subject, e.actor === editorActor || e.actor]),
    [
      ['monitoring.imported', 'content', 'content-import'],
      ['monitoring.assessed', 'monitoring:LU/age-of-consent', true],
      ['monitoring.assessed', 'monitoring:LU/police-unit', true],
      ['monitoring.fact-recorded', 'monitoring:LU/fact/tip-tier-2024', true],
      ['monitoring.fact-corrected', 'monitoring:LU/fact/tip-tier-2017', true],
      ['monitoring.country-added', 'monitoring:BE', true],
    ],
  );

  // Withdrawn: a newest version marked out of date takes the assessment and the fact off the public
  // pages (the comparison too), and the editors still see every version.
  const withdraw = { ...AGE_OF_CONSENT, verification: 'obsolete' };
  assert.equal((await editor.post('/office/monitoring/lu/indicators/age-of-consent', withdraw)).statusCode, 303);
  const outOfDate = { kind: 'oci-trafficking', value: '3.5', date: '2023', 'source-title': 'Human trafficking in Luxembourg', verification: 'obsolete' };
  assert.equal((await editor.post('/office/monitoring/lu/facts/oci-trafficking-2023', outOfDate)).statusCode, 303);
  const withdrawn = await get(haven, '/en/monitoring/lu');
  assert.match(indicator(withdrawn.html, 'age-of-consent'), /^ Age of consent Not yet assessed $/);
  assert.ok(!withdrawn.body.includes('Organised Crime Index'), 'the fact is withdrawn');
  assert.ok(withdrawn.body.includes("2017: Tier 2 in the US State Department's report"), 'the other facts stay');
  assert.match((await get(haven, '/en/monitoring')).html, /<th scope="row">Age of consent<\/th><td data-label="Luxembourg">Not yet assessed<\/td>/);
  assert.match(text((await editor.get('/office/monitoring/lu')).body), /Out of date: not shown to visitors/);

  // A second import (a restart) adds nothing and leaves the editors' versions as they are.
  assert.equal(await importMonitoringSeeds(haven.store, haven.keys, readMonitoringSeeds(CONTENT_DIR)), 0);
  const latest = await haven.store.db
    .selectFrom('monitoring_assessments')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('indicator', '=', 'age-of-consent')
    .executeTakeFirstOrThrow();
  assert.equal(Number(latest.v), 3);
});
