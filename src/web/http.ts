// Small helpers every route uses to answer with HTML.
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from './render.ts';

/** Sends a page. HTML is never stored by browsers or proxies: a shared device keeps no copy. */
export function sendPage(reply: FastifyReply, view: VNode, status = 200): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(view));
}

/** Fastify's form parser gives strings or string arrays; JSON may give anything. */
export function asFields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
