// What casework tests share: a Haven with the demo organisations, its members signed in through
// the real routes, and reports filed through the public API, found by their receipt.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { createAdmin, unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { type Casework, createCasework } from '../../src/casework/casework.ts';
import { createSchemes } from '../../src/casework/schemes.ts';
import { readContentFiles } from '../../src/content/content.loader.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import type { Session } from '../../src/sessions/sessions.ts';
import { demoPassword, type OfficeClient, signIn } from '../office/support.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { type ChannelId, fieldsFor, fileByApi, newMarker, type ReportFields, storedReport } from '../support/reports.ts';

export type Filed = { id: string; receipt: string; marker: string };

/** Files a report through the public API; its id (as the office knows it) and the receipt. */
export async function fileReport(haven: TestHaven, channel: ChannelId = 'online', fields?: ReportFields): Promise<Filed> {
  const marker = newMarker();
  const receipt = await fileByApi(haven.app, channel, fields ?? fieldsFor(channel, marker));
  const row = await storedReport(haven, receipt);
  return { id: row.id, receipt, marker };
}

export type Staff = {
  hotlineAnalyst: OfficeClient;
  hotlineSupervisor: OfficeClient;
  policeAnalyst: OfficeClient;
  admin: OfficeClient;
};

/** Signs in the demo members (and the operator's admin) once each. */
export async function signInStaff(haven: TestHaven): Promise<Staff> {
  const login = (name: string) => signIn(haven.app, name, demoPassword(haven, name));
  return {
    hotlineAnalyst: await login('hotline-analyst'),
    hotlineSupervisor: await login('hotline-supervisor'),
    policeAnalyst: await login('police-analyst'),
    admin: await login('operator-admin'),
  };
}

/** A Haven (SQLite, or PostgreSQL under TEST_DATABASE_URL) with the staff signed in. */
export async function caseworkHaven(t: TestContext, config: Record<string, string> = {}) {
  const haven = await testHaven(t, config);
  return { haven, staff: await signInStaff(haven) };
}

export const accountIdOf = async (haven: TestHaven, login: string) =>
  (await haven.store.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;

const contentFiles = readContentFiles(CONTENT_DIR);

/**
 * Casework's services as the office routes call them, and members' sessions holding their
 * organisation key (opened with the demo password), for tests that act below the routes.
 */
export function caseworkServices(haven: TestHaven, options: { now?: () => number; recipients?: Record<string, string> } = {}) {
  const now = options.now ?? Date.now;
  // `recipients` hands a channel to another organisation (one queue with channels of different targets).
  const channel = (id: string) => {
    const found = contentFiles.channels.find((c) => c.id === id);
    const recipient = options.recipients?.[id];
    return found && recipient ? { ...found, recipient } : found;
  };
  const casework = createCasework({
    store: haven.store,
    keys: haven.keys,
    schemes: createSchemes(contentFiles.casework),
    channel,
    letters: {} as never,
    now,
  });
  const sessionOf = async (login: string, options: { withKey?: boolean } = {}): Promise<Session> => {
    const account = await haven.store.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
    const session: Session = { token: 'test', idHash: Buffer.alloc(32), stage: 'signed-in', account, csrf: '', createdAt: now() };
    if (options.withKey === false) return session;
    const { keys } = await unlockOrganisationKey(haven.store, login, demoPassword(haven, login));
    return { ...session, organisationKey: keys };
  };
  return { casework, sessionOf };
}

/** Closed the way a case ends: action taken, then closed (closing what nobody decided waits for a second member). */
export async function closeReport(casework: Casework, session: Session, reportId: string): Promise<void> {
  await casework.decisions.setStatus(session, reportId, 'actioned');
  await casework.decisions.setStatus(session, reportId, 'closed');
}

/** A member's session (holding the organisation key) and casework's services, as the routes call them. */
export async function servicesFor(haven: TestHaven, login: string, recipients: Record<string, string> = {}) {
  const { casework, sessionOf } = caseworkServices(haven, { recipients });
  return { session: await sessionOf(login), casework };
}

/** An operator editor, invited as the command line does, enrolled and signed in. */
export async function signedInEditor(haven: TestHaven, login = 'ops-editor'): Promise<OfficeClient> {
  const { token } = await createAdmin(haven.store, haven.keys, login, 'en', 'cli', 'editor');
  const password = 'a lantern by the quiet harbour';
  const enrolled = await haven.app.inject({
    method: 'POST',
    url: `/office/enrol/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ password, passwordAgain: password, locale: 'en' }).toString(),
  });
  assert.equal(enrolled.statusCode, 303, enrolled.body.slice(0, 300));
  return signIn(haven.app, login, password);
}
