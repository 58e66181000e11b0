// A member unlocks their own organisation's key, and only through a grant for that organisation:
// a grant row naming another organisation (planted, or left by a bug) never stands in for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../../test/support/haven.ts';
import { openSealed, seal } from '../crypto/box.ts';
import { WrongCredentials } from './accounts.errors.ts';
import { unlockOrganisationKey } from './accounts.service.ts';

test("a member's grant for another organisation does not unlock anything", async (t) => {
  const haven = await testHaven(t);
  const { db } = haven.store;
  const password = (login: string) => haven.demoCredentials.find((c) => c.login === login)?.password ?? assert.fail(login);

  const police = await unlockOrganisationKey(haven.store, 'police-analyst', password('police-analyst'));
  assert.equal(police.organisationId, 'police-demo');
  assert.equal(openSealed(seal(Buffer.from('a report'), police.keys.publicKey), police.keys).toString(), 'a report', 'the key pair belongs together');

  // The police analyst loses their own grant and gets a row for the hotline's key instead.
  const hotline = await unlockOrganisationKey(haven.store, 'hotline-analyst', password('hotline-analyst'));
  const member = await db.selectFrom('accounts').select(['id', 'public_key']).where('login', '=', 'police-analyst').executeTakeFirstOrThrow();
  await db.deleteFrom('key_grants').where('account_id', '=', member.id).execute();
  await db
    .insertInto('key_grants')
    .values({
      organisation_id: 'hotline-demo',
      account_id: member.id,
      status: 'active',
      sealed_organisation_key: seal(hotline.keys.privateKey, Buffer.from(member.public_key ?? assert.fail('enrolled'))),
      pending_box: null,
      pending_key: null,
      granted_by: null,
      created_at: new Date().toISOString(),
      approved_by: null,
      approved_at: null,
    })
    .execute();
  await assert.rejects(unlockOrganisationKey(haven.store, 'police-analyst', password('police-analyst')), WrongCredentials);
});
