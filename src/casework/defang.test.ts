import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defang } from './defang.ts';

test('an address is defanged in its scheme and host, and nothing else', () => {
  assert.equal(defang('https://example.com/a.b/c?d=e.f'), 'hxxps://example[.]com/a.b/c?d=e.f');
  assert.equal(defang('http://sub.example.net:8080/x'), 'hxxp://sub[.]example[.]net:8080/x');
  assert.equal(defang('HTTPS://EXAMPLE.ORG/'), 'hxxpS://EXAMPLE[.]ORG/');
  // Not an absolute URL: every dot goes, so no link detector takes it for one.
  assert.equal(defang('example.com/x'), 'example[.]com/x');
});
