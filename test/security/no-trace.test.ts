// Promise 3, "anonymous means anonymous": whatever a visitor does, including requests that fail,
// no log line and no stored row holds their address, their user agent or what they typed.
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { sql } from 'kysely';
import { REPORT_BODY_LIMIT } from '../../src/intake/report-fields.ts';
import { tempDir, testHaven } from '../support/haven.ts';
import { findInFiles, findInPostgres } from '../support/leaks.ts';
import { countReports, fieldsFor, formEncode, newMarker } from '../support/reports.ts';
import { startServer } from '../support/server-process.ts';

test('no log line or stored row holds the visitor’s address, user agent or words', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  // Behind two proxies (TRUST_PROXY=2) the left-most forwarded address becomes the client
  // address, the case in which it is most likely to be picked up; the socket address too.
  const haven = await testHaven(t, { LOG_LEVEL: 'debug', TRUST_PROXY: '2', STATUS_LOOKUPS_PER_MINUTE: '3' }, { logStream });
  const marker = newMarker();
  const socketAddress = '203.0.113.77';
  const forwarded = '198.51.100.23';
  const userAgent = `HavenProbe/2.0 (X11; ${marker}) like Gecko`;
  const secrets = [socketAddress, forwarded, userAgent, 'HavenProbe', marker];

  const statuses: number[] = [];
  const send = async (method: 'GET' | 'POST', url: string, payload?: string, contentType?: string) => {
    const response = await haven.app.inject({
      method,
      url,
      remoteAddress: socketAddress,
      headers: {
        'x-forwarded-for': `${forwarded}, 192.0.2.200`,
        'x-real-ip': forwarded,
        'user-agent': userAgent,
        referer: `https://example.org/${marker}`,
        'accept-language': 'fr',
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });
    statuses.push(response.statusCode);
    return response;
  };
  const json = 'application/json';
  const form = 'application/x-www-form-urlencoded';

  await send('GET', '/');
  await send('GET', `/en/?q=${marker}`);
  await send('GET', '/fr/report/online');
  await send('GET', `/en/${marker}`);
  await send('GET', `/assets/${marker}.js`);
  for (const channel of ['child-abuse', 'travel', 'online'] as const) {
    assert.equal((await send('POST', `/fr/report/${channel}`, formEncode(fieldsFor(channel, marker)), form)).statusCode, 200);
    assert.equal((await send('POST', '/api/v1/reports', JSON.stringify({ channel, fields: fieldsFor(channel, marker) }), json)).statusCode, 201);
  }
  assert.equal(
    (await send('POST', '/en/report/child-abuse', formEncode({ ...fieldsFor('child-abuse', marker), email: `not an email ${marker}` }), form)).statusCode,
    400,
  );
  assert.equal((await send('POST', '/api/v1/reports', JSON.stringify({ channel: marker, fields: {} }), json)).statusCode, 400);
  assert.equal((await send('POST', '/api/v1/reports', `{"channel": "${marker}", `, json)).statusCode, 400);
  assert.equal((await send('POST', '/api/v1/reports', `<channel>${marker}</channel>`, 'application/xml')).statusCode, 415);
  assert.equal(
    (await send('POST', '/en/report/online', `description=${marker.repeat(Math.ceil(REPORT_BODY_LIMIT / marker.length) + 1)}`, form)).statusCode,
    413,
  );
  for (let i = 0; i < 4; i++) await send('POST', '/api/v1/reports/status', JSON.stringify({ receipt: `${marker.slice(0, 16)}` }), json);
  assert.equal(statuses.at(-1), 429);

  // A failure on our side: the report's history table is gone. The visitor gets a 503 (send it
  // again) that names nothing internal, the operator gets an error line, and neither has the
  // visitor in it.
  const before = await countReports(haven.store);
  await sql`ALTER TABLE report_events RENAME TO report_events_moved`.execute(haven.store.db);
  const failed = await send('POST', '/api/v1/reports', JSON.stringify({ channel: 'online', fields: fieldsFor('online', marker) }), json);
  assert.equal(failed.statusCode, 503);
  assert.ok(!failed.body.includes('report_events'), `the answer names nothing internal: ${failed.body}`);
  const failedPage = await send('POST', '/en/report/travel', formEncode(fieldsFor('travel', marker)), form);
  assert.equal(failedPage.statusCode, 503);
  assert.ok(!failedPage.body.includes('report_events'), 'the page names nothing internal');
  assert.equal(await countReports(haven.store), before, 'a failed submission leaves no partial report');
  await sql`ALTER TABLE report_events_moved RENAME TO report_events`.execute(haven.store.db);

  assert.ok(
    lines.some((l) => l.includes('request completed')),
    'requests were logged (LOG_LEVEL=debug)',
  );
  assert.ok(
    lines.some((l) => JSON.parse(l).level >= 50),
    'the failure was logged as an error',
  );
  const leaks = lines.filter((l) => secrets.some((s) => l.includes(s)));
  assert.deepEqual(leaks, [], 'log lines with the visitor in them');

  const stored = haven.engine === 'postgres' && haven.databaseUrl ? await findInPostgres(haven.databaseUrl, secrets) : findInFiles(haven.dataDir, secrets);
  assert.deepEqual(stored, [], 'the visitor stored in the database');
});

test('a request the HTTP parser refuses leaves no address or user agent in a trace log', async (t) => {
  const server = await startServer(t, { DATA_DIR: tempDir(t), HOST: '127.0.0.1', LOG_LEVEL: 'trace' });
  const marker = newMarker();
  // A header line without a colon: Node refuses it before Haven sees a request, and reports the
  // raw bytes it read with the error.
  const raw = `GET /en/ HTTP/1.1\r\nHost: localhost\r\nUser-Agent: HavenProbe/3.0 (${marker})\r\nX-Forwarded-For: 198.51.100.9\r\nnot a header ${marker}\r\n\r\n`;
  const { port } = new URL(server.url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(raw));
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  await new Promise((r) => setTimeout(r, 200));
  const output = server.output();
  assert.match(output, /"level":10|"level":20/, 'the trace log is on');
  for (const secret of [marker, '198.51.100.9', 'HavenProbe']) {
    assert.ok(!output.includes(secret), `${secret} is in the log:\n${output}`);
    // Also as the list of byte values a logged Buffer becomes in JSON.
    assert.ok(!output.includes([...Buffer.from(secret)].join(',')), `${secret} is in the log as bytes`);
  }
});
