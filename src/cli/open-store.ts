// How a command reaches the database. Commands that change something open it read-write (DATA_DIR
// made private, schema brought up to date), check the server secret, and sign a checkpoint of the
// audit log's head when they are done; commands that only look open it read-only and change
// nothing, not even the secret file.
import path from 'node:path';
import { writeCheckpoint } from '../audit/audit.checkpoints.ts';
import type { Config } from '../config.ts';
import { loadServerKeys, type ServerKeys } from '../crypto/secrets.ts';
import { secureDataDir } from '../db/data-dir.ts';
import { openStore, readSetting, type Store, sharedSetting } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openReadOnlyStore } from '../db/read-only-store.ts';
import { CliError } from './command-line.ts';

const SECRET_MISMATCH = 'this database was set up with a different server secret: set HAVEN_SECRET (or DATA_DIR) as the server has it';

/** DATA_DIR made private, the schema brought up to date; `migrate` needs no more. */
export async function withStore(config: Config, run: (store: Store) => Promise<number>): Promise<number> {
  secureDataDir(config.dataDir);
  const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(store.db);
    return await run(store);
  } finally {
    await store.db.destroy();
  }
}

/**
 * For commands that change something (each through `audited`): entries keyed with another secret
 * than the server's would never verify, so a differing secret is refused before anything is
 * written. Afterwards the new head is signed at once: the server's checkpoints may be minutes
 * away, or it may not be running.
 */
export function withKeyedStore(config: Config, run: (store: Store, keys: ServerKeys) => Promise<number>): Promise<number> {
  return withStore(config, async (store) => {
    const keys = loadServerKeys(config.dataDir, config.secret);
    if ((await sharedSetting(store.db, 'secret-fingerprint', keys.fingerprint)) !== keys.fingerprint) throw new CliError(SECRET_MISMATCH);
    const code = await run(store, keys);
    await writeCheckpoint(store, keys, config.auditCheckpointFile);
    return code;
  });
}

/** For commands that only read: nothing created, migrated or changed, not even the secret file. */
export async function withReadOnlyStore(config: Config, run: (store: Store, keys: ServerKeys) => Promise<number>): Promise<number> {
  process.umask(0o077);
  const file = path.join(config.dataDir, 'haven.db');
  let keys: ServerKeys;
  let store: Store;
  try {
    keys = loadServerKeys(config.dataDir, config.secret, { readOnly: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  try {
    store = openReadOnlyStore({ file, databaseUrl: config.databaseUrl });
  } catch (error) {
    throw new CliError(`cannot open the database ${file} (${(error as Error).message})`);
  }
  try {
    const recorded = await readSetting(store.db, 'secret-fingerprint');
    if (recorded !== undefined && recorded !== keys.fingerprint) throw new CliError(SECRET_MISMATCH);
    return await run(store, keys);
  } finally {
    await store.db.destroy();
  }
}
