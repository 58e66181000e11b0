// Helpers for the mail tests: a migrated store (SQLite, or a fresh PostgreSQL database when
// TEST_DATABASE_URL is set) that can be opened again on the same data, and a look at outbox rows.
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { freshPostgres, teardownInReverse, tempDir } from '../support/haven.ts';

type Hooks = Parameters<typeof teardownInReverse>[0];

export type OpenedStore = { store: Store; close(): Promise<void> };

/** A store with Haven's schema; `open()` opens another on the same file or database (a restart). */
export async function mailStore(t: Hooks): Promise<OpenedStore & { open(): OpenedStore }> {
  const hooks = teardownInReverse(t);
  const dataDir = tempDir(hooks);
  const databaseUrl = await freshPostgres(hooks);
  const open = (): OpenedStore => {
    const store = openStore({ dataDir, databaseUrl });
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= store.db.destroy());
    hooks.after(close);
    return { store, close };
  };
  const first = open();
  await migrateToLatest(first.store.db);
  return { ...first, open };
}

/** A key as ServerKeys.outbox is: 32 bytes. */
export const newKey = () => randomBytes(32);

export async function outboxRow(store: Store, id: string) {
  const row = await store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...row, payload: Buffer.from(row.payload) };
}

export const FROM = 'Haven <haven@example.org>';
