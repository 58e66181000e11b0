// What the public pages are made of, without a server: visitors get each indicator's latest checked
// assessment (a newer one still to be checked waits), each fact's latest checked version, nothing
// of an item whose newest decided version is out of date or not identified (withdrawn), and the
// related publications only when the publications section gives some (nothing otherwise).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR, PUBLIC_DIR } from '../../src/haven.ts';
import { loadCatalogue } from '../../src/i18n/messages.ts';
import { publicAssessments, publicFacts } from '../../src/monitoring/monitoring.data.ts';
import type { Assessment, CountryRecord, Fact, MonitoringData } from '../../src/monitoring/monitoring.model.ts';
import { INDICATORS } from '../../src/monitoring/monitoring.model.ts';
import { presentCountry } from '../../src/monitoring/monitoring.presenter.ts';
import { CountryPage } from '../../src/monitoring/monitoring.view.tsx';
import { loadAssets } from '../../src/web/assets.ts';
import { createPageContexts } from '../../src/web/page-context.ts';
import { renderDocument } from '../../src/web/render.ts';

const contexts = createPageContexts({
  catalogue: loadCatalogue(CONTENT_DIR),
  assets: loadAssets(PUBLIC_DIR),
  leaveUrl: 'https://leave.example',
  publicUrl: 'https://haven.example',
  footer: () => [],
});

const assessment = (version: number, state: Assessment['state'], verification: Assessment['verification'], words: string): Assessment => ({
  version,
  state,
  evidence: { en: words, fr: words, de: words },
  sources: [{ title: `Source ${version}`, published: '2020' }],
  assessedOn: `2026-01-0${version}`,
  verification,
  note: `note ${version}`,
  recordedAt: '2026-01-01T00:00:00Z',
  recordedBy: 'account:x',
});
const fact = (version: number, value: string, verification: Fact['verification']): Fact => ({
  id: 'tip-tier-2017',
  version,
  kind: 'tip-tier',
  value,
  date: '2017',
  until: undefined,
  source: { title: 'A report' },
  verification,
  note: undefined,
  recordedAt: '2026-01-01T00:00:00Z',
  recordedBy: 'account:x',
});

const record: CountryRecord = {
  code: 'LU',
  position: 0,
  assessments: {
    ...(Object.fromEntries(INDICATORS.map((i) => [i, []])) as unknown as CountryRecord['assessments']),
    // Newest first: version 3 waits to be checked, 2 is current, 1 is history.
    'age-of-consent': [
      assessment(3, 'not-in-place', 'unverified', 'Third, unchecked.'),
      assessment(2, 'partly', 'verified', 'Second.'),
      assessment(1, 'in-place', 'verified', 'First.'),
    ],
  },
  facts: [[fact(2, '3', 'unverified'), fact(1, '2', 'verified')]],
};
const data: MonitoringData = { countries: [record] };
const render = (related?: Parameters<typeof presentCountry>[3], from: MonitoringData = data) => {
  const country = presentCountry(from, 'lu', 'en', related);
  assert.ok(country);
  return renderDocument(<CountryPage ctx={contexts.context('en', '/monitoring/lu')} country={country} />);
};

test('visitors see the latest checked versions, the earlier checked ones as history, never notes', () => {
  const html = render();
  assert.match(html, /<strong>Partly in place<\/strong> \(assessed on 2 January 2026\)<\/p><p>Second\.<\/p>/);
  assert.match(html, /<summary>1 earlier assessment<\/summary><ol><li><p><strong>In place<\/strong>/);
  assert.doesNotMatch(html, /Third, unchecked|Not in place<|note \d/);
  assert.match(html, /2017: Tier 2 in the US State Department/);
  assert.doesNotMatch(html, /Tier 3/);
  assert.equal(presentCountry(data, 'LU', 'en'), undefined, 'one address per country');
});

test('related publications: listed when the publications section gives some, nothing otherwise', () => {
  assert.doesNotMatch(render(), /Related publications/);
  assert.doesNotMatch(
    render(() => []),
    /Related publications/,
  );
  const asked: string[] = [];
  const html = render((country, locale) => {
    asked.push(`${country}/${locale}`);
    return [{ href: '/en/publications/country-monitoring-luxembourg-2017', title: 'Luxembourg – Country Monitoring Report', year: 2017 }];
  });
  assert.deepEqual(asked, ['lu/en']);
  assert.match(
    html,
    /<h2 id="publications">Related publications<\/h2><ul><li><a href="\/en\/publications\/country-monitoring-luxembourg-2017">Luxembourg – Country Monitoring Report<\/a> \(2017\)<\/li><\/ul>/,
  );
});

test('a newest version out of date or not identified withdraws the item; one still to be checked waits', () => {
  const versions = (v: Assessment[]) => publicAssessments(v);
  const [checked2, checked1] = [assessment(2, 'partly', 'verified', 'Second.'), assessment(1, 'in-place', 'verified', 'First.')];
  for (const flag of ['obsolete', 'not-identified'] as const) {
    assert.deepEqual(versions([assessment(3, 'partly', flag, 'Withdrawn.'), checked2, checked1]), { current: undefined, earlier: [] }, flag);
    assert.deepEqual(publicFacts([[fact(3, '3', flag), fact(2, '2', 'verified')]]), [], flag);
  }
  // Still to be checked: the latest checked version shows meanwhile.
  assert.deepEqual(versions([assessment(3, 'not-in-place', 'unverified', 'Draft.'), checked2, checked1]), { current: checked2, earlier: [checked1] });
  assert.deepEqual(publicFacts([[fact(3, '3', 'unverified'), fact(2, '2', 'verified')]]), [fact(2, '2', 'verified')]);
  // A draft after a withdrawal does not bring the withdrawn version back; a checked one shows again.
  const obsolete = assessment(2, 'partly', 'obsolete', 'Out of date.');
  assert.deepEqual(versions([assessment(3, 'partly', 'unverified', 'Draft.'), obsolete, checked1]), { current: undefined, earlier: [] });
  assert.deepEqual(publicFacts([[fact(3, '3', 'unverified'), fact(2, '2', 'obsolete'), fact(1, '1', 'verified')]]), []);
  const again = assessment(3, 'not-in-place', 'verified', 'Third.');
  assert.deepEqual(versions([again, obsolete, checked1]), { current: again, earlier: [checked1] });

  // On the page: the indicator is "not yet assessed", the fact is gone.
  const withdrawn: MonitoringData = {
    countries: [
      {
        ...record,
        assessments: { ...record.assessments, 'age-of-consent': [assessment(3, 'partly', 'obsolete', 'Withdrawn.'), checked2, checked1] },
        facts: [[fact(2, '3', 'obsolete'), fact(1, '2', 'verified')]],
      },
    ],
  };
  const html = render(undefined, withdrawn);
  assert.doesNotMatch(html, /Withdrawn\.|Second\.|First\.|Tier \d/);
  const section = html.slice(html.indexOf('<section aria-labelledby="i-age-of-consent">'));
  assert.match(section.slice(0, section.indexOf('</section>')), /Not yet assessed/);
});
