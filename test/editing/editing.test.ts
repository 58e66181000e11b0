// Issue 16, editors change the site without code, through the office routes: members of a
// recipient organisation are refused, a POST without CSRF too; an editor saves a draft (visitors
// do not see it), publishes (they do, at once), compares versions and reverts; a page missing a
// language cannot be published until the editor lets it fall back to English; a stale form is
// refused with the text kept; help-service hours with a public holiday change what the help page
// says; structured items are checked against the content schemas; every change is audited; and
// a restart (the content files imported again) keeps the editors' changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { loadConfig } from '../../src/config.ts';
import { startHaven } from '../../src/haven.ts';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';

const edit = (subject: string) => `/office/content/edit?subject=${encodeURIComponent(subject)}`;
const baseOf = (html: string) => Number(/name="base" value="(\d+)"/.exec(html)?.[1] ?? Number.NaN);
const fieldOf = (html: string, name: string) => {
  const textarea = new RegExp(`<textarea[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];
  if (textarea !== undefined)
    return textarea
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return /value="([^"]*)"/.exec(new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0] ?? '')?.[1] ?? '';
};
/** Every field of an edit page's form as it was served, to post it back with changes. */
function formOf(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*>/g)) {
    const tag = m[0];
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    if (!name || name === '_csrf' || /type="(submit|button)"/.test(tag)) continue;
    if (/type="checkbox"/.test(tag)) {
      if (/checked/.test(tag) && !(name in fields)) fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? 'yes';
      continue;
    }
    fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>/g)) if (m[1]) fields[m[1]] = fieldOf(html, m[1]);
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    if (m[1]) fields[m[1]] = /<option value="([^"]*)" selected/.exec(m[2] ?? '')?.[1] ?? '';
  }
  return fields;
}
const auditActions = async (haven: TestHaven) =>
  (
    await haven.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', 'in', ['content.saved', 'content.published', 'content.reverted'])
      .orderBy('seq')
      .execute()
  ).map((e) => `${e.action} ${e.subject}`);

test('members are refused; editors save, publish, compare and revert a page; all audited', async (t) => {
  const haven = await testHaven(t);
  for (const login of ['hotline-supervisor', 'hotline-analyst']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    assert.equal((await member.get('/office/content')).statusCode, 403, `${login}: the list`);
    assert.equal((await member.get(edit('page/about'))).statusCode, 403, `${login}: the form`);
    assert.equal((await member.post('/office/content/edit', { subject: 'page/about', base: '0', intent: 'publish' })).statusCode, 403, `${login}: a save`);
  }
  const editor = await signedInEditor(haven);
  assert.equal((await editor.post('/office/content/edit', { subject: 'page/about', base: '0', intent: 'save' }, { csrf: null })).statusCode, 403, 'no CSRF');

  const list = await editor.get('/office/content');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /href="\/office\/content\/edit\?subject=page%2Fabout"/);
  assert.match(list.body, /href="\/office\/content\/edit\?subject=record%2Fhelp-services%2Fone-helpline"/);

  const original = (await haven.app.inject('/fr/about')).body;
  const opened = await editor.get(edit('page/about'));
  assert.equal(opened.statusCode, 200);
  const form = formOf(opened.body);
  const frenchBody = `${form['fr.body']}\n\nUn paragraphe ajouté par la rédaction.`;

  // A draft: saved as version 2 (version 1 keeps what the files gave), not shown to visitors.
  const saved = await editor.post('/office/content/edit', { ...form, 'fr.body': frenchBody, intent: 'save' });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
  assert.doesNotMatch((await haven.app.inject('/fr/about')).body, /ajouté par la rédaction/);
  const draft = await editor.get(edit('page/about'));
  assert.match(draft.body, /ajouté par la rédaction/, 'the form opens on the draft');
  assert.equal(baseOf(draft.body), 2);
  assert.match((await editor.get('/office/content')).body, /draft waiting/);

  // Preview: rendered by the server, beside the other locales, nothing saved.
  const preview = await editor.post('/office/content/edit', { ...formOf(draft.body), 'fr.body': `${frenchBody}\n\n**gras**`, intent: 'preview' });
  assert.equal(preview.statusCode, 200);
  assert.match(preview.body, /<strong>gras<\/strong>/);
  assert.doesNotMatch(preview.body, /<script>/);
  assert.equal(baseOf((await editor.get(edit('page/about'))).body), 2, 'a preview saves nothing');

  // Publish: the public page shows it at once, in French only.
  const published = await editor.post('/office/content/edit', { ...formOf(draft.body), intent: 'publish' });
  assert.equal(published.statusCode, 303);
  assert.match((await haven.app.inject('/fr/about')).body, /ajouté par la rédaction/);
  assert.doesNotMatch((await haven.app.inject('/en/about')).body, /ajouté par la rédaction/);

  // A stale form (opened on version 2) is refused, with the typed text kept.
  const stale = await editor.post('/office/content/edit', { ...formOf(draft.body), 'fr.body': 'Texte tapé sur une vieille version', intent: 'publish' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Texte tapé sur une vieille version/);

  // History, a comparison, and a revert to the files' version after a confirmation.
  const history = await editor.get('/office/content/history?subject=page%2Fabout&from=1&to=3');
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /<ins[^>]*>[^<]*ajouté par la rédaction/);
  assert.match(history.body, /from the content files/);
  const asked = await editor.get('/office/content/history?subject=page%2Fabout&revert=1');
  assert.match(asked.body, /action="\/office\/content\/revert"/);
  const reverted = await editor.post('/office/content/revert', { subject: 'page/about', number: '1', base: '3', confirm: 'yes' });
  assert.equal(reverted.statusCode, 303);
  assert.equal((await haven.app.inject('/fr/about')).body, original, 'the files’ text is back, byte for byte');

  assert.deepEqual(await auditActions(haven), ['content.saved page/about', 'content.published page/about', 'content.reverted page/about']);
});

test('a page cannot be published with a language missing unless it falls back to English', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  const started = await editor.post('/office/content/new', { kind: 'page', slug: 'online-safety', section: 'information' });
  assert.equal(started.statusCode, 303);
  assert.equal((await editor.post('/office/content/new', { kind: 'page', slug: 'help', section: 'information' })).statusCode, 400, 'a reserved address');
  const english = { 'en.title': 'Online safety', 'en.summary': 'Staying safe online.', 'en.body': 'Some words in English.' };
  const fields = { subject: 'page/online-safety', base: '0', section: 'information', order: '50', ...english };
  const refused = await editor.post('/office/content/edit', { ...fields, intent: 'publish' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Text is missing in: fr, de/);
  assert.match(refused.body, /Some words in English/, 'the text typed is kept');
  assert.equal((await haven.app.inject('/en/online-safety')).statusCode, 404);

  const publishedWithFallback = await editor.post('/office/content/edit', { ...fields, 'fallback-fr': 'yes', 'fallback-de': 'yes', intent: 'publish' });
  assert.equal(publishedWithFallback.statusCode, 303, publishedWithFallback.body.slice(0, 400));
  const french = await haven.app.inject('/fr/online-safety');
  assert.equal(french.statusCode, 200);
  assert.match(french.body, /<h1 lang="en">Online safety<\/h1>/);
  assert.match(french.body, /pas encore traduite/);
  assert.match((await haven.app.inject('/sitemap.xml')).body, /\/de\/online-safety</);
  assert.match((await haven.app.inject('/en/')).body, /href="\/en\/online-safety"/, 'the footer links to it');
});

test('help-service hours and a public holiday change what the help page says; structured items are checked', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  assert.doesNotMatch((await haven.app.inject('/en/help')).body, /07:30/);
  const opened = await editor.get(edit('record/help-services/one-helpline'));
  assert.equal(opened.statusCode, 200);
  const form = formOf(opened.body);
  assert.equal(form['weekly.0.open'], '08:00');
  // Today is a holiday (closed all day), and the line opens at 07:30 on weekdays: whatever the
  // time of the run, the help page now says it opens next at 07:30.
  const today = DateTime.now().setZone('Europe/Luxembourg').toISODate() ?? '';
  const changed = { ...form, 'weekly.0.open': '07:30', 'exception.0.date': today, 'exception.0.closed': 'yes', intent: 'publish' };
  const bad = await editor.post('/office/content/edit', { ...changed, 'weekly.0.close': '25:00' });
  assert.equal(bad.statusCode, 400, 'an impossible hour');
  assert.match(bad.body, /value="25:00"/, 'kept as typed');
  const published = await editor.post('/office/content/edit', changed);
  assert.equal(published.statusCode, 303, published.body.slice(0, 400));
  assert.match((await haven.app.inject('/en/help')).body, /07:30/);
  const reopened = formOf((await editor.get(edit('record/help-services/one-helpline'))).body);
  assert.equal(reopened['exception.0.date'], today);
  assert.equal(reopened['exception.0.closed'], 'yes');

  // An emergency number as structured text: unreadable text and a wrong field are refused.
  const number = await editor.get(edit('record/emergency/emergency'));
  const yaml = fieldOf(number.body, 'yaml');
  assert.match(yaml, /number: "?112/);
  const base = String(baseOf(number.body));
  const unreadable = await editor.post('/office/content/edit', { subject: 'record/emergency/emergency', base, yaml: 'id: [112', intent: 'publish' });
  assert.equal(unreadable.statusCode, 400);
  assert.match(unreadable.body, /cannot be read/);
  const wrong = await editor.post('/office/content/edit', {
    subject: 'record/emergency/emergency',
    base,
    yaml: yaml.replace(/number: .*/, 'number: call us'),
    intent: 'publish',
  });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /check number/);
  const relabelled = yaml.replace(/(label:\s*\n\s*en: ).*/, '$1Emergency services (edited)');
  assert.equal(
    (await editor.post('/office/content/edit', { subject: 'record/emergency/emergency', base, yaml: relabelled, intent: 'publish' })).statusCode,
    303,
  );
  assert.match((await haven.app.inject('/en/')).body, /Emergency services \(edited\)/);
});

test('an editor’s change survives a restart that imports the content files again', async (t) => {
  const first = await testHaven(t);
  const editor = await signedInEditor(first);
  const form = formOf((await editor.get(edit('page/about'))).body);
  assert.equal((await editor.post('/office/content/edit', { ...form, 'de.title': 'Über uns (bearbeitet)', intent: 'publish' })).statusCode, 303);
  await first.close();
  const again = await startHaven(
    loadConfig({ DATA_DIR: first.dataDir, LOG_LEVEL: 'silent', SEAL_WORKERS: '1', ...(first.databaseUrl ? { DATABASE_URL: first.databaseUrl } : {}) }),
  );
  // Closed here, not in an after hook: those run after the data directory and database are gone.
  try {
    assert.match((await again.app.inject('/de/about')).body, /Über uns \(bearbeitet\)/);
  } finally {
    await again.close();
  }
});

test('a channel made external stops taking reports here at once; its recipient cannot be changed', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  const opened = await editor.get(edit('channel/travel'));
  const yaml = fieldOf(opened.body, 'yaml');
  const base = String(baseOf(opened.body));
  assert.match(yaml, /recipient: police-demo/);

  const moved = await editor.post('/office/content/edit', {
    subject: 'channel/travel',
    base,
    yaml: yaml.replace('recipient: police-demo', 'recipient: hotline-demo'),
    intent: 'publish',
  });
  assert.equal(moved.statusCode, 400);
  assert.match(moved.body, /cannot be changed here/);
  assert.equal((await haven.app.inject('/en/report/travel')).statusCode, 200);

  const external = yaml.replace('kind: hosted', 'kind: external\nexternalUrl: https://authority.example/report');
  const published = await editor.post('/office/content/edit', { subject: 'channel/travel', base, yaml: external, intent: 'publish' });
  assert.equal(published.statusCode, 303, /class="error-summary[\s\S]*?<\/div>/.exec(published.body)?.[0]);
  const form = await haven.app.inject('/en/report/travel');
  assert.equal(form.statusCode, 303, 'the form is no longer here');
  assert.equal(form.headers.location, '/en/#report');
  assert.match((await haven.app.inject('/en/')).body, /href="https:\/\/authority\.example\/report"/);
  const posted = await haven.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { channel: 'travel', fields: { category: 'x' } } });
  assert.equal(posted.statusCode, 400, 'the API takes no report for it either');
  assert.match(posted.body, /"field":"channel","code":"invalid-choice"/);
  assert.doesNotMatch((await haven.app.inject('/sitemap.xml')).body, /report\/travel/);
});

test('odd addresses and fields are refused without a 500; what only the operator sets stays the files’', async (t) => {
  const haven = await testHaven(t);
  const editor = await signedInEditor(haven);
  // Subjects that name nothing editable, and version numbers that are not whole numbers.
  for (const subject of ['record/triage/other', 'record/operator/x', 'page/../about', 'nothing', 'record/help-services/']) {
    assert.equal((await editor.get(edit(subject))).statusCode, 400, subject);
  }
  for (const query of ['from=1.5&to=2', 'from=1e400&to=1', 'from=99999999999&to=1', 'revert=NaN', 'from=-1&to=0']) {
    assert.equal((await editor.get(`/office/content/history?subject=page%2Fabout&${query}`)).statusCode < 500, true, query);
  }
  assert.equal((await editor.post('/office/content/revert', { subject: 'page/about', number: '1e400', base: 'x', confirm: 'yes' })).statusCode, 404);
  // A page at an address the site's own routes answer is refused, even posted directly.
  const reserved = await editor.post('/office/content/edit', { subject: 'page/news', base: '0', section: 'information', order: '1', intent: 'save' });
  assert.equal(reserved.statusCode, 400);
  assert.match(reserved.body, /used by the site itself/);

  // A channel's form and its promise of identity are the operator's.
  const opened = await editor.get(edit('channel/child-abuse'));
  const yaml = fieldOf(opened.body, 'yaml');
  assert.match(yaml, /identity: required/);
  const weakened = await editor.post('/office/content/edit', {
    subject: 'channel/child-abuse',
    base: String(baseOf(opened.body)),
    yaml: yaml.replace('identity: required', 'identity: optional'),
    intent: 'publish',
  });
  assert.equal(weakened.statusCode, 400);
  assert.match(weakened.body, /set by the operator/);
  // The wording is the editor's, and survives a restart; the recipient stays the file's.
  const reworded = yaml.replace(/(title:\s*\n\s*en: ).*/, '$1Report abuse of a child (edited)');
  assert.equal(
    (await editor.post('/office/content/edit', { subject: 'channel/child-abuse', base: String(baseOf(opened.body)), yaml: reworded, intent: 'publish' }))
      .statusCode,
    303,
  );
  assert.match((await haven.app.inject('/en/')).body, /Report abuse of a child \(edited\)/);
  const stored = await haven.store.db
    .selectFrom('channels')
    .select(['definition', 'organisation_id'])
    .where('id', '=', 'child-abuse')
    .executeTakeFirstOrThrow();
  assert.equal(stored.organisation_id, 'police-demo');
});
