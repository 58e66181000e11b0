// Recovery sheets through the pages: a supervisor issues a set (shown once, printable); later,
// when nobody who holds the key is left, a fresh supervisor invited by the operator's admin types
// two of the three sheets back and reads a report filed before. One sheet alone, or a sheet with
// a typo, is refused with its message, and every attempt is in the organisation's activity log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { deleteGrants } from '../../src/accounts/accounts.store.ts';
import { audited } from '../../src/audit/audit.ts';
import { openSealed } from '../../src/crypto/box.ts';
import { retireAccount } from '../../src/members/members.service.ts';
import { deleteSessionsOf } from '../../src/sessions/sessions.store.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { decodeEntities } from '../support/html.ts';
import { fieldsFor, fileByApi, newMarker, storedReport } from '../support/reports.ts';
import { adopt, demoPassword, enrolInvited, signIn } from './support.ts';

/** Takes a member out as the operator's `npx haven member remove` does: sessions, grant, key. */
async function removeAsOperator(haven: TestHaven, login: string): Promise<void> {
  const account = await haven.store.db.selectFrom('accounts').select(['id', 'login']).where('login', '=', login).executeTakeFirstOrThrow();
  await audited(
    haven.store,
    haven.keys,
    { actor: 'cli', action: 'account.removed', subject: `account:${account.id}`, organisation: 'police-demo' },
    async (trx) => {
      await deleteSessionsOf(trx, account.id);
      await deleteGrants(trx, account.id);
      await retireAccount(trx, account);
    },
  );
}

/** The sheets' texts as printed on the page, one string each. */
function sheetsOn(html: string): string[] {
  return [...html.matchAll(/<p class="recovery-sheet-text[^"]*">([\s\S]*?)<\/p>/g)].map((m) =>
    decodeEntities((m[1] ?? '').replace(/<br\s*\/?>/g, ' ').replace(/<[^>]*>/g, '')).trim(),
  );
}

/** The same text with one character changed (still a character a sheet may hold): a typo. */
function typo(text: string): string {
  const at = text.indexOf(' ') + 2;
  const changed = text[at] === '7' ? '8' : '7';
  return `${text.slice(0, at)}${changed}${text.slice(at + 1)}`;
}

test('two of three sheets issued through the page rebuild the key for a fresh supervisor; one sheet or a typo is refused', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));

  const before = await police.get('/office/recovery');
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /data-issued="false"/);
  const noToken = await police.post('/office/recovery/sheets', {}, { csrf: null });
  assert.equal(noToken.statusCode, 403);

  const issued = await police.post('/office/recovery/sheets');
  assert.equal(issued.statusCode, 200, issued.body.slice(0, 300));
  assert.equal(issued.headers['cache-control'], 'no-store');
  const sheets = sheetsOn(issued.body);
  assert.equal(sheets.length, 3);
  assert.equal(new Set(sheets).size, 3);
  assert.equal((issued.body.match(/<svg role="img" aria-label="Recovery text of sheet \d of 3"/g) ?? []).length, 3, 'a QR code per sheet');
  assert.match((await police.get('/office/recovery')).body, /data-issued="true"/);
  const set = await haven.store.db.selectFrom('recovery_sets').selectAll().where('organisation_id', '=', 'police-demo').executeTakeFirstOrThrow();
  for (const text of sheets) {
    assert.ok(!Buffer.from(set.sealed_key).toString('latin1').includes(text.replace(/ /g, '')), 'no sheet is stored');
  }

  // A report arrives for the police.
  const typed = fieldsFor('child-abuse', newMarker());
  const report = await storedReport(haven, await fileByApi(haven.app, 'child-abuse', typed));

  // Everyone has lost access (pretend): the operator's admin invites a fresh supervisor, whose
  // invitation carries no key and whose link the admin never sees.
  const admin = await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
  const email = 'fresh-supervisor@example.org';
  const invited = await admin.post('/office/organisations/police-demo/supervisors', { email, locale: 'en' });
  assert.equal(invited.statusCode, 303, invited.body.slice(0, 300));
  assert.equal(invited.headers.location, '/office/organisations?done=invited');
  const password = `${randomBytes(12).toString('base64url')} meadow`;
  const fresh = await enrolInvited(haven, email, password);
  assert.match((await fresh.get('/office/')).body, /data-key-held="false"/);
  const form = await fresh.get('/office/recovery');
  assert.equal(form.statusCode, 200);
  assert.equal((form.body.match(/<textarea/g) ?? []).length, 3, 'one field per sheet of the set');

  // One sheet alone: refused, and nothing is combined.
  const one = await fresh.post('/office/recovery/rebuild', { sheet1: sheets[0] as string });
  assert.equal(one.statusCode, 400);
  assert.match(decodeEntities(one.body), /Enter at least 2 different sheets of the current set/);
  // A typo on the second sheet: refused, naming it.
  const wrong = await fresh.post('/office/recovery/rebuild', { sheet1: sheets[0] as string, sheet2: typo(sheets[1] as string) });
  assert.equal(wrong.statusCode, 400);
  assert.match(decodeEntities(wrong.body), /The 2nd sheet you entered has a typing error/);
  assert.match(wrong.body, /id="sheet2-error"/, 'the message is at the sheet');
  // The same sheet twice.
  const twice = await fresh.post('/office/recovery/rebuild', { sheet1: sheets[0] as string, sheet2: (sheets[0] as string).toLowerCase() });
  assert.equal(twice.statusCode, 400);
  assert.match(decodeEntities(twice.body), /same sheet as one entered before/);
  assert.match((await fresh.get('/office/')).body, /data-key-held="false"/);

  // The members who lost access are removed by the operator (what `npx haven member remove` does).
  for (const login of ['police-supervisor', 'police-analyst']) await removeAsOperator(haven, login);

  // Sheets 1 and 3, typed loosely (lower case, dashes): the key is back, in a new session.
  const loose = (sheets[2] as string).toLowerCase().replace(/ /g, '-');
  const rebuilt = await fresh.post('/office/recovery/rebuild', { sheet1: sheets[0] as string, sheet3: loose });
  assert.equal(rebuilt.statusCode, 303, rebuilt.body.slice(0, 500));
  assert.equal(rebuilt.headers.location, '/office/recovery?done=recovered');
  const oldCookie = fresh.cookie;
  await adopt(haven.app, fresh, rebuilt);
  assert.notEqual(fresh.cookie, oldCookie);
  assert.equal((await haven.app.inject({ url: '/office/', headers: { cookie: oldCookie, accept: 'text/html' } })).statusCode, 401, 'the old session is gone');
  assert.match((await fresh.get('/office/')).body, /data-key-held="true"/);

  // The fresh supervisor's own password now opens the key, and the report with it.
  const key = await unlockOrganisationKey(haven.store, email, password);
  assert.equal(key.organisationId, 'police-demo');
  const opened = JSON.parse(openSealed(Buffer.from(report.sealed_body), key.keys).toString('utf8')) as { channel: string; fields: unknown };
  assert.equal(opened.channel, 'child-abuse');
  assert.deepEqual(opened.fields, typed);

  // Having the key, the rebuild form is gone: the page offers a new set instead.
  const after = await fresh.get('/office/recovery');
  assert.match(after.body, /action="\/office\/recovery\/sheets"/);
  assert.doesNotMatch(after.body, /<textarea/);

  const log = await haven.store.db
    .selectFrom('audit_log')
    .select(['action', 'detail'])
    .where('organisation_id', '=', 'police-demo')
    .where('action', 'in', ['recovery-sheets.issued', 'recovery.failed', 'organisation.recovered'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(log, [
    { action: 'recovery-sheets.issued', detail: '2 of 3' },
    { action: 'recovery.failed', detail: 'too-few-sheets' },
    { action: 'recovery.failed', detail: 'sheet-unreadable' },
    { action: 'recovery.failed', detail: 'same-sheet-twice' },
    { action: 'organisation.recovered', detail: null },
  ]);
});

test('while a supervisor still holds the key, a key rebuilt from sheets waits for their approval', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const sheets = sheetsOn((await police.post('/office/recovery/sheets')).body);
  const admin = await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
  const email = 'second-opinion@example.org';
  assert.equal((await admin.post('/office/organisations/police-demo/supervisors', { email, locale: 'en' })).statusCode, 303);
  const password = `${randomBytes(12).toString('base64url')} meadow`;
  const fresh = await enrolInvited(haven, email, password);

  const rebuilt = await fresh.post('/office/recovery/rebuild', { sheet1: sheets[0] as string, sheet2: sheets[1] as string });
  assert.equal(rebuilt.headers.location, '/office/recovery?done=pending');
  assert.match((await fresh.get('/office/')).body, /data-key-held="false"/);
  await assert.rejects(unlockOrganisationKey(haven.store, email, password), /WrongCredentials/, 'nothing opens before the approval');

  const id = (await haven.store.db.selectFrom('accounts').select('id').where('login', '=', email).executeTakeFirstOrThrow()).id;
  assert.equal((await police.post(`/office/members/${id}/approve`)).headers.location, '/office/members?done=approved');
  const key = await unlockOrganisationKey(haven.store, email, password);
  assert.equal(key.organisationId, 'police-demo');
});

test('new sheets replace the old ones, whose texts then rebuild nothing', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const old = sheetsOn((await police.post('/office/recovery/sheets')).body);
  const again = await police.post('/office/recovery/sheets');
  assert.match(again.body, /The sheets issued before these no longer work/);

  const admin = await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
  const email = 'another-supervisor@example.org';
  assert.equal((await admin.post('/office/organisations/police-demo/supervisors', { email, locale: 'fr' })).statusCode, 303);
  const fresh = await enrolInvited(haven, email, `${randomBytes(12).toString('base64url')} orchard`);
  const refused = await fresh.post('/office/recovery/rebuild', { sheet1: old[0] as string, sheet2: old[1] as string });
  assert.equal(refused.statusCode, 400);
  assert.match(decodeEntities(refused.body), /belongs to another set of sheets/);
});
