// Rate limits count per IPv4 address and per IPv6 /64, and never see an address in clear.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { clientGroup, createClientKey } from './client-key.ts';

test('an IPv4 address is its own group, however it reaches the server', () => {
  assert.equal(clientGroup('203.0.113.7'), '203.0.113.7');
  assert.equal(clientGroup('::ffff:203.0.113.7'), '203.0.113.7', 'a dual-stack socket reports IPv4 clients this way');
  assert.equal(clientGroup('::FFFF:203.0.113.7'), '203.0.113.7');
  assert.equal(clientGroup('0:0:0:0:0:ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientGroup('::ffff:cb00:7107'), '203.0.113.7', 'the same mapped address written in hex');
  assert.notEqual(clientGroup('203.0.113.7'), clientGroup('203.0.113.8'));
});

test('IPv6 addresses are grouped by their /64, whatever their spelling', () => {
  const group = '2001:db8:1:2::/64';
  for (const address of [
    '2001:db8:1:2::1',
    '2001:db8:1:2:ffff:ffff:ffff:ffff',
    '2001:0DB8:0001:0002:0000:0000:0000:0001',
    '2001:db8:1:2:a:b:c:d',
    '2001:db8:1:2:0:0:0:0',
    '2001:db8:1:2::',
  ]) {
    assert.equal(clientGroup(address), group, address);
  }
  // '::' standing for zero groups inside the first four.
  assert.equal(clientGroup('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientGroup('2001:db8::2:0:0:1'), '2001:db8:0:0::/64');
  assert.equal(clientGroup('2001:db8::1:0:0:0:1'), '2001:db8:0:1::/64');
  assert.equal(clientGroup('2001::3:4:5:6:7'), '2001:0:0:3::/64');
  assert.equal(clientGroup('2001::4:5:6:7:8:9'), '2001:0:4:5::/64');
  assert.equal(clientGroup('::2:3:4:5:6:7:8'), '0:2:3:4::/64');
  assert.equal(clientGroup('1:2:3:4:5::'), '1:2:3:4::/64');
  assert.equal(clientGroup('::1'), '0:0:0:0::/64');
  assert.equal(clientGroup('::'), '0:0:0:0::/64');
  assert.equal(clientGroup('::1.2.3.4'), '0:0:0:0::/64', 'the old IPv4-compatible form is IPv6, not IPv4');
  assert.equal(clientGroup('64:ff9b::203.0.113.7'), '64:ff9b:0:0::/64');
  assert.equal(clientGroup('fe80::1%eth0'), 'fe80:0:0:0::/64', 'the zone is dropped');

  assert.notEqual(clientGroup('2001:db8:1:2::1'), clientGroup('2001:db8:1:3::1'), 'the next /64 is someone else');
});

test('the key is a salted hash of the group, the same within a day and new the next day', () => {
  let now = new Date('2026-03-01T10:00:00Z');
  const key = createClientKey(randomBytes(32), () => now);
  const a = key('2001:db8:1:2::1');
  assert.equal(key('2001:db8:1:2:dead:beef:0:1'), a, 'one /64, one allowance');
  assert.notEqual(key('2001:db8:1:3::1'), a);
  assert.equal(key('::ffff:198.51.100.4'), key('198.51.100.4'));
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);

  now = new Date('2026-03-02T00:00:01Z');
  assert.notEqual(key('2001:db8:1:2::1'), a, 'a new salt every day');
});

test('instances with the same server secret give a visitor the same key; another secret, another key', () => {
  const now = () => new Date('2026-03-01T23:59:59Z');
  const secret = randomBytes(32);
  const one = createClientKey(secret, now);
  const other = createClientKey(Buffer.from(secret), now);
  assert.equal(one('198.51.100.4'), other('198.51.100.4'), 'one visitor, one counter across instances');
  assert.equal(one('2001:db8:1:2::1'), other('2001:db8:1:2:ffff::9'));
  assert.notEqual(createClientKey(randomBytes(32), now)('198.51.100.4'), one('198.51.100.4'));
  const later = createClientKey(secret, () => new Date('2026-03-02T00:00:00Z'));
  assert.notEqual(later('198.51.100.4'), one('198.51.100.4'), 'the salt follows the UTC date');
});
