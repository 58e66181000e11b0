// The operators' command line: `npx haven <command>`. Uses the same configuration (environment
// variables) as the server. The command is read before anything is opened, so `--help` or a typo
// creates nothing; the audit checks open the database read-only and change nothing.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createOrganisation } from './accounts/accounts.service.ts';
import { readAuditHead } from './audit/audit.ts';
import { signCheckpoint, writeCheckpoint } from './audit/audit.checkpoints.ts';
import { verifyAuditLog } from './audit/audit.verify.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { loadServerKeys, type ServerKeys } from './crypto/secrets.ts';
import { secureDataDir } from './db/data-dir.ts';
import { openStore, readSetting, type Store, sharedSetting } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openReadOnlyStore } from './db/read-only-store.ts';

const USAGE = `usage: haven <command>
  migrate                                   bring the database schema up to date
  create-organisation <id> <police|hotline> <name> <first-member-login>
                                            a recipient organisation and its first member
                                            (password from HAVEN_PASSWORD, or generated and printed once)
  audit verify                              check the audit log: every entry's keyed hash, and every
                                            signed checkpoint in AUDIT_CHECKPOINT_FILE; exit 1 on any
                                            problem (reads only; verify-audit is the same)
  audit head                                print the log's signed head as one JSON line: keep it
                                            outside this server; lines kept in a file can be checked
                                            with AUDIT_CHECKPOINT_FILE=that-file haven audit verify
  help                                      this text (also --help, -h)`;

class CliError extends Error {
  override name = 'CliError';
}

const SECRET_MISMATCH = 'this database was set up with a different server secret: set HAVEN_SECRET (or DATA_DIR) as the server has it';

type Command = (config: Config, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  migrate: (config) =>
    withStore(config, async () => {
      console.log('database schema is up to date');
      return 0;
    }),
  'create-organisation': createOrganisationCommand,
  audit: (config, [sub, ...rest]) => {
    if (sub === 'verify' && rest.length === 0) return verifyCommand(config);
    if (sub === 'head' && rest.length === 0) return headCommand(config);
    return usage(2);
  },
  'verify-audit': (config) => verifyCommand(config),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return usage(0);
  // Own properties only: `haven constructor` is not a command.
  if (command === undefined || !Object.hasOwn(COMMANDS, command)) return usage(2);
  return COMMANDS[command]!(loadConfig(), args);
}

async function usage(code: number): Promise<number> {
  (code === 0 ? console.log : console.error)(USAGE);
  return code;
}

/** For commands that write: DATA_DIR made private, the schema brought up to date. */
async function withStore(config: Config, run: (store: Store) => Promise<number>): Promise<number> {
  secureDataDir(config.dataDir);
  const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(store.db);
    return await run(store);
  } finally {
    await store.db.destroy();
  }
}

async function createOrganisationCommand(config: Config, args: string[]): Promise<number> {
  const [id, kind, name, login] = args;
  if (!id || (kind !== 'police' && kind !== 'hotline') || !name || !login) return usage(2);
  return withStore(config, async (store) => {
    const keys = loadServerKeys(config.dataDir, config.secret);
    // Entries keyed with another secret than the server's would never verify.
    if ((await sharedSetting(store.db, 'secret-fingerprint', keys.fingerprint)) !== keys.fingerprint) throw new CliError(SECRET_MISMATCH);
    const password = process.env.HAVEN_PASSWORD || randomBytes(15).toString('base64url');
    await createOrganisation(store, keys, { id, kind, name }, { login, password, role: 'lead' }, 'cli');
    // The server's checkpoints may be minutes away (or it may not be running): sign the new head now.
    await writeCheckpoint(store, keys, config.auditCheckpointFile);
    console.log(`organisation ${id} created; first member ${login}`);
    if (!process.env.HAVEN_PASSWORD) console.log(`password (shown once): ${password}`);
    return 0;
  });
}

/** For the audit checks: nothing created, migrated or changed, not even the secret file. */
async function withReadOnlyStore(config: Config, run: (store: Store, keys: ServerKeys) => Promise<number>): Promise<number> {
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

function verifyCommand(config: Config): Promise<number> {
  return withReadOnlyStore(config, async (store, keys) => {
    const verdict = await verifyAuditLog(store.db, keys, config.auditCheckpointFile);
    if (verdict.problems.length > 0) {
      console.error(`audit log NOT intact (${verdict.entries} entries, checkpoints in ${config.auditCheckpointFile}):`);
      for (const problem of verdict.problems) console.error(`  - ${problem}`);
      return 1;
    }
    console.log(`audit log intact: ${verdict.entries} entries, head ${verdict.head}; checkpoints: ${verdict.checkpoints}, all signed and matching`);
    return 0;
  });
}

function headCommand(config: Config): Promise<number> {
  return withReadOnlyStore(config, async (store, keys) => {
    console.log(JSON.stringify(signCheckpoint(await readAuditHead(store.db), keys)));
    return 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof CliError;
    console.error(known ? `haven: ${error.message}` : error);
    process.exit(1);
  },
);
