// What the queue's tests share: the reports a page lists, in its order.

/** The reports a queue page lists, in its order. */
export const rowsOf = (html: string) => [...html.matchAll(/data-report="([^"]+)"/g)].map((m) => m[1] as string);
