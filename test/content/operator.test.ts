// Issue 15, "Who runs the site": content/operator.yaml names the operator, and every page says who
// it is and how to reach it; the about, privacy and accessibility pages give the whole contact.
// The file is checked like all content (a broken one stops start-up naming the field), and so is
// its logo, which every page inlines: plain shapes only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { loadPortalContent } from '../../src/content/content.cache.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { checkLogo, LogoError } from '../../src/content/svg-logo.ts';
import { CONTENT_DIR, startHaven } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { publicPaths } from '../../src/portal/portal.service.ts';
import { localePath } from '../../src/web/page-context.ts';
import { tempDir, testHaven } from '../support/haven.ts';
import { visibleText } from '../support/html.ts';

const text = visibleText;
const footer = (html: string) => html.slice(html.indexOf('<footer'), html.indexOf('</footer>'));
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

/** A copy of content/ with operator.yaml (and any other file) replaced. */
function contentWith(t: Parameters<typeof tempDir>[0], replace: Record<string, string>): string {
  const dir = tempDir(t, 'haven-content-');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  for (const [file, body] of Object.entries(replace)) fs.writeFileSync(path.join(dir, file), body);
  return dir;
}

const operatorYaml = () => YAML.parse(fs.readFileSync(path.join(CONTENT_DIR, 'operator.yaml'), 'utf8')) as Record<string, unknown>;

test('the Luxembourg operator is ECPAT Luxembourg, with the contact the seeds give and nothing more', () => {
  // seeds/000: "ECPAT Luxembourg … Phone: +352 26 270809 … Address: 3 rue des Bains, B.P. 848, L-2018 Luxembourg".
  const operator = readContentFiles(CONTENT_DIR).operator;
  assert.equal(operator?.name, 'ECPAT Luxembourg');
  assert.equal(operator?.phone, '+352 26 270809');
  assert.deepEqual(operator?.address, ['3 rue des Bains', 'B.P. 848', 'L-2018 Luxembourg']);
  assert.equal(operator?.email, undefined, 'no seed gives a public e-mail address');
  assert.equal(operator?.logo, undefined, 'no seed holds the logo');
});

test('every page names the operator and how to reach it in its footer; about, privacy and accessibility give the whole contact', async (t) => {
  const haven = await testHaven(t);
  const paths = publicPaths(await loadPortalContent(haven.store));
  let pages = 0;
  for (const locale of LOCALES) {
    for (const p of [...paths, '/no-such-page']) {
      const response = await haven.app.inject({ url: localePath(locale, p) });
      assert.ok([200, 404].includes(response.statusCode), `${localePath(locale, p)}: ${response.statusCode}`);
      const foot = footer(response.body);
      const words = text(foot);
      assert.ok(words.includes(translate(locale)), `${localePath(locale, p)}: the footer does not say who runs the site`);
      assert.ok(words.includes('3 rue des Bains, B.P. 848, L-2018 Luxembourg'), `${localePath(locale, p)}: no postal address in the footer`);
      assert.ok(foot.includes('href="tel:+35226270809"'), `${localePath(locale, p)}: no phone link in the footer`);
      pages++;
    }
    for (const slug of ['about', 'privacy', 'accessibility']) {
      const html = main((await haven.app.inject({ url: `/${locale}/${slug}` })).body);
      assert.ok(html.includes('id="operator-contact"'), `/${locale}/${slug} has no contact section`);
      const words = text(html.slice(html.indexOf('id="operator-contact"')));
      for (const part of ['ECPAT Luxembourg', '3 rue des Bains', 'B.P. 848', 'L-2018 Luxembourg', '+352 26 270809'])
        assert.ok(words.includes(part), `/${locale}/${slug}: the contact lacks ${part}`);
    }
    // Other pages keep to their subject: the contact is in their footer only.
    assert.ok(!(await haven.app.inject({ url: `/${locale}/grooming` })).body.includes('id="operator-contact"'));
  }
  assert.ok(pages > 60, `only ${pages} pages walked`);
});

function translate(locale: string): string {
  return {
    en: 'This site is run by ECPAT Luxembourg.',
    fr: 'Ce site est géré par ECPAT Luxembourg.',
    de: 'Diese Website wird von ECPAT Luxembourg betrieben.',
  }[locale] as string;
}

test('a broken operator.yaml stops start-up with the file and the field named', async (t) => {
  const config = loadConfig({ DATA_DIR: tempDir(t), LOG_LEVEL: 'silent', SEAL_WORKERS: '0' });
  const yaml = (change: Record<string, unknown>) => YAML.stringify({ ...operatorYaml(), ...change });
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a phone that is not a number', { 'operator.yaml': yaml({ phone: 'call us' }) }, /operator\.yaml: phone: /],
    ['an e-mail without @', { 'operator.yaml': yaml({ email: 'ecpat.lu' }) }, /operator\.yaml: email: /],
    ['an empty address', { 'operator.yaml': yaml({ address: [] }) }, /operator\.yaml: address: /],
    ['no name', { 'operator.yaml': YAML.stringify({ phone: '+352 1' }) }, /operator\.yaml: name: /],
    ['an unknown field', { 'operator.yaml': yaml({ fax: '123' }) }, /operator\.yaml: /],
    [
      'a statement without its check',
      { 'operator.yaml': yaml({ statements: [{ id: 'x', text: { en: 'a', fr: 'b', de: 'c' } }] }) },
      /operator\.yaml: statements\[0\]\.verification: /,
    ],
    ['a missing logo file', { 'operator.yaml': yaml({ logo: 'logo.svg' }) }, /operator\.yaml: logo: no file "logo\.svg"/],
    ['a logo path outside content/', { 'operator.yaml': yaml({ logo: '../logo.svg' }) }, /operator\.yaml: logo: /],
    [
      'a logo with a script',
      { 'operator.yaml': yaml({ logo: 'logo.svg' }), 'logo.svg': '<svg viewBox="0 0 10 10"><script>alert(1)</script></svg>' },
      /operator\.yaml: logo: .*logo\.svg: <script> is not allowed/,
    ],
    ['invalid YAML', { 'operator.yaml': 'name: [unclosed' }, /operator\.yaml: /],
  ];
  for (const [name, replace, message] of cases) {
    await assert.rejects(startHaven(config, { contentDir: contentWith(t, replace) }), message, name);
  }
});

test('a logo is inlined in every footer as plain shapes, hidden from screen readers; anything else in it is refused', async (t) => {
  const logo =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><title>Logo</title><path d="M0 0h120v40H0z" fill="#1d4e89"/></svg>';
  const dir = contentWith(t, { 'operator.yaml': YAML.stringify({ ...operatorYaml(), logo: 'operator-logo.svg' }), 'operator-logo.svg': logo });
  const haven = await testHaven(t, {}, { contentDir: dir });
  const html = footer((await haven.app.inject({ url: '/fr/' })).body);
  assert.ok(
    html.includes('<svg viewBox="0 0 120 40" class="logo" aria-hidden="true"><title>Logo</title><path d="M0 0h120v40H0z" fill="#1d4e89"/></svg>'),
    html,
  );

  const refused: [string, RegExp][] = [
    ['<svg viewBox="0 0 1 1" onload="alert(1)"/>', /onload/],
    ['<svg viewBox="0 0 1 1"><path d="M0 0" style="fill:red"/></svg>', /style/],
    ['<svg viewBox="0 0 1 1"><image href="https://example.org/x.png"/></svg>', /<image>/],
    ['<svg viewBox="0 0 1 1"><a href="javascript:alert(1)"><path d="M0 0"/></a></svg>', /<a>/],
    ['<svg viewBox="0 0 1 1"><path d="M0 0" fill="url(https://example.org/#x)"/></svg>', /fill/],
    ['<svg viewBox="0 0 1 1"><foreignObject><p>x</p></foreignObject></svg>', /<foreignObject>/],
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg viewBox="0 0 1 1"/>', /DOCTYPE/],
    ['<svg viewBox="0 0 1 1"><path d="M0 0"></svg>', /never closed|closes/],
    ['<svg width="1" height="1"/>', /viewBox/],
    ['<svg viewBox="0 0 1 1">text</svg>', /text/],
    [`<svg viewBox="0 0 1 1">${'<path d="M0 0"/>'.repeat(1000)}</svg>`, /larger than/],
  ];
  for (const [svg, why] of refused)
    assert.throws(
      () => checkLogo(svg),
      (e: Error) => e instanceof LogoError && why.test(e.message),
      svg.slice(0, 60),
    );
});

test('without operator.yaml the footer names no one, and a checked statement reaches the about page only', async (t) => {
  const dir = contentWith(t, {});
  fs.rmSync(path.join(dir, 'operator.yaml'));
  const bare = await testHaven(t, {}, { contentDir: dir });
  const home = (await bare.app.inject({ url: '/en/' })).body;
  assert.equal(home.includes('class="wrap operator"'), false);

  const checked = contentWith(t, {
    'operator.yaml': YAML.stringify({
      ...operatorYaml(),
      statements: [
        { id: 'checked', text: { en: 'Checked statement.', fr: 'Affirmation vérifiée.', de: 'Geprüfte Aussage.' }, verification: 'verified' },
        { id: 'unchecked', text: { en: 'Unchecked statement.', fr: 'Affirmation non vérifiée.', de: 'Ungeprüfte Aussage.' }, verification: 'unverified' },
      ],
    }),
  });
  const haven = await testHaven(t, {}, { contentDir: checked });
  const about = (await haven.app.inject({ url: '/de/about' })).body;
  assert.ok(about.includes('Geprüfte Aussage.'));
  assert.ok(!about.includes('Ungeprüfte Aussage.'), 'an unchecked statement is shown to visitors');
  assert.ok(!(await haven.app.inject({ url: '/de/privacy' })).body.includes('Geprüfte Aussage.'));
});
