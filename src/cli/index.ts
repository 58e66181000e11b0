// The operators' command line: `npx haven <command>` (bin/haven.mjs loads this file). Uses the
// same configuration (environment variables) as the server. The command line is read before
// anything is opened, so `--help` or a typo creates nothing; the audit checks open the database
// read-only and change nothing (the lists write their audit entry, as changes do).
import { ConfigError, loadConfig } from '../config.ts';
import { CatalogueError } from '../i18n/messages.ts';
import { adminCommand } from './admin.command.ts';
import { auditCommand, verify } from './audit.command.ts';
import { CliError, type Command, parse, UsageError } from './command-line.ts';
import { exportCommand } from './export.command.ts';
import { memberCommand } from './member.command.ts';
import { withStore } from './open-store.ts';
import { organisationCommand } from './organisation.command.ts';
import { purgeCommand } from './purge.command.ts';

const USAGE = `usage: haven <command>
  migrate                                   bring the database schema up to date
  admin create LOGIN [--role admin|editor] [--locale en|fr|de]
                                            an operator account (admin by default, or editor); prints the
                                            one-time link (valid 24 h) with which they set their password
                                            and second factor
  organisation create --id ID --kind police|hotline --name NAME --supervisor EMAIL [--locale en|fr|de]
                                            a recipient organisation; its first supervisor's invitation
                                            is mailed by the running server (the link is not printed:
                                            it carries the organisation key)
  organisation list                         every organisation: id, kind, name, members, and the key
                                            that verifies its exports (base64)
  member list ORGANISATION_ID               its members: login, role, status, second factor, key grant
  member remove LOGIN                       remove a member: sessions ended, grant deleted (also a
                                            supervisor whose removal would leave fewer than two holding
                                            the key, which supervisors may not do), or an operator
                                            account (never the last active admin)
  member reset-second-factor LOGIN          clear a member's authenticator and recovery codes and end
                                            their sessions: they enrol again at their next sign-in
  audit verify                              check the audit log: every entry's keyed hash, and every
                                            signed checkpoint in AUDIT_CHECKPOINT_FILE; exit 1 on any
                                            problem (reads only; verify-audit is the same)
  audit head                                print the log's signed head as one JSON line: keep it
                                            outside this server; lines kept in a file can be checked
                                            with AUDIT_CHECKPOINT_FILE=that-file haven audit verify
  export verify FILE                        check a report's export (.json or .html): unaltered, signed by
                                            which organisation, its audit entry in the log; exit 1 unless
                                            all hold (reads only)
  purge [--days N]                          remove closed reports past their channel's retention period
                                            (content/casework.yaml), or closed more than N days ago,
                                            keeping only their counts; prints the counts
  help                                      this text (also --help, -h, after any command)
Commands that change something, and the lists, write their audit entries and sign a checkpoint
of the log. The audit checks only read.`;

const COMMANDS: Record<string, Command> = {
  migrate: (config, args) => {
    parse(args, {}, 0);
    return withStore(config, async () => {
      console.log('database schema is up to date');
      return 0;
    });
  },
  admin: adminCommand,
  organisation: organisationCommand,
  member: memberCommand,
  audit: auditCommand,
  purge: purgeCommand,
  export: exportCommand,
  'verify-audit': (config, args) => {
    parse(args, {}, 0);
    return verify(config);
  },
};

const HELP = new Set(['help', '--help', '-h']);

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) return usage(2);
  if (HELP.has(command) || args.some((a) => a === '--help' || a === '-h')) return usage(0);
  // Own properties only: `haven constructor` is not a command.
  if (!Object.hasOwn(COMMANDS, command)) return usage(2, `unknown command ${JSON.stringify(command)}`);
  try {
    return await COMMANDS[command]!(loadConfig(), args);
  } catch (error) {
    if (error instanceof UsageError) return usage(2, error.message);
    throw error;
  }
}

function usage(code: number, problem?: string): number {
  if (problem) console.error(`haven: ${problem}`);
  (code === 0 ? console.log : console.error)(USAGE);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof CliError || error instanceof CatalogueError;
    console.error(known ? `haven: ${error.message}` : error);
    process.exit(1);
  },
);
