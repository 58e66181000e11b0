import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defangText } from './defang-text.ts';

test('every web address in a text is defanged, the words around it kept', () => {
  assert.equal(
    defangText('It was on https://evil.example.com/path?a=b.c and also http://x.example.net.'),
    'It was on hxxps://evil[.]example[.]com/path?a=b.c and also hxxp://x[.]example[.]net.',
  );
  assert.equal(
    defangText('See (www.evil.example.org/page), then HTTPS://Evil.Example.com!'),
    'See (www[.]evil[.]example[.]org/page), then hxxpS://Evil[.]Example[.]com!',
  );
  assert.equal(defangText('line one\nhttps://a.example/x\n\nline three'), 'line one\nhxxps://a[.]example/x\n\nline three');
  // Glued to a word, as a paste sometimes leaves it: still an address to a link detector.
  assert.equal(defangText('seehttps://evil.example.com'), 'seehxxps://evil[.]example[.]com');
});

test('a text without an address, or already defanged, is unchanged', () => {
  for (const text of ['A description. With sentences.', 'marker@example.org', 'hxxps://evil[.]example[.]com/a', 'www[.]example[.]org', '']) {
    assert.equal(defangText(text), text);
  }
  const once = defangText('https://evil.example.com/a and www.b.example');
  assert.equal(defangText(once), once);
});
