// `haven member list|remove|reset-second-factor`: what an operator sees of members (never a key, a
// second-factor secret or a recovery code; each listing audited), removing a member or an operator
// account, and the way back for a member who lost their authenticator.
import {
  deleteGrants,
  deleteInvitations,
  findAccountByLogin,
  findOrganisation,
  findRecoverySet,
  listMembers,
  updateAccount,
} from '../accounts/accounts.store.ts';
import { type AuditEntry, type Audited, audited } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { retireAccount } from '../members/members.service.ts';
import { deleteSessionsOf } from '../sessions/sessions.store.ts';
import { CliError, parse, printTable, UsageError } from './command-line.ts';
import { withKeyedStore } from './open-store.ts';

export async function memberCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub === 'list') {
    const { positionals } = parse(args, {}, 1);
    return list(config, positionals[0] as string);
  }
  if (sub === 'remove') {
    const { positionals } = parse(args, {}, 1);
    return remove(config, positionals[0] as string);
  }
  if (sub === 'reset-second-factor') {
    const { positionals } = parse(args, {}, 1);
    return reset(config, positionals[0] as string);
  }
  throw new UsageError(`unknown member command ${JSON.stringify(sub ?? '')}`);
}

/** An organisation's members. Audited for that organisation, in the same transaction as the read. */
function list(config: Config, organisationId: string): Promise<number> {
  return withKeyedStore(config, async (store, keys) => {
    const rows = await audited(
      store,
      keys,
      (listed: string[][]) => ({
        actor: 'cli',
        action: 'members.listed',
        subject: `organisation:${organisationId}`,
        detail: `${listed.length} shown`,
        organisation: organisationId,
      }),
      async (trx) => {
        // Thrown inside: the transaction, with its entry, is rolled back.
        if (!(await findOrganisation(trx, organisationId))) throw new CliError(`no organisation ${organisationId}`);
        // Presenter: these five fields, nothing else of the rows (which hold public keys and the sealed factor).
        return (await listMembers(trx, organisationId)).map((m) => [m.login, m.role, m.status, m.second_factor ? 'yes' : 'no', m.grant_status ?? 'none']);
      },
    );
    printTable(['LOGIN', 'ROLE', 'STATUS', 'SECOND-FACTOR', 'GRANT'], rows, `no member in ${organisationId}`);
    return 0;
  });
}

function reset(config: Config, login: string): Promise<number> {
  return withKeyedStore(config, async (store, keys) => {
    const { sessions } = await resetSecondFactor(store, keys, login, 'cli');
    console.log(`${login}: second factor cleared, recovery codes too; ${sessions} session(s) ended.`);
    console.log('They enrol a new authenticator at their next sign-in, with their password.');
    return 0;
  });
}

/**
 * Removes an organisation's member, as a supervisor can, and also the one case a supervisor may
 * not: a supervisor whose removal leaves fewer than two holding the key (members/members.service.ts says why). Removes
 * an operator account (admin, editor) too, since no page does, but never the last active admin:
 * without one, nobody could create an organisation or invite a supervisor for a recovery.
 */
function remove(config: Config, login: string): Promise<number> {
  return withKeyedStore(config, async (store, keys) => {
    const account = await findAccountByLogin(store.db, login);
    if (!account || account.status === 'removed') throw new CliError(`no account ${login}`);
    const organisation = account.organisation_id;
    const entry: AuditEntry = { actor: 'cli', action: 'account.removed', subject: `account:${account.id}`, ...(organisation ? { organisation } : {}) };
    await audited(store, keys, entry, async (trx) => {
      if (account.role === 'admin' && account.status === 'active' && (await countActiveAdmins(trx, account.id)) === 0) {
        throw new CliError(
          `refused: ${login} is the last active operator admin, without whom nobody could create an organisation or invite a supervisor ` +
            'for a recovery. Create another admin first (haven admin create) and remove this one once they have enrolled.',
        );
      }
      if (organisation && (await holdsLastKey(trx, organisation, account.id))) {
        throw new CliError(
          `refused: ${login} is the last member of ${organisation} who holds its key, and it has no recovery sheets: ` +
            'removing them would lose every report. Have them grant access to another member (or issue recovery sheets) first.',
        );
      }
      await deleteSessionsOf(trx, account.id);
      await deleteGrants(trx, account.id);
      await deleteInvitations(trx, account.id);
      await retireAccount(trx, account);
    });
    console.log(
      organisation
        ? `${login} removed from ${organisation}: sessions ended, access to its reports withdrawn.`
        : `${login} (operator ${account.role}) removed: sessions ended, any unused enrolment link withdrawn.`,
    );
    return 0;
  });
}

/** Active operator admins other than `except`, counted inside the removal's transaction. */
async function countActiveAdmins(trx: Audited, except: string): Promise<number> {
  const row = await trx
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', 'is', null)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('id', '!=', except)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the account holds the organisation's key and nobody else does, with no recovery sheets to fall back on. */
async function holdsLastKey(trx: Audited, organisationId: string, accountId: string): Promise<boolean> {
  const holders = await trx
    .selectFrom('key_grants')
    .innerJoin('accounts', 'accounts.id', 'key_grants.account_id')
    .select('accounts.id')
    .where('key_grants.organisation_id', '=', organisationId)
    .where('key_grants.status', '=', 'active')
    .where('accounts.status', '=', 'active')
    .execute();
  if (!holders.some((h) => h.id === accountId) || holders.length > 1) return false;
  return !(await findRecoverySet(trx, organisationId));
}

type Reset = { accountId: string; organisation: string | null; sessions: number };

/**
 * Clears an account's TOTP secret, its last accepted step and its unused recovery codes, and ends
 * its sessions: the next sign-in, with the password, goes through enrolment again. Keys and
 * grants are untouched (the password still unwraps them), and nothing secret is read.
 */
async function resetSecondFactor(store: Store, keys: ServerKeys, login: string, actor: string): Promise<Reset> {
  return audited<Reset>(
    store,
    keys,
    (r) => ({ actor, action: 'second-factor.reset', subject: `account:${r.accountId}`, ...(r.organisation ? { organisation: r.organisation } : {}) }),
    async (trx) => {
      const account = await findAccountByLogin(trx, login);
      if (!account || account.status === 'removed') throw new CliError(`no account ${login}`);
      if (account.status === 'invited') throw new CliError(`${login} has not enrolled yet: there is no second factor to reset`);
      await updateAccount(trx, account.id, { second_factor: null, second_factor_step: null, recovery_codes: null });
      const ended = await deleteSessionsOf(trx, account.id);
      return { accountId: account.id, organisation: account.organisation_id, sessions: ended.reduce((n, r) => n + Number(r.numDeletedRows), 0) };
    },
  );
}
