// News and publications through the real routes: supervisors and analysts are refused, a POST
// without its CSRF token too; the seeds of content/publications.yaml are published (and never come
// back once deleted, nor overwrite an editor's change); an editor creates a news item, previews it,
// cannot publish it while a language has no words (unless it is let fall back to English),
// publishes it (page, list, feed and sitemap show it, drafts never), pages through the list,
// unpublishes and deletes; every change is in the audit log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { loadNewsroom, publicationsAbout } from '../../src/newsroom/newsroom.public.ts';
import { importPublicationSeeds, readPublicationSeeds } from '../../src/newsroom/newsroom.seed.ts';
import { signedInEditor } from '../casework/support.ts';
import { demoPassword, signIn } from '../office/support.ts';
import { testHaven } from '../support/haven.ts';
import { itemForm, smallPdf, upload } from './support.ts';

const ORIGIN = 'https://haven.example';
const get = (haven: { app: { inject: (o: object) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }> } }, url: string) =>
  haven.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

const ROUTES: [string, Record<string, string>][] = [
  ['/office/news/new', itemForm({ id: 'x', date: '2026-12-01', en: { title: 'X', body: 'x' } })],
  ['/office/publications/new', itemForm({ id: 'x', date: '2017', en: { title: 'X' } })],
  ['/office/publications/regional-overview-europe-2014', itemForm({ date: '2014', en: { title: 'X' } })],
  ['/office/publications/regional-overview-europe-2014/publish', {}],
  ['/office/publications/regional-overview-europe-2014/unpublish', {}],
  ['/office/publications/regional-overview-europe-2014/delete', { confirm: 'yes' }],
  ['/office/publications/regional-overview-europe-2014/document/remove', {}],
];

test('news and publications: refusals, seeds, drafts, the fallback rule, publishing, pages, feed, audit', async (t) => {
  const haven = await testHaven(t, { PUBLIC_URL: ORIGIN });

  // Refusals first: supervisors and analysts get 403 on every page and form, and no link.
  for (const login of ['hotline-supervisor', 'hotline-analyst']) {
    const member = await signIn(haven.app, login, demoPassword(haven, login));
    for (const page of [
      '/office/news',
      '/office/publications',
      '/office/news/new',
      '/office/publications/regional-overview-europe-2014',
      '/office/publications/regional-overview-europe-2014/document',
    ]) {
      assert.equal((await member.get(page)).statusCode, 403, `${login}: ${page}`);
    }
    for (const [url, fields] of ROUTES) assert.equal((await member.post(url, fields)).statusCode, 403, `${login}: ${url}`);
    const pdf = { name: 'a.pdf', type: 'application/pdf', bytes: smallPdf() };
    assert.equal((await upload(haven, member, '/office/publications/regional-overview-europe-2014/document', pdf)).statusCode, 403, `${login}: upload`);
    assert.doesNotMatch((await member.get('/office/')).body, /href="\/office\/(news|publications)"/, `${login}: no link`);
  }
  const editor = await signedInEditor(haven);
  for (const [url, fields] of ROUTES) assert.equal((await editor.post(url, fields, { csrf: null })).statusCode, 403, `no CSRF: ${url}`);
  assert.match((await editor.get('/office/')).body, /href="\/office\/news"/, 'the link in the menu');

  // The seeds: published, by title and year, in every locale (French and German show the English title, marked).
  const publications = await get(haven, '/fr/publications');
  assert.equal(publications.statusCode, 200);
  assert.equal(publications.headers['set-cookie'], undefined);
  assert.ok(
    publications.body.includes('<h2 lang="en"><a href="/fr/publications/country-monitoring-luxembourg-2017">Luxembourg – Country Monitoring Report</a></h2>'),
  );
  assert.ok(publications.body.includes('Regional Overview: The Commercial Sexual Exploitation of Children in Europe'));
  const seeded = await get(haven, '/de/publications/country-monitoring-luxembourg-2017');
  assert.equal(seeded.statusCode, 200);
  assert.match(seeded.body, /<time datetime="2017">2017<\/time> · Luxemburg/);
  assert.ok(seeded.body.includes('Diesen Text gibt es vorerst nur auf Englisch.'));
  assert.deepEqual(publicationsAbout(await loadNewsroom(haven.store), 'LU', 'fr'), [
    { href: '/fr/publications/country-monitoring-luxembourg-2017', title: 'Luxembourg – Country Monitoring Report', year: 2017 },
  ]);

  // No news yet: the page says so, the feed is empty but valid, and the page links to it.
  const empty = await get(haven, '/fr/news');
  assert.equal(empty.statusCode, 200);
  assert.ok(empty.body.includes('Il n’y a pas encore d’actualité.'));
  assert.match(empty.body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/fr\/news\/feed.xml"\/>/);
  const emptyFeed = await get(haven, '/fr/news/feed.xml');
  assert.equal(emptyFeed.statusCode, 200);
  assert.match(String(emptyFeed.headers['content-type']), /^application\/atom\+xml/);
  assert.match(emptyFeed.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">[\s\S]*<id>https:\/\/haven.example\/fr\/news<\/id>[\s\S]*<author>/);
  assert.doesNotMatch(emptyFeed.body, /<entry>/);

  // Creating: a wrong id comes back with its message and everything typed.
  const typed = itemForm({ id: 'Bad Id', date: '2026-12-01', en: { title: 'Typed title', body: 'Typed **text**' } });
  const refused = await editor.post('/office/news/new', typed);
  assert.equal(refused.statusCode, 400);
  assert.ok(refused.body.includes('Use only lower-case letters'));
  assert.ok(refused.body.includes('value="Typed title"') && refused.body.includes('Typed **text**</textarea>'), 'nothing typed is lost');

  // Preview: rendered by the server (raw HTML shown as text), nothing saved.
  const body = 'The **first** item.\n\n<script>alert(1)</script>';
  const form = itemForm({ id: 'first-item', date: '2026-12-01', en: { title: 'First item', summary: 'A summary', body } });
  const preview = await editor.post('/office/news/new', { ...form, intent: 'preview' });
  assert.equal(preview.statusCode, 200);
  assert.ok(preview.body.includes('<strong>first</strong>') && preview.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.doesNotMatch(preview.body, /<script>alert/);

  const created = await editor.post('/office/news/new', form);
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/office/news/first-item?done=created');
  assert.equal((await editor.post('/office/news/new', form)).statusCode, 400, 'the id is taken');
  // A draft: nowhere public.
  assert.equal((await get(haven, '/en/news/first-item')).statusCode, 404);
  assert.doesNotMatch((await get(haven, '/en/news')).body, /first-item/);
  assert.doesNotMatch((await get(haven, '/sitemap.xml')).body, /first-item/);

  // Publishing with French and German missing is refused, in the editor's words.
  const missing = await editor.post('/office/news/first-item/publish');
  assert.equal(missing.statusCode, 400);
  assert.ok(missing.body.includes('The French text is missing') && missing.body.includes('The German text is missing'));
  // French written, German explicitly let fall back to English: it can be published.
  const complete = itemForm({
    date: '2026-12-01',
    en: { title: 'First item', summary: 'A summary', body },
    fr: { title: 'Première', body: 'Le **texte**.' },
    fallback: ['de'],
  });
  assert.equal((await editor.post('/office/news/first-item', complete)).statusCode, 303);
  const published = await editor.post('/office/news/first-item/publish');
  assert.equal(published.statusCode, 303, published.body.slice(0, 300));

  const fr = await get(haven, '/fr/news/first-item');
  assert.equal(fr.statusCode, 200);
  assert.ok(fr.body.includes('<h1>Première</h1>') && fr.body.includes('<strong>texte</strong>'));
  const de = await get(haven, '/de/news/first-item');
  assert.ok(de.body.includes('<h1 lang="en">First item</h1>') && de.body.includes('&lt;script&gt;'), 'German shows the English words, marked');
  assert.doesNotMatch(de.body, /<script>alert/);
  assert.match((await get(haven, '/en/news')).body, /href="\/en\/news\/first-item">First item<\/a>/);
  const feed = await get(haven, '/fr/news/feed.xml');
  assert.match(feed.body, /<entry>[\s\S]*<title type="html"><!\[CDATA\[Première\]\]><\/title>[\s\S]*<id>https:\/\/haven.example\/fr\/news\/first-item<\/id>/);
  assert.match((await get(haven, '/sitemap.xml')).body, /haven.example\/en\/news\/first-item</);
  assert.match((await get(haven, '/en/')).body, /href="\/en\/news">News<\/a>/, 'the footer links to the news');

  // A published item's change goes public at once, so it must stay publishable.
  const broken = itemForm({ date: '2026-12-01', en: { title: 'First item', body } });
  assert.equal((await editor.post('/office/news/first-item', broken)).statusCode, 400);
  assert.ok((await get(haven, '/fr/news/first-item')).body.includes('Première'), 'unchanged');

  // Eleven more: ten to a page, plain links from page to page.
  for (let i = 1; i <= 11; i++) {
    const id = `item-${String(i).padStart(2, '0')}`;
    const fields = itemForm({ id, date: `2026-11-${String(i).padStart(2, '0')}`, en: { title: `Item ${i}`, body: 'Text' }, fallback: ['fr', 'de'] });
    assert.equal((await editor.post('/office/news/new', fields)).statusCode, 303);
    assert.equal((await editor.post(`/office/news/${id}/publish`)).statusCode, 303);
  }
  const first = await get(haven, '/en/news');
  assert.equal([...first.body.matchAll(/<li><h2/g)].length, 10);
  assert.ok(first.body.includes('href="/en/news?page=2" rel="next"') && first.body.includes('Page 1 of 2'));
  const second = await get(haven, '/en/news?page=2');
  assert.equal(second.statusCode, 200);
  assert.equal([...second.body.matchAll(/<li><h2/g)].length, 2);
  assert.ok(second.body.includes('href="/en/news" rel="prev"') && second.body.includes('item-01'));
  for (const bad of ['?page=3', '?page=0', '?page=abc', '?page=2&page=3']) assert.equal((await get(haven, `/en/news${bad}`)).statusCode, 404, bad);
  assert.equal((await get(haven, '/en/news?page=1')).statusCode, 301);

  // Unpublish, then delete (after a confirmation): gone from the public side.
  assert.equal((await editor.post('/office/news/item-01/unpublish')).statusCode, 303);
  assert.equal((await get(haven, '/en/news/item-01')).statusCode, 404);
  const confirm = await editor.post('/office/news/item-01/delete');
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /name="confirm" value="yes"/);
  assert.equal((await editor.post('/office/news/item-01/delete', { confirm: 'yes' })).statusCode, 303);
  assert.equal((await editor.get('/office/news/item-01')).statusCode, 404);

  // The seeds again (as at the next start): a deleted one does not come back, a changed one stays changed.
  const changed = itemForm({ date: '2014', en: { title: 'Renamed by an editor' }, fallback: ['fr', 'de'] });
  assert.equal((await editor.post('/office/publications/regional-overview-europe-2014', changed)).statusCode, 303);
  assert.equal((await editor.post('/office/publications/country-monitoring-luxembourg-2017/delete', { confirm: 'yes' })).statusCode, 303);
  assert.equal(await importPublicationSeeds(haven.store, haven.keys, readPublicationSeeds(CONTENT_DIR)), 0);
  const after = await get(haven, '/en/publications');
  assert.ok(after.body.includes('Renamed by an editor'));
  assert.doesNotMatch(after.body, /country-monitoring-luxembourg-2017/);

  // Every change in the audit log, in its order.
  const entries = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'subject'])
    .where('action', 'like', 'newsroom.%')
    .where('subject', 'in', [
      'content',
      'news:first-item',
      'news:item-01',
      'publication:country-monitoring-luxembourg-2017',
      'publication:regional-overview-europe-2014',
    ])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => `${e.action} ${e.subject}`),
    [
      // The seeds' import, named as the content files' (their ids in the detail).
      'newsroom.imported content',
      'newsroom.imported content',
      'newsroom.created news:first-item',
      'newsroom.updated news:first-item',
      'newsroom.published news:first-item',
      'newsroom.created news:item-01',
      'newsroom.published news:item-01',
      'newsroom.unpublished news:item-01',
      'newsroom.deleted news:item-01',
      'newsroom.updated publication:regional-overview-europe-2014',
      'newsroom.deleted publication:country-monitoring-luxembourg-2017',
    ],
  );
});
