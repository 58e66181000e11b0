// `haven admin create LOGIN [--role admin|editor]`: an operator account (an admin by default, or an
// editor), and the one-time link to enrol it. A fresh install has no default password: the first
// admin starts here.
import { ADMIN_LINK_HOURS, createAdmin } from '../accounts/accounts.service.ts';
import { enrolmentLink } from '../accounts/invitations.ts';
import type { Config } from '../config.ts';
import { localeOption, parse, refusal, UsageError } from './command-line.ts';
import { withKeyedStore } from './open-store.ts';

const ROLES = ['admin', 'editor'] as const;
type OperatorRole = (typeof ROLES)[number];

function roleOption(value: string | undefined): OperatorRole {
  if (value === undefined) return 'admin';
  const role = ROLES.find((r) => r === value);
  if (!role) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return role;
}

export async function adminCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub !== 'create') throw new UsageError(`unknown admin command ${JSON.stringify(sub ?? '')}`);
  const { values, positionals } = parse(args, { role: { type: 'string' }, locale: { type: 'string' } }, 1);
  const login = positionals[0] as string;
  const role = roleOption(values.role);
  const locale = localeOption(values.locale);
  return withKeyedStore(config, async (store, keys) => {
    const { token } = await createAdmin(store, keys, login, locale, 'cli', role).catch(refusal);
    // The link is the only secret printed: whoever opens it first sets the account's password.
    console.log(`${role} ${login.trim()} invited: give them this link, privately; it enrols the account once, within ${ADMIN_LINK_HOURS} hours:`);
    console.log(enrolmentLink(config.publicUrl, token));
    return 0;
  });
}
