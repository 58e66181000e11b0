// The queue's fields as the query string gives them: the first value of each, at most 200
// characters; checked against the choices later (queue.service.ts).
import type { QueueQuery } from './queue.service.ts';

const QUERY_KEYS = ['channel', 'category', 'status', 'assignee', 'from', 'to', 'overdue', 'awaiting', 'sort', 'after'] as const;

/** The first value of a query string field, if it is text. */
export function queryValue(raw: unknown, key: string): string | undefined {
  const value = ((raw ?? {}) as Record<string, unknown>)[key];
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** The queue's fields from the query string: the first value of each, at most 200 characters. */
export function queueQuery(raw: unknown): QueueQuery {
  const query: QueueQuery = {};
  for (const key of QUERY_KEYS) {
    const value = queryValue(raw, key);
    if (value !== undefined) query[key] = value.slice(0, 200);
  }
  return query;
}
