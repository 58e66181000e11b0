// What every instance keeps in memory of the published content, and how it learns of a publish.
// A publish writes a new token in server_settings in its own transaction (markPublished); every
// instance reads that one row every few seconds (a version check, the same on SQLite and
// PostgreSQL) and, when it changed, reloads everything it keeps before it shows any of it.
// Public pages read the kept values: no query per request.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { readSetting, type Store } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

const SETTING = 'content-version';

/** Records, in the caller's transaction, that published content changed: every instance reloads. */
export async function markPublished(trx: Kysely<Database>): Promise<void> {
  const value = randomUUID();
  await trx
    .insertInto('server_settings')
    .values({ name: SETTING, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

export type ContentWatch = {
  /** Changes whenever the kept values were reloaded after a publish: memos of rendered pages key on it. */
  version(): string;
  /** Loads a value now and again after every publish; the getter gives the latest one. Call before start. */
  keep<T>(load: (store: Store) => Promise<T>): Promise<() => T>;
  /** Reloads now if something was published (after a publish of one's own, or from a timer). */
  check(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
};

export function createContentWatch({ store, everyMs, onError }: { store: Store; everyMs: number; onError?: (error: unknown) => void }): ContentWatch {
  const kept: { load: (store: Store) => Promise<unknown>; set: (value: unknown) => void }[] = [];
  let token: string | undefined;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function reload(): Promise<void> {
    const seen = (await readSetting(store.db, SETTING)) ?? '';
    if (seen === token) return;
    // Everything is loaded before anything is swapped: no page mixes two versions.
    const values = await Promise.all(kept.map((k) => k.load(store)));
    for (const [i, value] of values.entries()) kept[i]?.set(value);
    token = seen;
    generation++;
  }

  function check(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await reload();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    version: () => `${generation}`,
    async keep<T>(load: (store: Store) => Promise<T>) {
      // The token before the load: a publish in between is seen at the next check.
      token ??= (await readSetting(store.db, SETTING)) ?? '';
      let value = (await load(store)) as T;
      kept.push({ load, set: (v) => (value = v as T) });
      return () => value;
    },
    check,
    start() {
      timer = setInterval(() => check().catch((error) => onError?.(error)), everyMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
