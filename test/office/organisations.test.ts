// The operator admin's organisations page (create one: the first supervisor's link goes by mail and
// carries the new key; the admin never sees it) and the activity log, where a supervisor reads
// their organisation's entries and the admin the operator's (also what the operator did in an
// organisation), each with logins only from their side and system names in words.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { AUDIT_LABELS } from '../../src/activity/activity-log.ts';
import { AUDIT_ACTIONS, audited } from '../../src/audit/audit.ts';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { fileHaven } from '../support/haven.ts';
import { decodeEntities } from '../support/html.ts';
import { demoPassword, enrolInvited, signIn } from './support.ts';

const haven = fileHaven();
// A demo account enrols its second factor at its first sign-in; the later ones use that secret.
const secrets = new Map<string, string>();
async function login(name: string) {
  const known = secrets.get(name);
  const client = await signIn(haven().app, name, demoPassword(haven(), name), known ? { secret: known } : undefined);
  secrets.set(name, client.secret);
  return client;
}

test('every audit action has a label in every language', () => {
  const catalogue = loadCatalogue(CONTENT_DIR);
  for (const locale of LOCALES) {
    const t = translator(catalogue, locale);
    for (const action of AUDIT_ACTIONS) assert.notEqual(t(`office.audit.action.${action}`), `office.audit.action.${action}`, `${locale}: ${action}`);
    for (const label of AUDIT_LABELS) assert.notEqual(t(`office.audit.name.${label}`), `office.audit.name.${label}`, `${locale}: ${label}`);
    assert.match(t('office.audit.name.memberOf', { organisation: 'Acme' }), /Acme/, `${locale}: memberOf`);
  }
});

test('an admin creates an organisation; its first supervisor gets the key by mail, the admin never sees the link', async () => {
  const admin = await login('operator-admin');
  const list = await admin.get('/office/organisations');
  assert.equal(list.statusCode, 200);
  const row = (id: string) => new RegExp(`<tr data-organisation="${id}">[\\s\\S]*?</tr>`).exec(list.body)?.[0] ?? assert.fail(`a row for ${id}`);
  assert.match(row('police-demo'), /<td>2<\/td>/, 'two demo members');
  assert.match(row('hotline-demo'), /<td>2<\/td>/);

  const valid = { id: 'police-north', name: 'North Police Unit', kind: 'police', email: 'north-lead@example.org', locale: 'fr' };
  for (const [fields, message] of [
    [{ ...valid, id: 'Police North!' }, /Enter an identifier of 2 to 40 lower-case letters/],
    [{ ...valid, id: 'police-demo' }, /There is already an organisation with this identifier/],
    [{ ...valid, name: ' ' }, /Enter the name of the organisation/],
    [{ ...valid, kind: 'court' }, /Choose the kind of organisation/],
    [{ ...valid, email: 'not an address' }, /Enter an e-mail address in the correct format/],
    [{ ...valid, email: 'operator-admin' }, /Enter an e-mail address in the correct format/],
    [{ ...valid, locale: 'xx' }, /Choose the language of the invitation/],
  ] as const) {
    const refused = await admin.post('/office/organisations', fields);
    assert.equal(refused.statusCode, 400, JSON.stringify(fields));
    assert.match(decodeEntities(refused.body), message);
    assert.ok(refused.body.includes(`value="${fields.email}"`), 'what was typed is kept');
  }

  const created = await admin.post('/office/organisations', valid);
  assert.equal(created.statusCode, 303, created.body.slice(0, 300));
  assert.equal(created.headers.location, '/office/organisations?done=created');
  const after = await admin.get('/office/organisations?done=created');
  assert.match(after.body, /North Police Unit/);
  assert.match(after.body, /Its first supervisor has been sent an invitation by e-mail/);
  assert.doesNotMatch(after.body + created.body, /\/office\/enrol\//, 'the admin never sees the link');

  const password = `${randomBytes(12).toString('base64url')} compass`;
  const first = await enrolInvited(haven(), valid.email, password);
  assert.match((await first.get('/office/')).body, /data-key-held="true"/, 'the first supervisor holds the new key at once');
  const key = await unlockOrganisationKey(haven().store, valid.email, password);
  assert.equal(key.organisationId, 'police-north');
  const stored = await haven().store.db.selectFrom('organisations').select('public_key').where('id', '=', 'police-north').executeTakeFirstOrThrow();
  assert.ok(key.keys.publicKey.equals(Buffer.from(stored.public_key)));
  const members = await first.get('/office/members');
  assert.equal(members.statusCode, 200);
  assert.match(members.body, /north-lead@example\.org/);
});

test('the activity log: a supervisor reads their organisation’s, the admin the operator’s, logins resolved on their own side only', async () => {
  const police = await login('police-supervisor');
  await login('hotline-supervisor');
  const admin = await login('operator-admin');
  // What the operator does in an organisation: an admin invites a supervisor into it, the command
  // line lists its members (as `haven member list` writes it); and a sign-in with no such login.
  const invited = await admin.post('/office/organisations/police-demo/supervisors', { email: 'second-police-lead@example.org', locale: 'en' });
  assert.equal(invited.statusCode, 303, invited.body.slice(0, 300));
  await audited(
    haven().store,
    haven().keys,
    { actor: 'cli', action: 'members.listed', subject: 'organisation:police-demo', organisation: 'police-demo' },
    async () => undefined,
  );
  const stranger = await haven().app.inject({
    method: 'POST',
    url: '/office/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ login: 'nobody-here', password: 'not a password at all' }).toString(),
  });
  assert.equal(stranger.statusCode, 401, 'refused');
  const row = (actor: string, action: string, subject: string) => new RegExp(`<td>(?:${actor})</td>\\s*<td>${action}</td>\\s*<td>(?:${subject})</td>`);

  const policeLog = await police.get('/office/audit');
  assert.equal(policeLog.statusCode, 200);
  const policeText = decodeEntities(policeLog.body);
  assert.match(policeText, /<td>police-supervisor<\/td>\s*<td>Signed in<\/td>/);
  assert.match(policeText, row('demo set-up', 'Organisation created', 'Grand-Ducal Police — demo'));
  assert.match(policeText, row('the operator', 'Invitation sent', 'second-police-lead@example.org'), 'an operator account is "the operator"');
  assert.match(policeText, row("the operator's command line", 'Members listed', 'Grand-Ducal Police — demo'));
  assert.doesNotMatch(policeText, /hotline-supervisor|operator-admin|BEE SECURE/);
  assert.doesNotMatch(policeText, /<code>/, 'every name in words');
  assert.match(policeText, /\d{2}:\d{2}/, 'times to the minute');
  assert.doesNotMatch(policeText, /:\d{2}:\d{2}/, 'not to the second');

  const adminLog = await admin.get('/office/audit');
  assert.equal(adminLog.statusCode, 200);
  const adminText = decodeEntities(adminLog.body);
  assert.match(adminText, /<td>operator-admin<\/td>\s*<td>Signed in<\/td>/);
  assert.match(adminText, row('content import', 'Content imported', "the site's content"));
  assert.match(adminText, row('an unknown login', 'Sign-in failed', 'no active account'));
  // An admin's doings in an organisation, which another admin must see too.
  assert.match(adminText, row('operator-admin', 'Organisation created', 'North Police Unit'));
  assert.match(adminText, row('operator-admin', 'Invitation sent', 'a member of North Police Unit'));
  assert.match(adminText, row('operator-admin', 'Invitation sent', 'a member of Grand-Ducal Police — demo'));
  assert.match(adminText, row("the operator's command line", 'Members listed', 'Grand-Ducal Police — demo'));
  assert.doesNotMatch(adminText, /police-supervisor|hotline-supervisor|north-lead|second-police-lead/, 'no member of an organisation');
  assert.doesNotMatch(adminText, /<td>demo set-up<\/td>\s*<td>Organisation created/, 'nor what others did in an organisation');
  assert.doesNotMatch(adminText, /<code>/, 'every name in words');

  const french = await police.get('/office/audit?lang=fr');
  assert.match(decodeEntities(french.body), /Journal d’activité/);
  assert.match(decodeEntities(french.body), /Connexion/);
  assert.match(decodeEntities(french.body), /<td>l’opérateur<\/td>/);
});
