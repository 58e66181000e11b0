// What casework tests share: a Haven with the demo organisations, its members signed in through
// the real routes, and reports filed through the public API, found by their receipt.
import type { TestContext } from 'node:test';
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
