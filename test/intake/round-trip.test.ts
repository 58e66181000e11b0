// Promise 1 and 2 from the recipient's side: with an analyst's password the recipient
// organisation reads exactly what the reporter typed; the other organisation, a wrong password
// or the server alone cannot. Only what the workflow needs stays in clear, and coarsely.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { WrongCredentials } from '../../src/accounts/accounts.errors.ts';
import { unlockOrganisationKey } from '../../src/accounts/accounts.service.ts';
import { openSealed, SealBroken } from '../../src/crypto/box.ts';
import { reporterKeyPair } from '../../src/crypto/receipt.ts';
import { keyedHash } from '../../src/crypto/secrets.ts';
import { normaliseUrl } from '../../src/intake/report-fields.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { CHANNELS, fieldsFor, fileByApi, fileByForm, newMarker, type ReportFields, storedReport } from '../support/reports.ts';

function passwordOf(haven: TestHaven, login: string): string {
  const found = haven.demoCredentials.find((c) => c.login === login);
  assert.ok(found, `demo analyst ${login} exists`);
  return found.password;
}

test('the recipient organisation reads exactly what was typed; nobody else can', async (t) => {
  const haven = await testHaven(t);
  const police = await unlockOrganisationKey(haven.store, 'police-analyst', passwordOf(haven, 'police-analyst'));
  const hotline = await unlockOrganisationKey(haven.store, 'hotline-analyst', passwordOf(haven, 'hotline-analyst'));
  assert.equal(police.organisationId, 'police-demo');
  assert.equal(hotline.organisationId, 'hotline-demo');

  for (const channel of CHANNELS) {
    for (const [via, file] of [
      ['form', fileByForm],
      ['API', fileByApi],
    ] as const) {
      await t.test(`${channel} by ${via}`, async () => {
        const typed: ReportFields = fieldsFor(channel, newMarker());
        const report = await storedReport(haven, await file(haven.app, channel, typed));
        const [own, other] = channel === 'online' ? [hotline, police] : [police, hotline];
        assert.equal(report.organisation_id, own.organisationId);

        const opened = JSON.parse(openSealed(Buffer.from(report.sealed_body), own.keys).toString('utf8')) as { channel: string; fields: ReportFields };
        assert.equal(opened.channel, channel);
        assert.deepEqual(opened.fields, typed);

        assert.throws(() => openSealed(Buffer.from(report.sealed_body), other.keys), SealBroken, 'the other organisation cannot open it');
      });
    }
  }
});

test('a wrong password, or another analyst’s, unlocks nothing', async (t) => {
  const haven = await testHaven(t);
  const police = passwordOf(haven, 'police-analyst');
  const hotline = passwordOf(haven, 'hotline-analyst');
  await assert.rejects(unlockOrganisationKey(haven.store, 'police-analyst', `${police}x`), WrongCredentials);
  await assert.rejects(unlockOrganisationKey(haven.store, 'police-analyst', hotline), WrongCredentials);
  await assert.rejects(unlockOrganisationKey(haven.store, 'police-analyst', ''), WrongCredentials);
  await assert.rejects(unlockOrganisationKey(haven.store, 'nobody', police), WrongCredentials);
});

test('what stays in clear is what the workflow needs, and times only to the hour', async (t) => {
  const haven = await testHaven(t);
  const online = fieldsFor('online', newMarker());
  const travel = fieldsFor('travel', newMarker());
  const onlineReport = await storedReport(haven, await fileByApi(haven.app, 'online', online));
  const travelReport = await storedReport(haven, await fileByForm(haven.app, 'travel', travel));

  assert.equal(travelReport.category, 'suspicious-behaviour');
  assert.equal(travelReport.country, 'TH');
  assert.equal(onlineReport.category, 'images');
  assert.equal(onlineReport.country, null);
  for (const report of [onlineReport, travelReport]) {
    assert.match(report.received_hour, /^\d{4}-\d\d-\d\dT\d\d:00Z$/, 'arrival kept to the hour');
    // The reporter's key pair comes from the receipt, so only the receipt holder can read replies.
    assert.deepEqual(Buffer.from(report.reporter_public_key), reporterKeyPair(report.canonical).publicKey);
    // Keyed, not a plain digest anyone holding the receipt list could recompute.
    assert.notDeepEqual(Buffer.from(report.receipt_hash), createHash('sha256').update(report.canonical).digest());
  }
  const events = await haven.store.db.selectFrom('report_events').select(['report_id', 'type', 'at', 'actor']).execute();
  assert.equal(events.length, 2);
  for (const e of events) {
    assert.equal(e.type, 'received');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:00Z$/, 'history kept to the hour');
  }

  // Addresses are kept only as keyed hashes of their normalised form, for spotting duplicates.
  const urls = await haven.store.db.selectFrom('report_urls').selectAll().where('report_id', '=', onlineReport.id).execute();
  const expected = (online.urls as string[]).map((u) => keyedHash(haven.keys.url, normaliseUrl(u)).toString('hex')).sort();
  assert.deepEqual(urls.map((u) => Buffer.from(u.url_hash).toString('hex')).sort(), expected);

  // The same address written differently is the same address for duplicate detection.
  const path = `/dup-${newMarker()}`;
  const a = await storedReport(haven, await fileByApi(haven.app, 'online', { urls: [`HTTPS://Example.ORG${path}#top`], category: 'videos' }));
  const b = await storedReport(haven, await fileByApi(haven.app, 'online', { urls: [`example.org.${path}`], category: 'videos' }));
  const hashOf = async (id: string) =>
    (await haven.store.db.selectFrom('report_urls').select('url_hash').where('report_id', '=', id).executeTakeFirstOrThrow()).url_hash;
  assert.deepEqual(Buffer.from(await hashOf(a.id)), Buffer.from(await hashOf(b.id)));
});
