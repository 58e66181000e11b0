// Issue 15, content errors: what the pages say is what /work/shared/FACTS.md and the seeds say, and
// a figure the sources flag is shown with its flag, once, where it applies. The law page has one
// notice for what every article shares (texts that may predate the 2023 reform) and a caveat only
// on the rows whose own figures are in doubt.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR, startHaven } from '../../src/haven.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { fileHaven, tempDir } from '../support/haven.ts';
import { visibleText } from '../support/html.ts';

const files = readContentFiles(CONTENT_DIR);
const catalogue = loadCatalogue(CONTENT_DIR);
const say = (locale: Locale, key: string, values?: Record<string, string | number>) => translator(catalogue, locale)(key, values);
const law = (id: string) => files.laws.find((l) => l.id === id);
const body = (slug: string, locale: Locale) => files.pages.find((p) => p.slug === slug)?.translations[locale].body ?? '';

const started = fileHaven();

const text = visibleText;
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
async function page(url: string): Promise<string> {
  const response = await started().app.inject({ url });
  assert.equal(response.statusCode, 200, url);
  return response.body;
}

test('the law page has one notice, first, and a caveat only on the rows whose figures are in doubt', async () => {
  // FACTS.md section 3: ⚠ on arts 375, 372, 379, 383 and 385-2; art. 319 is named only by RTL.
  assert.deepEqual(law('art-375')?.flags, ['sources-conflict']);
  assert.deepEqual(law('art-379-381')?.flags, ['sources-conflict']);
  assert.deepEqual(law('art-385-2')?.flags, ['sources-conflict']);
  assert.deepEqual(law('art-372')?.flags, ['replaced']);
  assert.ok(law('false-alarm')?.flags?.includes('press-only'), 'art. 319 is flagged as named by a press report only');
  for (const id of ['art-140', 'art-384', 'cc-388']) assert.equal(law(id)?.flags, undefined, `${id} has nothing of its own to flag`);

  for (const locale of LOCALES) {
    const html = main(await page(`/${locale}/law`));
    const rows = html.split('<tr').slice(2); // the head row, then one per law
    assert.equal(rows.length, files.laws.length, `/${locale}/law has a row per law`);
    files.laws.forEach((l, i) => {
      const row = rows[i] ?? '';
      const caveats = row.match(/class="caveat"/g)?.length ?? 0;
      assert.equal(caveats, l.flags ? 1 : 0, `/${locale}/law: row ${l.article} has ${caveats} caveats`);
      for (const flag of l.flags ?? []) assert.ok(text(row).includes(say(locale, `law.flag.${flag}`)), `row ${l.article} says why (${flag})`);
      if (l.penalty) assert.ok(text(row).includes(l.penalty[locale]), `row ${l.article} shows its penalty`);
    });
    // Rows with figures in the sources show them (with their flag), not "no penalty".
    for (const id of ['art-375', 'art-379-381']) assert.ok(law(id)?.penalty?.[locale], `${id} gives the penalties of the sources`);

    const words = text(html);
    assert.equal(words.split('legilux.public.lu').length - 1, 1, `/${locale}/law sends to legilux once, in its notice`);
    assert.ok(html.indexOf('legilux.public.lu') < html.indexOf('<h2', html.indexOf('<h2') + 1), 'the notice is the first section');
    assert.doesNotMatch(
      words,
      /According to press reports|Selon la presse, cette loi|Laut Presseberichten|May predate|peut-être antérieure|Möglicherweise vor der Reform/i,
    );
  }
});

test('the age of consent is not pinned on articles no source names', () => {
  // FACTS.md section 4: the age (16) is in the sources; the article that sets it is not.
  for (const l of files.laws) assert.doesNotMatch(l.title.en, /consent/i, `law row ${l.id} attributes the age of consent to art. ${l.article}`);
  for (const locale of LOCALES) assert.match(body('law', locale), /16/, 'the law page still gives the age of consent');
});

test('the Terminology Guidelines were adopted in Luxembourg, not by Luxembourg', () => {
  // seeds/000: "were adopted in Luxembourg in June 2016".
  assert.doesNotMatch(body('definitions', 'en'), /Luxembourg adopted/);
  assert.match(body('definitions', 'en'), /adopted in Luxembourg in June 2016/);
  assert.doesNotMatch(body('definitions', 'fr'), /le Luxembourg a adopté/);
  assert.match(body('definitions', 'fr'), /adoptées au Luxembourg en juin 2016/);
  assert.match(body('definitions', 'de'), /Im Juni 2016 wurden in Luxemburg/);
});

test('only the service is said to be free: no help line is labelled a free call', async () => {
  // FACTS.md section 1: the OKaJu is "free of charge" (kannerrechter.org); nothing says its calls are.
  for (const locale of LOCALES) {
    const html = text(main(await page(`/${locale}/help`)));
    assert.ok(html.includes('28 37 36 35'), `/${locale}/help lists the OKaJu`);
    assert.doesNotMatch(html, /free call|appel gratuit|kostenloser anruf/i, `/${locale}/help`);
  }
});

test('the hotline is named, and the FAQ and the form agree on who opens the addresses', async () => {
  const opens = { en: /This site never opens them/, fr: /Ce site ne les ouvre jamais/, de: /Diese Website öffnet sie nie/ };
  const faq = { en: /server never opens them/, fr: /serveur de ce site ne les ouvre jamais/, de: /Server dieser Website öffnet sie nie/ };
  for (const locale of LOCALES) {
    const questions = text(main(await page(`/${locale}/questions`)));
    assert.ok(questions.includes('BEE SECURE Stopline'), `/${locale}/questions names the BEE SECURE Stopline`);
    assert.match(questions, faq[locale], `/${locale}/questions says this site never opens the addresses`);
    // In no source: content forwarded "abroad, so that it can be removed".
    assert.doesNotMatch(questions, /so that it can be removed|pour qu.il soit retiré|damit er entfernt/i);
    const form = text(main(await page(`/${locale}/report/online`)));
    assert.match(form, opens[locale], `/${locale}/report/online says this site never opens the addresses`);
    assert.doesNotMatch(form, /We never open them|Nous ne les ouvrons jamais|Wir öffnen sie nie/);
    assert.ok(form.includes('BEE SECURE Stopline — demo'), `/${locale}/report/online names its recipient`);
    assert.ok(
      text(main(await page(`/${locale}/report/child-abuse`))).includes('Grand-Ducal Police — demo'),
      `/${locale}/report/child-abuse names its recipient`,
    );
  }
});

test('the Grand Duchess’s patronage, from a source older than the 2025 succession, is flagged and not shown', async () => {
  const patronage = files.operator?.statements?.find((s) => s.id === 'high-patronage');
  assert.ok(patronage, 'content/operator.yaml carries the statement for the editors');
  assert.notEqual(patronage.verification, 'verified');
  assert.match(patronage.note ?? '', /2025/);
  for (const locale of LOCALES) {
    const about = text(main(await page(`/${locale}/about`)));
    assert.doesNotMatch(about, /Patronage|Schirmherrschaft/i, `/${locale}/about`);
    assert.ok(about.includes('ECPAT Luxembourg'));
  }
});

test('a law row cannot be both flagged and verified: start-up stops naming the row', async (t) => {
  const dir = tempDir(t, 'haven-content-');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  const laws = fs.readFileSync(path.join(dir, 'laws.yaml'), 'utf8');
  const at = laws.indexOf('- id: art-375');
  fs.writeFileSync(path.join(dir, 'laws.yaml'), laws.slice(0, at) + laws.slice(at).replace('verification: unverified', 'verification: verified'));
  const config = loadConfig({ DATA_DIR: tempDir(t), LOG_LEVEL: 'silent', SEAL_WORKERS: '0' });
  await assert.rejects(startHaven(config, { contentDir: dir }), /laws\.yaml: \[1\]\.flags: a flagged row cannot be 'verified'/);
});
