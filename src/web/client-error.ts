// Answers to requests Node's HTTP parser refuses (a malformed request line, headers too large, a
// request that took too long): they never reach Fastify's routes or hooks, and Fastify's own
// answer carries none of Haven's security headers. This one does, with a short plain-text body
// in every language of the site (nothing of the request can be trusted to choose one).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

type ClientError = Error & { code?: string };

/** The status Node itself would give each parse error (as in its own `socketOnError`). */
function statusOf(error: ClientError): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

/** The raw answer, headers and all: Haven's security headers, no-store, and the connection closed. */
export function clientErrorAnswer(status: number, securityHeaders: Record<string, string>, text: string): string {
  const reason = http.STATUS_CODES[status] ?? 'Bad Request';
  const body = `${text}\n`;
  const headers = {
    ...securityHeaders,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Fastify's `clientErrorHandler`; `text` is the body. The error's `rawPacket` holds the client's
 * bytes (headers, user agent, a forwarded address): only the error's code is logged, at debug.
 */
export function clientErrorHandler(securityHeaders: Record<string, string>, text: string) {
  const answers = new Map([400, 408, 431].map((status) => [status, clientErrorAnswer(status, securityHeaders, text)]));
  return function (this: { log: FastifyBaseLogger }, error: ClientError, socket: Socket) {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    this.log.debug({ code: error.code }, 'request refused by the HTTP parser');
    // Never write into an answer already under way on this connection (keep-alive): the client
    // would read a corrupted answer. Node's own handler makes the same check.
    const inFlight = (socket as Socket & { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?._headerSent) socket.write(answers.get(statusOf(error)) as string);
    socket.destroy(error);
  };
}
