// Characters XML 1.0 does not allow (a vertical tab pasted from Word, other C0 controls, a lone
// surrogate) never reach the Atom feed: stripped when an editor saves, and again when the feed is
// written (for words saved before). No XML parser is installed that checks characters: the feed
// is checked for them, and for its elements closing in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../src/i18n/locales.ts';
import { type PublicItem, resolveTexts } from '../../src/newsroom/newsroom.public.ts';
import { newsFeed } from '../../src/newsroom/newsroom-feed.ts';
import { signedInEditor } from '../casework/support.ts';
import { testHaven } from '../support/haven.ts';
import { itemForm } from './support.ts';

/** The code points outside XML 1.0's Char production (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF). */
const forbidden = (xml: string) =>
  [...xml]
    .map((c) => c.codePointAt(0) as number)
    .filter((c) => !(c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000));

function assertWellFormedFeed(xml: string) {
  assert.deepEqual(forbidden(xml), []);
  // Every element closed in order (the feed's own markup, CDATA sections skipped).
  const open: string[] = [];
  for (const [, close, name, selfClosed] of xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (selfClosed) continue;
    if (close) assert.equal(open.pop(), name, `</${name}> closes what it opened`);
    else open.push(name as string);
  }
  assert.deepEqual(open, []);
}

test('the feed carries no character XML forbids, even from words saved before', () => {
  const pasted = { title: 'Line\u000Bbreak \uD800title', summary: 'A\u0001 summary\uFFFF', body: 'Para\u000Bgraph\u0008 and **bold**' };
  const texts = Object.fromEntries(LOCALES.map((l) => [l, pasted])) as Parameters<typeof resolveTexts>[1];
  const item: PublicItem = {
    kind: 'news',
    id: 'pasted',
    date: '2026-12-01',
    year: 2026,
    country: undefined,
    texts: resolveTexts('news', texts),
    document: undefined,
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
  const xml = newsFeed([item], { locale: 'en', origin: 'https://haven.example', title: 'News', author: 'Haven' });
  assertWellFormedFeed(xml);
  assert.ok(xml.includes('Line break title'), 'a vertical tab (Word’s line break) becomes a space');
  assert.ok(xml.includes('A summary') && xml.includes('<strong>bold</strong>'));
});

test('an editor’s pasted control characters are stripped when saved, and the item publishes into a sound feed', async (t) => {
  const haven = await testHaven(t, { PUBLIC_URL: 'https://haven.example' });
  const editor = await signedInEditor(haven);
  const form = itemForm({
    id: 'pasted-item',
    date: '2026-12-01',
    en: { title: 'Pasted\u000Bfrom Word', summary: 'Its\u000Csummary\u0007', body: 'First line\u000Bsecond line' },
    fallback: ['fr', 'de'],
  });
  assert.equal((await editor.post('/office/news/new', form)).statusCode, 303);
  const stored = await haven.store.db.selectFrom('newsroom_texts').select(['title', 'summary', 'body']).where('item_id', '=', 'pasted-item').execute();
  assert.deepEqual(stored, [{ title: 'Pasted from Word', summary: 'Its summary', body: 'First line second line' }]);

  assert.equal((await editor.post('/office/news/pasted-item/publish')).statusCode, 303);
  const feed = await haven.app.inject({ method: 'GET', url: '/en/news/feed.xml' });
  assert.equal(feed.statusCode, 200);
  assertWellFormedFeed(feed.body);
  assert.ok(feed.body.includes('Pasted from Word'));
});
