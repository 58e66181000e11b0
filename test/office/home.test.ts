// The back office's home page reminds a supervisor who holds the key to issue recovery sheets,
// while their organisation has none (demo organisations start without), and only them: an analyst
// cannot act on it. Once the sheets are issued, the reminder is gone for that organisation only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { decodeEntities } from '../support/html.ts';
import { demoPassword, signIn } from './support.ts';

const REMINDER = /<p class="caveat" data-reminder="recovery-sheets">([\s\S]*?)<\/p>/;

test('a supervisor whose organisation has no recovery sheets is reminded to issue them, until they do', async (t) => {
  const haven = await testHaven(t);
  const police = await signIn(haven.app, 'police-supervisor', demoPassword(haven, 'police-supervisor'));
  const home = await police.get('/office/');
  assert.equal(home.statusCode, 200);
  const reminder = decodeEntities(REMINDER.exec(home.body)?.[1] ?? assert.fail('the reminder on the home page'));
  assert.match(reminder, /Issue your organisation's recovery sheets: without them, the reports are lost if every member forgets their password\./);
  assert.match(reminder, /<a href="\/office\/recovery">Issue the recovery sheets<\/a>/);
  assert.match(decodeEntities((await police.get('/office/?lang=fr')).body), /Émettez les feuilles de récupération de votre organisation/);

  const analyst = await signIn(haven.app, 'police-analyst', demoPassword(haven, 'police-analyst'));
  assert.doesNotMatch((await analyst.get('/office/')).body, /data-reminder/, 'an analyst cannot issue sheets');
  const admin = await signIn(haven.app, 'operator-admin', demoPassword(haven, 'operator-admin'));
  assert.doesNotMatch((await admin.get('/office/')).body, /data-reminder/);

  const issued = await police.post('/office/recovery/sheets');
  assert.equal(issued.statusCode, 200, issued.body.slice(0, 300));
  assert.doesNotMatch((await police.get('/office/')).body, /data-reminder/, 'gone once a set is issued');
  const hotline = await signIn(haven.app, 'hotline-supervisor', demoPassword(haven, 'hotline-supervisor'));
  assert.match((await hotline.get('/office/')).body, /data-reminder="recovery-sheets"/, 'still there for an organisation without sheets');
});
