// The one write the account pages add: replacing a wrapped private key, only if it is still the
// one the new wrap was made from (two password changes at once: the second finds it gone).
import type { Audited } from '../audit/audit.ts';

export async function rewrapPrivateKey(trx: Audited, accountId: string, before: Buffer, after: Buffer): Promise<boolean> {
  const done = await trx
    .updateTable('accounts')
    .set({ wrapped_private_key: after })
    .where('id', '=', accountId)
    .where('wrapped_private_key', '=', before)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}
