// What the report page's tests share: a report's address items, the fields abuse material asks
// for, and following a step's 303 back to the page as a browser does.
import assert from 'node:assert/strict';
import type { Injected, OfficeClient } from '../office/support.ts';
import type { TestHaven } from '../support/haven.ts';

/** A report's addresses as the page's forms name them (the hex of each keyed hash), in order. */
export async function itemsOf(haven: TestHaven, id: string): Promise<string[]> {
  const rows = await haven.store.db.selectFrom('report_urls').select('url_hash').where('report_id', '=', id).execute();
  return rows.map((r) => Buffer.from(r.url_hash).toString('hex'));
}

export const CSAM_FIELDS = { 'content-type': 'video', 'age-group': 'pre-pubescent', 'computer-generated': 'no', 'self-generated': 'yes' };

/** Follows a 303 to the report page, as a browser does. */
export async function follow(client: OfficeClient, response: Injected, what: string): Promise<Injected> {
  assert.equal(response.statusCode, 303, `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  const location = String(response.headers.location);
  const page = await client.get(location.split('#')[0] as string);
  assert.equal(page.statusCode, 200, `${what}: the page after`);
  return page;
}
