// The same form sent twice files one report and shows the same number: a double tap, a reloaded
// receipt page, a browser resending, a second try after "send it again", or the second send
// reaching another instance. The number is kept only sealed, under a key only the form gives, and
// only for a short while: later, the same form is answered "already received", with a way to send
// it as a new report. A form changed and sent again is a new report, and nothing typed is ever
// turned away unsaved. A language button of the form shows it again in another language, with
// everything typed, and files nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { formatReceipt, parseReceipt } from '../../src/crypto/receipt.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { coarseHour } from '../../src/intake/prepare-report.ts';
import { forgetSubmissions } from '../../src/intake/report-pipeline.ts';
import { freshPostgres, type TestHaven, teardownInReverse, tempDir, testHaven } from '../support/haven.ts';
import { decodeEntities, fieldValue, htmlLang, isChecked, selectedOption, startTags } from '../support/html.ts';
import { filesUnder, findInFiles, findInPostgres, type Hit } from '../support/leaks.ts';
import { CHANNELS, countReports, FORM, fieldsFor, formEncode, newMarker, postForm, type ReportFields, receiptOnPage } from '../support/reports.ts';
import { startServer } from '../support/server-process.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
const HOUR = 60 * 60 * 1000;

/** The hidden fields of a page's form, as a browser would send them. */
function hiddenFields(html: string): Map<string, string> {
  return new Map(
    startTags(html)
      .filter((tag) => tag.name === 'input' && tag.attrs.get('type') === 'hidden')
      .map((tag) => [tag.attrs.get('name') ?? '', decodeEntities(tag.attrs.get('value') ?? '')]),
  );
}

/** The form as served to a visitor: its one-time submission token. */
async function openForm(haven: TestHaven, url: string): Promise<string> {
  const response = await haven.app.inject({ url });
  assert.equal(response.statusCode, 200);
  const token = fieldValue(response.body, 'submission');
  assert.ok(token, 'the form carries a submission token');
  return token;
}

function send(haven: TestHaven, url: string, fields: ReportFields, submission: string) {
  return postForm(haven.app, url, { ...fields, submission });
}

/** The page's <h1>, as read. */
const heading = (html: string) => decodeEntities(/<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '');

async function countSubmissions(haven: TestHaven) {
  const row = await haven.store.db
    .selectFrom('report_submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** As if `hours` had passed since every form received so far (the table keeps the hour only). */
async function age(haven: TestHaven, hours: number) {
  await haven.store.db
    .updateTable('report_submissions')
    .set({ received_at: coarseHour(new Date(Date.now() - hours * HOUR)) })
    .execute();
}

test('the same form sent again shows the same number, in the visitor’s language, and files one report', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    for (const channel of CHANNELS) {
      await t.test(`${locale} ${channel}`, async () => {
        const url = `/${locale}/report/${channel}`;
        const fields = fieldsFor(channel, newMarker());
        const submission = await openForm(haven, url);
        const before = await countReports(haven.store);

        const first = await send(haven, url, fields, submission);
        assert.equal(first.statusCode, 200);
        const receipt = receiptOnPage(first.body);

        // A second tap that arrives after the first is stored, or the receipt page reloaded: the
        // browser sends the same form again.
        for (const again of [await send(haven, url, fields, submission), await send(haven, url, fields, submission)]) {
          assert.equal(again.statusCode, 200);
          assert.equal(receiptOnPage(again.body), receipt, 'the same number');
          assert.equal(htmlLang(again.body), locale);
          assert.equal(heading(again.body), translator(catalogue, locale)('receipt.title'), 'the receipt page again');
        }
        assert.equal(await countReports(haven.store), before + 1, 'one report in the queue');
      });
    }
  }
});

test('once its number is no longer kept, the same form is answered "already received", without a number, and can be sent as a new report', async (t) => {
  const haven = await testHaven(t);
  for (const locale of LOCALES) {
    await t.test(locale, async () => {
      const url = `/${locale}/report/child-abuse`;
      const fields = fieldsFor('child-abuse', newMarker());
      const submission = await openForm(haven, url);
      const before = await countReports(haven.store);
      const first = await send(haven, url, fields, submission);
      assert.equal(first.statusCode, 200);

      // The hour after the next: the clean-up clears the sealed receipt (the digest stays a day).
      await age(haven, 2);
      await forgetSubmissions(haven.store.db, new Date());
      const kept = await haven.store.db.selectFrom('report_submissions').select('sealed_receipt').execute();
      assert.ok(kept.length > 0, 'the digests are still there');
      assert.ok(
        kept.every((row) => row.sealed_receipt === null),
        'no sealed receipt is left',
      );

      const again = await send(haven, url, fields, submission);
      assert.equal(again.statusCode, 409);
      assert.throws(() => receiptOnPage(again.body), /no receipt/, 'no number');
      const number = receiptOnPage(first.body);
      const text = again.body.replace(/<[^>]*>/g, '');
      for (const form of [number, parseReceipt(number) ?? number]) assert.ok(!text.includes(form), 'the number is nowhere on the page');
      const t9n = translator(catalogue, locale);
      assert.equal(heading(again.body), t9n('receipt.alreadyTitle'));
      assert.ok(decodeEntities(again.body).includes(t9n('receipt.alreadyKeep')), 'told why the number is not shown');
      assert.equal(await countReports(haven.store), before + 1, 'one report in the queue');

      // A visitor who never saw the number can send it as a new report.
      const carried = hiddenFields(again.body);
      assert.notEqual(carried.get('submission'), submission, 'a new token');
      for (const [name, value] of Object.entries(fields)) assert.equal(carried.get(name), value === true ? 'yes' : value, `${name} carried as typed`);
      const resent = await haven.app.inject({ method: 'POST', url, payload: new URLSearchParams([...carried]).toString(), headers: FORM });
      assert.equal(resent.statusCode, 200);
      assert.notEqual(receiptOnPage(resent.body), receiptOnPage(first.body), 'a number of its own');
      assert.equal(await countReports(haven.store), before + 2);
    });
  }
});

test('a number is given back during the hour of its report and the next, not after, even before the clean-up', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const fields = fieldsFor('online', newMarker());
  const submission = await openForm(haven, url);
  const receipt = receiptOnPage((await send(haven, url, fields, submission)).body);

  await age(haven, 1);
  await forgetSubmissions(haven.store.db, new Date());
  const oneHourOn = await send(haven, url, fields, submission);
  assert.equal(oneHourOn.statusCode, 200, 'the next hour, the clean-up leaves it');
  assert.equal(receiptOnPage(oneHourOn.body), receipt);

  await age(haven, 2);
  assert.equal((await send(haven, url, fields, submission)).statusCode, 409, 'not given back once past its time, cleared or not');
  assert.equal(await countReports(haven.store), 1);
});

test('two sends of one form at the same moment (a double click) file one report, and both answers show its number', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const fields = fieldsFor('online', newMarker());
  const submission = await openForm(haven, url);
  // The browser shows only the answer to the second send: it must carry the number too.
  const answers = await Promise.all([send(haven, url, fields, submission), send(haven, url, fields, submission)]);
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    [200, 200],
  );
  assert.equal(receiptOnPage(answers[1]?.body ?? ''), receiptOnPage(answers[0]?.body ?? ''));
  assert.equal(await countReports(haven.store), 1);
});

test('a form changed after going back and sent again is a new report', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const submission = await openForm(haven, url);
  const first = await send(haven, url, fieldsFor('online', newMarker()), submission);
  const changed = await send(haven, url, fieldsFor('online', newMarker()), submission);
  assert.equal(first.statusCode, 200);
  assert.equal(changed.statusCode, 200, 'what the visitor changed is not turned away');
  assert.notEqual(receiptOnPage(changed.body), receiptOnPage(first.body));
  assert.equal(await countReports(haven.store), 2);
});

test('a form sent back with errors, or because it could not be saved, keeps its token: the report it finally files is filed once', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/online';
  const fields = fieldsFor('online', newMarker());
  const submission = await openForm(haven, url);

  const wrong = await send(haven, url, { ...fields, urls: ['not an address'] }, submission);
  assert.equal(wrong.statusCode, 400);
  assert.equal(fieldValue(wrong.body, 'submission'), submission);

  await sql`ALTER TABLE reports RENAME TO reports_away`.execute(haven.store.db);
  const unsaved = await send(haven, url, fields, submission);
  await sql`ALTER TABLE reports_away RENAME TO reports`.execute(haven.store.db);
  assert.equal(unsaved.statusCode, 503);
  assert.equal(fieldValue(unsaved.body, 'submission'), submission, 'sent again, it is the same submission');

  const received = await send(haven, url, fields, submission);
  assert.equal(received.statusCode, 200, 'a submission that was not saved is taken when sent again');
  const again = await send(haven, url, fields, submission);
  assert.equal(again.statusCode, 200);
  assert.equal(receiptOnPage(again.body), receiptOnPage(received.body));
  assert.equal(await countReports(haven.store), 1);
});

test('a report stored whose answer was lost ("send it again") gets its number when sent again', async (t) => {
  const haven = await testHaven(t);
  const url = '/en/report/travel';
  const fields = fieldsFor('travel', newMarker());
  const submission = await openForm(haven, url);
  // The report committed, but its answer never reached the visitor (a connection lost after the
  // commit): the form, as the server parsed it, goes straight to intake and its receipt is dropped.
  const parsed = Object.fromEntries(new URLSearchParams(formEncode({ ...fields, submission })));
  const { receipt } = await haven.intake.submit('travel', parsed, { submission });
  assert.equal(await countReports(haven.store), 1);

  const again = await send(haven, url, fields, submission);
  assert.equal(again.statusCode, 200);
  assert.equal(receiptOnPage(again.body), formatReceipt(receipt), 'the number of the report stored');
  assert.equal(await countReports(haven.store), 1);
});

test('a form without a token (a page from before, a hand-made post) is received as before', async (t) => {
  const haven = await testHaven(t);
  const fields = fieldsFor('online', newMarker());
  for (const submission of [undefined, 'not-a-token']) {
    const response = await postForm(haven.app, '/en/report/online', submission ? { ...fields, submission } : fields);
    assert.equal(response.statusCode, 200);
  }
  assert.equal(await countReports(haven.store), 2);
});

const describe = (hits: Hit[]) => hits.map((h) => `${h.needle} in ${h.where}`).join('; ');

test('a copy of the database holds the numbers given back only sealed', async (t) => {
  const haven = await testHaven(t);
  const receipts: string[] = [];
  for (const channel of CHANNELS) {
    const url = `/en/report/${channel}`;
    const fields = fieldsFor(channel, newMarker());
    const submission = await openForm(haven, url);
    receipts.push(receiptOnPage((await send(haven, url, fields, submission)).body));
    assert.equal(receiptOnPage((await send(haven, url, fields, submission)).body), receipts.at(-1), 'given back');
  }
  const needles = [...receipts, ...receipts.map((r) => parseReceipt(r) ?? r)];
  // The scan must reach the sealed receipts, or finding nothing would prove nothing.
  const rows = await haven.store.db.selectFrom('report_submissions').select('sealed_receipt').execute();
  assert.equal(rows.length, CHANNELS.length);
  const sealed = rows.map((row) => Buffer.from(row.sealed_receipt ?? Buffer.alloc(0)));
  assert.ok(
    sealed.every((bytes) => bytes.length > 16),
    'each submission keeps its sealed receipt',
  );

  if (haven.engine === 'sqlite') {
    const reaches = () => sealed.every((bytes) => filesUnder(haven.dataDir).some((f) => fs.readFileSync(f).includes(bytes)));
    assert.ok(
      filesUnder(haven.dataDir).some((f) => path.basename(f) === 'haven.db-wal'),
      'the WAL is there to be searched',
    );
    assert.ok(reaches(), 'the scan reaches the sealed receipts');
    const early = findInFiles(haven.dataDir, needles);
    assert.deepEqual(early, [], `in clear while running: ${describe(early)}`);
    await haven.close();
    assert.ok(reaches(), 'the scan reaches the sealed receipts');
    const hits = findInFiles(haven.dataDir, needles);
    assert.deepEqual(hits, [], `in clear after closing: ${describe(hits)}`);
  } else {
    assert.ok(haven.databaseUrl);
    const seen = await findInPostgres(haven.databaseUrl, sealed);
    assert.ok(
      seen.some((h) => h.where.endsWith('."report_submissions".sealed_receipt')),
      'the scan reaches the sealed receipts',
    );
    const hits = await findInPostgres(haven.databaseUrl, needles);
    assert.deepEqual(hits, [], `in clear in the database: ${describe(hits)}`);
  }
});

const onPostgres = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: two instances on one PostgreSQL';

test('the same form sent again to another instance on the same PostgreSQL shows the same number', { skip: onPostgres, timeout: 180_000 }, async (t) => {
  const hooks = teardownInReverse(t);
  const databaseUrl = await freshPostgres(hooks);
  assert.ok(databaseUrl);
  const shared = { HAVEN_SECRET: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', SEAL_WORKERS: '0', DATABASE_URL: databaseUrl };
  // One after the other: the first creates the schema. Each has its own data directory.
  const first = await startServer(hooks, { ...shared, DATA_DIR: tempDir(hooks) });
  const second = await startServer(hooks, { ...shared, DATA_DIR: tempDir(hooks) });

  const form = await fetch(`${first.url}/en/report/online`);
  const submission = fieldValue(await form.text(), 'submission');
  assert.ok(submission);
  const body = formEncode({ ...fieldsFor('online', newMarker()), submission });
  const sendTo = async (url: string) => {
    const response = await fetch(`${url}/en/report/online`, { method: 'POST', headers: FORM, body, redirect: 'manual' });
    return { status: response.status, html: await response.text() };
  };
  const answers = [await sendTo(first.url), await sendTo(second.url), await sendTo(first.url)];
  assert.deepEqual(
    answers.map((a) => a.status),
    [200, 200, 200],
  );
  const receipt = receiptOnPage(answers[0]?.html ?? '');
  assert.equal(receiptOnPage(answers[1]?.html ?? ''), receipt, 'the other instance shows the same number');
  assert.equal(receiptOnPage(answers[2]?.html ?? ''), receipt);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
    assert.equal(rows[0]?.n, 1, 'one report in the queue');
  } finally {
    await client.end();
  }
});

/** Every field of a filled form shows what was typed. */
function assertFormHolds(html: string, fields: ReportFields) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === true) assert.ok(isChecked(html, name), `${name} stays ticked`);
    else if (name === 'category') assert.ok(isChecked(html, name, String(value)), 'the category stays chosen');
    else if (name === 'country') assert.equal(selectedOption(html, name), value, 'the country stays chosen');
    else assert.equal(fieldValue(html, name), Array.isArray(value) ? value.join('\n') : value, `${name} kept as typed`);
  }
}

test('a form’s language button shows it in that language with everything typed, and files nothing', async (t) => {
  // One report per client at most: a language switch must not count as one.
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '1', INTAKE_REPORTS_WITHOUT_PROOF: '1' });
  for (const channel of CHANNELS) {
    await t.test(channel, async () => {
      const fields = fieldsFor(channel, newMarker());
      const submission = await openForm(haven, `/en/report/${channel}`);
      let from = 'en';
      for (const to of ['fr', 'de', 'en']) {
        const page = await haven.app.inject({ url: `/${from}/report/${channel}` });
        // The button for `to`, as the page offers it.
        const button = startTags(page.body).find(
          (tag) => tag.name === 'button' && tag.attrs.get('name') === 'switch-language' && tag.attrs.get('value') === to,
        );
        assert.ok(button, `the ${from} form offers ${to} as a button of the form`);
        assert.equal(button.attrs.get('form'), 'report-form');
        assert.ok(button.attrs.has('formnovalidate'));
        const action = button.attrs.get('formaction') ?? '';
        assert.equal(action, `/${to}/report/${channel}`);

        const switched = await postForm(haven.app, action, { ...fields, submission, 'switch-language': to });
        assert.equal(switched.statusCode, 200);
        assert.equal(htmlLang(switched.body), to);
        assertFormHolds(switched.body, fields);
        assert.equal(fieldValue(switched.body, 'submission'), submission, 'the same form: its token is kept');
        assert.doesNotMatch(switched.body, /data-error-summary|class="error"/, 'no error shown');
        from = to;
      }
      // Switched with nothing typed: no error either.
      const empty = await postForm(haven.app, `/fr/report/${channel}`, { submission, 'switch-language': 'fr' });
      assert.equal(empty.statusCode, 200);
      assert.doesNotMatch(empty.body, /data-error-summary|class="error"/);
    });
  }
  assert.equal(await countReports(haven.store), 0, 'nothing filed');
  assert.equal(await countSubmissions(haven), 0, 'nothing stored');
  // The one report this client may send is still there to be sent.
  const fields = fieldsFor('online', newMarker());
  assert.equal((await send(haven, '/en/report/online', fields, await openForm(haven, '/en/report/online'))).statusCode, 200);
  assert.equal(await countReports(haven.store), 1);
});

test('pages other than forms keep their language links', async (t) => {
  const haven = await testHaven(t);
  for (const url of ['/en/', '/en/report/status', '/en/help']) {
    const page = await haven.app.inject({ url });
    const tags = startTags(page.body);
    assert.ok(
      tags.some((tag) => tag.name === 'a' && tag.attrs.get('hreflang') === 'fr'),
      `${url} links to its French page`,
    );
    assert.ok(!tags.some((tag) => tag.attrs.get('name') === 'switch-language'), `${url} has no language button`);
  }
});
