// Issue 15, the status page as a reporter reads it: a wrong number is told plainly that no report
// has it and how to check it; a time kept only to the hour is not shown as exact; and every
// answer says what each status means and what happens next, in the visitor's language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { REPORTER_STATUSES } from '../../src/reports/report-status.ts';
import { testHaven } from '../support/haven.ts';
import { decodeEntities, startTags, textById, visibleText } from '../support/html.ts';
import { fileByApi, postForm } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const messages = Object.fromEntries(LOCALES.map((l) => [l, translator(catalogue, l)]));
const text = visibleText;

/** The meaning the page gives each status, read from its definition list. */
function meanings(html: string): Map<string, string> {
  const list = /<dl class="status-meanings">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  return new Map(
    [...list.matchAll(/<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)].map((m) => [decodeEntities(m[1] ?? '').trim(), decodeEntities(m[2] ?? '').trim()]),
  );
}

test('a wrong number is told that no report has it, and how to check it', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  for (const locale of LOCALES) {
    const m = messages[locale] as (key: string) => string;
    const page = await postForm(haven.app, `/${locale}/report/status`, { receipt: '7KQM-3XH9-P2DW-8RTW' });
    assert.equal(page.statusCode, 404);
    assert.equal(textById(page.body, 'error-summary-title'), m('status.notFoundTitle'), `${locale}: the box says no report has this number`);
    assert.notEqual(m('status.notFoundTitle'), m('report.errorTitle'));
    assert.ok(!text(page.body).includes(m('report.errorTitle')), `${locale}: not "${m('report.errorTitle')}", as if the report had a problem`);
    assert.equal(textById(page.body, 'error-summary-intro'), m('status.notFoundHelp'), `${locale}: how to check the number`);
    assert.match(m('status.notFoundHelp'), /7KQM-3XH9-P2DW-8RTV/, `${locale}: the help shows what a number looks like`);
    assert.equal(textById(page.body, 'receipt-error'), m('status.notFound'), `${locale}: the field says it too`);
  }
});

test('a found report gives the day it arrived, not an hour presented as exact', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const receipt = await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date());
  for (const locale of LOCALES) {
    const page = await postForm(haven.app, `/${locale}/report/status`, { receipt });
    assert.equal(page.statusCode, 200);
    const times = startTags(page.body).filter((tag) => tag.name === 'time');
    assert.equal(times.length, 1, `${locale}: one entry`);
    assert.match(times[0]?.attrs.get('datetime') ?? '', /^\d{4}-\d\d-\d\d$/, `${locale}: the machine-readable value is a day`);
    // Around midnight the report may have arrived the day before the test looked.
    assert.ok(
      [today, new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date(Date.now() - 3_600_000))].includes(
        times[0]?.attrs.get('datetime') ?? '',
      ),
      `${locale}: the day in Luxembourg`,
    );
    const shown = /<time[^>]*>([^<]*)<\/time>/.exec(page.body)?.[1] ?? '';
    assert.ok(shown, `${locale}: a day is shown`);
    assert.doesNotMatch(decodeEntities(shown), /\d{1,2}[:.h]\d\d|AM|PM|Uhr/i, `${locale}: no time of day in "${shown}"`);
    assert.equal(
      decodeEntities(shown),
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Luxembourg' }).format(new Date(`${times[0]?.attrs.get('datetime')}T12:00:00Z`)),
    );
  }
});

test('every answer of the status page says what each status means, in the visitor’s language', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '1000' });
  const receipt = await fileByApi(haven.app, 'online', { urls: ['https://example.org/a'], category: 'images' });
  for (const locale of LOCALES) {
    const m = messages[locale] as (key: string) => string;
    const expected = new Map(REPORTER_STATUSES.map((s) => [m(`status.value.${s}`), m(`status.meaning.${s}`)]));
    for (const [what, page] of [
      ['before a look-up', await haven.app.inject({ url: `/${locale}/report/status` })],
      ['a found report', await postForm(haven.app, `/${locale}/report/status`, { receipt })],
      ['a wrong number', await postForm(haven.app, `/${locale}/report/status`, { receipt: 'nope' })],
    ] as const) {
      assert.deepEqual(meanings(page.body), expected, `${locale}, ${what}: a line for each of the ${REPORTER_STATUSES.length} statuses`);
      assert.ok(text(page.body).includes(m('status.meaningsTitle')), `${locale}, ${what}: under its heading`);
    }
    if (locale !== 'en') {
      for (const s of REPORTER_STATUSES) assert.notEqual(m(`status.meaning.${s}`), messages.en?.(`status.meaning.${s}`), `${locale}: ${s} is translated`);
    }
  }
});
