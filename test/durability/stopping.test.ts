// A stop (a deploy, a restart) must not turn away a report that is already on its way: a
// report whose request the server has begun to read when the stop begins is sealed, committed
// and answered with its receipt like any other, and the receipt works after the restart.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { startHaven } from '../../src/haven.ts';
import { testHaven } from '../support/haven.ts';
import { fieldsFor, newMarker, postJson } from '../support/reports.ts';

/** Everything the server sends on the socket until it closes it. */
async function readToEnd(socket: net.Socket): Promise<string> {
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  await once(socket, 'close');
  return text;
}

function parseResponse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** A request whose first line is sent now, and the rest by `finish`: until then the connection
 *  carries a request, so a stop does not close it as idle. */
async function begunRequest(port: number, requestLine: string) {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const answer = readToEnd(socket);
  socket.write(`${requestLine}\r\n`);
  return {
    async finish(rest: string) {
      socket.write(rest);
      return parseResponse(await answer);
    },
  };
}

test('a report the server has begun to read when a stop begins gets its receipt, and the receipt works after the restart', async (t) => {
  const haven = await testHaven(t);
  await haven.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = haven.app.server.address() as AddressInfo;

  const marker = newMarker();
  const body = JSON.stringify({ channel: 'online', fields: fieldsFor('online', marker) });
  const report = await begunRequest(port, 'POST /api/v1/reports HTTP/1.1');
  const health = await begunRequest(port, 'GET /healthz HTTP/1.1');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stopped = haven.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await report.finish(`Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const healthDuringStop = await health.finish('Host: 127.0.0.1\r\n\r\n');
  await stopped;
  assert.equal(healthDuringStop.status, 503, 'the health check tells a load balancer to send new visitors elsewhere');
  assert.equal(response.status, 201, `answered ${response.status}: ${response.body}`);
  assert.equal(response.headers.get('connection'), 'close', 'the client is told this connection ends with the answer');
  assert.ok(response.headers.get('content-security-policy'), 'the answer carries the usual security headers');
  const { receipt } = JSON.parse(response.body) as { receipt: string };

  const restarted = await startHaven(
    loadConfig({ DATA_DIR: haven.dataDir, LOG_LEVEL: 'silent', SEAL_WORKERS: '1', ...(haven.databaseUrl ? { DATABASE_URL: haven.databaseUrl } : {}) }),
  );
  // Closed here, not in an after hook: those run after the data directory and database are gone.
  try {
    const status = await postJson(restarted.app, '/api/v1/reports/status', { receipt });
    assert.equal(status.statusCode, 200, status.body);
    assert.deepEqual(
      (status.json() as { history: { status: string }[] }).history.map((h) => h.status),
      ['received'],
    );
  } finally {
    await restarted.close();
  }
});
