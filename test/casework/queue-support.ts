// What the queue's tests share: the rows a page lists, an operator editor signed in, and
// casework's services for a member, as the routes call them.
import assert from 'node:assert/strict';
import { createAdmin, unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { createCasework } from '../../src/casework/casework.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import type { Session } from '../../src/sessions/sessions.ts';
import { demoPassword, type OfficeClient, signIn } from '../office/support.ts';
import type { TestHaven } from '../support/haven.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The reports a queue page lists, in its order. */
export const rowsOf = (html: string) => [...html.matchAll(/data-report="([^"]+)"/g)].map((m) => m[1] as string);

/** An operator editor, invited as the command line does, enrolled and signed in. */
export async function signedInEditor(haven: TestHaven): Promise<OfficeClient> {
  const { token } = await createAdmin(haven.store, haven.keys, 'ops-editor', 'en', 'cli', 'editor');
  const password = 'a lantern by the quiet harbour';
  const enrolled = await haven.app.inject({
    method: 'POST',
    url: `/office/enrol/${token}`,
    headers: FORM,
    payload: new URLSearchParams({ password, passwordAgain: password, locale: 'en' }).toString(),
  });
  assert.equal(enrolled.statusCode, 303, enrolled.body.slice(0, 300));
  return signIn(haven.app, 'ops-editor', password);
}

/**
 * Casework's services for a member (take, classify, the queue). `recipients` hands a channel to
 * another organisation, so that one organisation's queue holds channels with different targets.
 */
export async function servicesFor(haven: TestHaven, login: string, recipients: Record<string, string> = {}) {
  const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
  const { keys } = await unlockOrganisationKey(haven.store, login, demoPassword(haven, login));
  const session: Session = { token: 'test', idHash: Buffer.alloc(32), stage: 'signed-in', account, organisationKey: keys, csrf: '', createdAt: 0 };
  const files = readContentFiles('content');
  const channel = (id: string) => {
    const found = files.channels.find((c) => c.id === id);
    return found && recipients[id] ? { ...found, recipient: recipients[id] } : found;
  };
  const casework = createCasework({
    store: haven.store,
    keys: haven.keys,
    schemes: createSchemes(files.casework),
    channel,
    letters: {} as never,
    now: Date.now,
  });
  return { session, casework };
}
