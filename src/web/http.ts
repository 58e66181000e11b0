// Answering with HTML: compression, no-store, and a memo for pages that only depend on content.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from './render.ts';

type Encoded = { html: Buffer; gzip?: Buffer; br?: Buffer };

// Below this size compression saves less than it costs.
const COMPRESS_FROM = 1024;

function send(request: FastifyRequest, reply: FastifyReply, page: Encoded, status: number): FastifyReply {
  reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'Accept-Encoding');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (page.br && /\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(page.br);
  if (page.html.length >= COMPRESS_FROM && /\bgzip\b/.test(accepted)) {
    return reply.header('content-encoding', 'gzip').send(page.gzip ?? gzipSync(page.html, { level: 6 }));
  }
  return reply.send(page.html);
}

/**
 * Sends a page rendered for this request. HTML is never stored by browsers or proxies
 * (no-store): a shared phone or computer keeps no copy of what was read or typed.
 */
export function sendPage(reply: FastifyReply, view: VNode, status = 200): FastifyReply {
  return send(reply.request, reply, { html: Buffer.from(renderDocument(view)) }, status);
}

/**
 * Pages that depend only on content and locale are rendered and compressed once, then served
 * from memory, until `generation` (the content watch's version) changes.
 */
export function createPageMemo(generation: () => string = () => '') {
  const pages = new Map<string, Encoded>();
  let built = generation();
  return (reply: FastifyReply, key: string, view: () => VNode): FastifyReply => {
    // Content published since: every page is rendered again, once.
    if (generation() !== built) {
      built = generation();
      pages.clear();
    }
    let page = pages.get(key);
    if (!page) {
      const html = Buffer.from(renderDocument(view()));
      page = {
        html,
        gzip: gzipSync(html, { level: 9 }),
        br: brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
      };
      pages.set(key, page);
    }
    return send(reply.request, reply, page, 200);
  };
}

/** Fastify's form parser gives strings or string arrays; JSON may give anything. */
export function asFields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
