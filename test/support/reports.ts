// Test data for reports: complete, valid field sets for each hosted channel with a unique marker
// in every field a reporter types, and the two ways a report arrives (HTML form, JSON API).
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { parseReceipt, receiptLookupHash } from '../../src/crypto/receipt.ts';
import type { Store } from '../../src/db/database.ts';
import type { TestHaven } from './haven.ts';

export const CHANNELS = ['child-abuse', 'travel', 'online'] as const;
export type ChannelId = (typeof CHANNELS)[number];

/** A marker no database, file or log line could hold by chance. */
export function newMarker(): string {
  return randomBytes(12).toString('hex');
}

/** A valid Luxembourg mobile number that appears nowhere else (phones cannot carry letters). */
export function uniquePhone(): string {
  return `+352 691 ${randomInt(100, 1000)} ${randomInt(100, 1000)}`;
}

export type ReportFields = Record<string, string | string[] | boolean>;

/**
 * Every free-text, address and identity field filled, each carrying the marker `m` (hex). Values
 * are already in the form validation keeps (trimmed, NFC, \n line ends), so what is sealed must
 * equal them exactly; the texts include markup, quotes and characters outside Latin-1.
 */
export function fieldsFor(channel: ChannelId, m: string, phone = uniquePhone()): ReportFields {
  const text = (field: string) => `MARKER-${m} ${field}: Zoë <b>"quoted" & 'single'</b> — 日本 😀`;
  const identity = { name: `MARKER-${m} Jeanne Dupont`, email: `marker-${m}@example.org`, phone };
  const declarations = { acknowledgeFalseReports: true, acknowledgeFinal: true };
  switch (channel) {
    case 'child-abuse':
      return {
        category: 'grooming',
        description: `${text('description')}\nsecond line\n\nafter a blank line`,
        when: text('when'),
        where: text('where'),
        child: text('child'),
        suspect: text('suspect'),
        ...identity,
        ...declarations,
      };
    case 'travel':
      return {
        category: 'suspicious-behaviour',
        country: 'TH',
        place: text('place'),
        when: text('when'),
        description: `${text('description')}\nsecond line`,
        child: text('child'),
        suspect: text('suspect'),
        ...identity,
        ...declarations,
      };
    case 'online':
      return {
        urls: [`https://example.org/MARKER-${m}/page?q=MARKER-${m}`, `http://marker-${m}.example.net/a`],
        category: 'images',
        description: `${text('description')}\nsecond line`,
        contact: `marker-${m}@example.org`,
      };
  }
}

/** The fields as a browser posts the form: URLs one per line, ticked boxes as "yes". */
export function formEncode(fields: Record<string, unknown>, lineEnd = '\r\n'): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === true) params.append(name, 'yes');
    else if (value === false || value === undefined) continue;
    else if (Array.isArray(value)) params.append(name, value.join(lineEnd));
    else params.append(name, String(value).replace(/\r?\n/g, lineEnd));
  }
  return params.toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

export function postForm(app: FastifyInstance, url: string, fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload: formEncode(fields), headers: { ...FORM, ...headers } });
}

export function postJson(app: FastifyInstance, url: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

/** The identification number as the receipt page shows it (its text: each group is in an element of its own). */
export function receiptOnPage(html: string): string {
  const match = /<p class="receipt"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  const text = match?.[1]?.replace(/<[^>]*>/g, '').trim();
  if (!text) throw new Error('no receipt on the page');
  return text;
}

/** Files a report through the HTML form; returns the receipt shown to the visitor. */
export async function fileByForm(app: FastifyInstance, channel: ChannelId, fields: ReportFields, locale = 'en'): Promise<string> {
  const response = await postForm(app, `/${locale}/report/${channel}`, fields);
  if (response.statusCode !== 200) throw new Error(`form answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return receiptOnPage(response.body);
}

/** Files a report through the JSON API; returns the receipt in the answer. */
export async function fileByApi(app: FastifyInstance, channel: ChannelId, fields: ReportFields): Promise<string> {
  const response = await postJson(app, '/api/v1/reports', { channel, fields });
  if (response.statusCode !== 201) throw new Error(`API answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return (response.json() as { receipt: string }).receipt;
}

export async function countReports(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The stored row of the report a receipt (as shown, or canonical) leads to; throws if none. */
export async function storedReport(haven: Pick<TestHaven, 'store' | 'keys'>, receipt: string) {
  const canonical = parseReceipt(receipt);
  if (!canonical) throw new Error(`${receipt} is not a receipt`);
  const row = await haven.store.db
    .selectFrom('reports')
    .selectAll()
    .where('receipt_hash', '=', receiptLookupHash(haven.keys.receipt, canonical))
    .executeTakeFirstOrThrow();
  return { ...row, canonical };
}
