// Promise 8 for answers no route or hook writes: a request Node's HTTP parser refuses (a broken
// request line, headers too large) is answered by Haven with every security header its pages
// carry, a short body, and nothing of the request in the log. Raw TCP to a real Haven process:
// app.inject never goes through the parser.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { securityHeaders } from '../../src/web/security-headers.ts';
import { tempDir } from '../support/haven.ts';
import { newMarker } from '../support/reports.ts';
import { startServer } from '../support/server-process.ts';

const catalogue = loadCatalogue(CONTENT_DIR);

type RawAnswer = { status: number; headers: Map<string, string>; body: string };

/** Sends `bytes` as they are and reads the answer until the server closes the connection. */
function rawRequest(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    // The server may close while the request is still being written: what it answered counts.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.end(bytes);
  });
}

test('requests the HTTP parser refuses are answered with every security header, and not logged', { timeout: 120_000 }, async (t) => {
  // At the most talkative level: even then, nothing the client sent may reach the log.
  const server = await startServer(t, { DATA_DIR: tempDir(t), LOG_LEVEL: 'trace' });
  const port = Number(new URL(server.url).port);
  const marker = newMarker();
  const expected = securityHeaders();
  assert.ok(expected['content-security-policy'] && expected['x-content-type-options'], 'the headers to compare with');

  const cases = [
    { name: 'a malformed request line', status: 400, bytes: `G@T /en/${marker} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ${marker}\r\n\r\n` },
    { name: 'a request line with a broken version', status: 400, bytes: `GET /en/${marker} HTTP/x.y\r\nUser-Agent: ${marker}\r\n\r\n` },
    {
      name: 'headers larger than the parser takes',
      status: 431,
      bytes: `GET /en HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ${marker}\r\nX-Forwarded-For: 198.51.100.7\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    },
  ];
  for (const c of cases) {
    const answer = await rawRequest(port, c.bytes);
    assert.equal(answer.status, c.status, `${c.name}: status`);
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(answer.headers.get(name), value, `${c.name}: ${name}`);
    }
    assert.equal(answer.headers.get('cache-control'), 'no-store', `${c.name}: cache-control`);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8$/, `${c.name}: a plain-text body`);
    assert.equal(Number(answer.headers.get('content-length')), Buffer.from(answer.body, 'latin1').length, `${c.name}: the body's length`);
    const body = Buffer.from(answer.body, 'latin1').toString('utf8');
    for (const locale of LOCALES)
      assert.ok(body.includes(translator(catalogue, locale)('errorPage.badRequest.text')), `${c.name}: says what happened, in ${locale}`);
    assert.ok(body.length < 600 && !body.includes(marker), `${c.name}: a short body that repeats nothing sent: ${body}`);
  }

  // Haven still answers afterwards, and its output holds nothing the client sent.
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  await server.kill('SIGTERM');
  assert.ok(!server.output().includes(marker), 'the refused requests (path, user agent) are not in the log');
  assert.ok(!server.output().includes('198.51.100.7'), 'nor the forwarded address');
});
