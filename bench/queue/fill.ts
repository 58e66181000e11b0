// Filling the queue's bench: one organisation's reports, written straight into the tables in
// large batches (dummy sealed bytes: nothing is sealed), spread as a deployment's would be after
// three years; the same spread on both engines. Twenty more analysts to hold them.
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import type { Haven } from '../../src/haven.ts';
import { HOUR_MS } from '../../src/office/case-times.ts';

const BATCH = 20_000;
const HOUR = HOUR_MS;
const content = readContentFiles('content');
export const schemes = createSchemes(content.casework);
export const channelOf = (id: string) => content.channels.find((c) => c.id === id);

/** A small deterministic generator: the same spread on both engines. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export type Row = [string, string, string, string, string, string, string | null, string | null, string | null, number];
export const hourOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00Z`;

/**
 * Reports spread over three years, oldest first: all but a few older than a month are closed (a
 * few decided but never closed); the last month is a mix of new (some overdue), being assessed
 * (some awaiting confirmation), decided and closed. Most are held by one of the members. None was
 * closed longer than 30 days ago: else the daily purge, which first runs 10 s after Haven
 * starts, would delete them while the queue is timed (as if a deployment kept them for years).
 */
export function* reports(organisation: string, count: number, channels: string[], members: string[], seed: number): Generator<Row> {
  const random = generator(seed);
  const now = Date.now();
  const span = 3 * 365 * 24 * HOUR;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const at = now - span + Math.floor((i / count) * span);
    const channel = random() < 0.7 ? (channels[0] as string) : pick(channels);
    const category = pick(channelOf(channel)?.categories ?? []).id;
    const recent = now - at < 30 * 24 * HOUR;
    const r = random();
    const status = recent
      ? r < 0.25
        ? 'new'
        : r < 0.6
          ? 'assessing'
          : r < 0.75
            ? 'actioned'
            : r < 0.85
              ? 'no-action'
              : 'closed'
      : r < 0.003
        ? 'actioned'
        : r < 0.005
          ? 'no-action'
          : 'closed';
    const assignee = status === 'new' ? null : pick(members);
    const decided = status !== 'new' && status !== 'assessing';
    const classification = decided ? pick(schemes.of(channel).decisions).id : null;
    const awaiting = status === 'assessing' && random() < 0.05 ? 1 : 0;
    yield [
      randomUUID(),
      channel,
      organisation,
      category,
      hourOf(at),
      status,
      assignee,
      classification,
      status === 'closed' ? new Date(Math.max(at + 20 * 24 * HOUR, now - 30 * 24 * HOUR)).toISOString() : null,
      awaiting,
    ];
  }
}

/** Twenty more analysts in the big organisation, so that "held by" has a realistic spread. */
export async function moreMembers(haven: Haven, organisation: string): Promise<string[]> {
  const rows = Array.from({ length: 20 }, (_, i) => ({
    id: randomUUID(),
    login: `bench-analyst-${i}`,
    role: 'analyst' as const,
    organisation_id: organisation,
    email: null,
    locale: 'en',
    status: 'active' as const,
    public_key: null,
    wrapped_private_key: null,
    second_factor: null,
    second_factor_step: null,
    recovery_codes: null,
    invited_by: 'bench',
    created_at: new Date().toISOString(),
  }));
  await haven.store.db.insertInto('accounts').values(rows).execute();
  const members = await haven.store.db.selectFrom('accounts').select('id').where('organisation_id', '=', organisation).execute();
  return members.map((m) => m.id);
}

const COLUMNS = 'id, channel_id, organisation_id, category, received_hour, workflow_status, assignee_id, classification, closed_at, awaiting';
const SEALED = Buffer.alloc(64, 7);

export function fillSqlite(file: string, rows: Iterable<Row>, offset: number): void {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 10000');
  const insert = db.prepare(
    `INSERT INTO reports (${COLUMNS}, country, receipt_hash, reporter_public_key, sealed_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  let n = offset;
  const batch = db.transaction((list: Row[]) => {
    for (const row of list) {
      const receipt = Buffer.alloc(32);
      receipt.writeUInt32BE(n++, 0);
      insert.run(...row, receipt, SEALED.subarray(0, 32), SEALED);
    }
  });
  let list: Row[] = [];
  for (const row of rows) {
    list.push(row);
    if (list.length === BATCH) {
      batch(list);
      list = [];
    }
  }
  batch(list);
  db.close();
}

export async function fillPostgres(url: string, rows: Iterable<Row>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const flush = (list: Row[]) =>
    client.query(
      `INSERT INTO reports (${COLUMNS}, receipt_hash, reporter_public_key, sealed_body)
       SELECT t.*, decode(md5(t.id), 'hex'), $11::bytea, $11::bytea
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[]) AS t(id, channel_id, organisation_id, category, received_hour, workflow_status, assignee_id, classification, closed_at, awaiting)`,
      [...Array.from({ length: 10 }, (_, c) => list.map((r) => r[c])), SEALED],
    );
  try {
    let list: Row[] = [];
    for (const row of rows) {
      list.push(row);
      if (list.length === BATCH) {
        await flush(list);
        list = [];
      }
    }
    if (list.length) await flush(list);
    // What autovacuum does after a bulk load: statistics, and the visibility map that lets the
    // counts read the index alone.
    await client.query('VACUUM ANALYZE reports');
  } finally {
    await client.end();
  }
}
