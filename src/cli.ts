// The operators' command line: `npx haven <command>`. Uses the same configuration (environment
// variables) as the server.
import { randomBytes } from 'node:crypto';
import { createOrganisation } from './accounts/accounts.service.ts';
import { verifyAuditChain } from './audit/audit.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openStore } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';

const USAGE = `usage: haven <command>
  migrate                                   bring the database schema up to date
  verify-audit                              check the audit log's hash chain; exit 1 if broken
  create-organisation <id> <police|hotline> <name> <first-member-login>
                                            a recipient organisation and its first member
                                            (password from HAVEN_PASSWORD, or generated and printed once)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadConfig();
  const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(store.db);
    switch (command) {
      case 'migrate':
        console.log('database schema is up to date');
        return 0;
      case 'verify-audit': {
        const { entries, brokenAt } = await verifyAuditChain(store.db);
        if (brokenAt !== undefined) {
          console.error(`audit log BROKEN at entry ${brokenAt} (of ${entries})`);
          return 1;
        }
        console.log(`audit log intact: ${entries} entries`);
        return 0;
      }
      case 'create-organisation': {
        const [id, kind, name, login] = args;
        if (!id || (kind !== 'police' && kind !== 'hotline') || !name || !login) {
          console.error(USAGE);
          return 2;
        }
        const password = process.env.HAVEN_PASSWORD || randomBytes(15).toString('base64url');
        await createOrganisation(store, { id, kind, name }, { login, password, role: 'lead' }, 'cli');
        console.log(`organisation ${id} created; first member ${login}`);
        if (!process.env.HAVEN_PASSWORD) console.log(`password (shown once): ${password}`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await store.db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `haven: ${error.message}` : error);
    process.exit(1);
  },
);
