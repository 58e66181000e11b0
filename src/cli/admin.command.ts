// `haven admin create LOGIN`: an operator admin's account, and the one-time link to enrol it.
// A fresh install has no default password: the first admin starts here.
import { ADMIN_LINK_HOURS, createAdmin } from '../accounts/accounts.service.ts';
import { enrolmentLink } from '../accounts/invitations.ts';
import type { Config } from '../config.ts';
import { localeOption, parse, refusal, UsageError } from './command-line.ts';
import { withKeyedStore } from './open-store.ts';

export async function adminCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub !== 'create') throw new UsageError(`unknown admin command ${JSON.stringify(sub ?? '')}`);
  const { values, positionals } = parse(args, { locale: { type: 'string' } }, 1);
  const login = positionals[0] as string;
  const locale = localeOption(values.locale);
  return withKeyedStore(config, async (store, keys) => {
    const { token } = await createAdmin(store, keys, login, locale, 'cli').catch(refusal);
    // The link is the only secret printed: whoever opens it first sets the admin's password.
    console.log(`admin ${login.trim()} invited: give them this link, privately; it enrols the account once, within ${ADMIN_LINK_HOURS} hours:`);
    console.log(enrolmentLink(config.publicUrl, token));
    return 0;
  });
}
