// Exports a prosecutor can verify (POST /office/reports/:id/export, `haven export verify`).
// Refusals first: the operator's admin and editor get 403, the police 404 on a hotline report,
// a POST without its CSRF token 403, and none of them is audited. Then a hotline analyst exports
// a worked report: the envelope verifies with libsodium called directly (the recipe in
// docs/exports.md, not Haven's own code), carries the report, and names the audit entry that
// records the export; the command line verifies the .json and the printable page, and says
// "altered" for a statement with one character changed.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sodium from 'sodium-native';
import { cliEnv, runHaven } from '../cli/haven-cli.ts';
import { type TestHaven, tempDir } from '../support/haven.ts';
import { caseworkHaven, fileReport, servicesFor, signedInEditor } from './support.ts';

type Envelope = { format: string; statement: string; signature: string; signingKey: string };
type Statement = {
  format: string;
  document: {
    organisation: { id: string; name: string };
    report: {
      id: string;
      classification: string | null;
      fields: Record<string, unknown>;
      addresses: { given: string; defanged: string; classification: string | null; fields: Record<string, string> | null }[];
      history: { type: string; by: string; text?: string }[];
    };
    exported: { by: string; format: string };
  };
  audit: { seq: number; hash: string };
};

/** The documented recipe: base64-decode signature and key, verify the statement's UTF-8 bytes. */
function libsodiumVerifies(envelope: Envelope): boolean {
  const signature = Buffer.from(envelope.signature, 'base64');
  const key = Buffer.from(envelope.signingKey, 'base64');
  return sodium.crypto_sign_verify_detached(signature, Buffer.from(envelope.statement, 'utf8'), key);
}

const exportsAudited = async (haven: TestHaven) =>
  (await haven.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'report.exported').execute()).length;

test('exporting refuses the operator, another organisation and a POST without CSRF, and audits none of it', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const editor = await signedInEditor(haven);
  const hotline = await fileReport(haven, 'online');
  const url = `/office/reports/${hotline.id}/export`;
  const lastSeq = async () => (await haven.store.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq;
  const before = await lastSeq();

  for (const [who, client] of [
    ['operator admin', staff.admin],
    ['editor', editor],
  ] as const) {
    for (const format of ['json', 'html']) assert.equal((await client.post(url, { format })).statusCode, 403, `${who}: ${format}`);
  }
  // The police never learn that a hotline report exists, nor a guessed one.
  assert.equal((await staff.policeAnalyst.post(url, { format: 'json' })).statusCode, 404, 'police analyst: a hotline report');
  assert.equal((await staff.policeAnalyst.post(`/office/reports/${randomUUID()}/export`, { format: 'json' })).statusCode, 404, 'a guessed id');
  const withoutToken = await staff.hotlineAnalyst.post(url, { format: 'json' }, { csrf: null });
  assert.equal(withoutToken.statusCode, 403, 'no CSRF token');
  assert.doesNotMatch(withoutToken.body, /haven-export-envelope/);
  assert.equal((await staff.hotlineAnalyst.post(url, { format: 'pdf' })).statusCode, 400, 'an unknown format');

  assert.equal(await lastSeq(), before, 'no refusal wrote an audit entry');
  const history = await haven.store.db.selectFrom('report_events').select('type').where('report_id', '=', hotline.id).execute();
  assert.deepEqual(
    history.map((e) => e.type),
    ['received'],
    'nor an entry in the report’s history',
  );
});

test('a hotline analyst’s export verifies with libsodium and with `haven export verify`, and an altered one does not', async (t) => {
  const { haven, staff } = await caseworkHaven(t);
  const dir = tempDir(t);
  const filed = await fileReport(haven, 'online');
  const analyst = await servicesFor(haven, 'hotline-analyst');
  const supervisor = await servicesFor(haven, 'hotline-supervisor');

  // Worked first: taken, an address classified and confirmed by a second analyst, a note, a question.
  await analyst.casework.actions.take(analyst.session, filed.id);
  const opened = await analyst.casework.open(analyst.session, filed.id);
  const item = opened.addresses[0]?.item ?? assert.fail('an address');
  const fields = { 'content-type': 'video', 'age-group': 'pre-pubescent', 'computer-generated': 'no', 'self-generated': 'no' };
  assert.equal(await analyst.casework.decisions.classify(analyst.session, filed.id, { item, value: 'csam', fields }), 'pending');
  const pending = (await analyst.casework.open(analyst.session, filed.id)).decisions.find((d) => d.state === 'pending') ?? assert.fail('pending');
  await supervisor.casework.decisions.confirm(supervisor.session, pending.id);
  await analyst.casework.actions.addNote(analyst.session, filed.id, `Note ${filed.marker}: checked with our tools`);
  await analyst.casework.actions.sendMessage(analyst.session, filed.id, `Question ${filed.marker}: where did you find the link?`);

  // An organisation made before exports has no signing key on record: its first export records it.
  await haven.store.db.updateTable('organisations').set({ signing_public_key: null }).where('id', '=', 'hotline-demo').execute();

  const answer = await staff.hotlineAnalyst.post(`/office/reports/${filed.id}/export`, { format: 'json' });
  assert.equal(answer.statusCode, 200, answer.body.slice(0, 300));
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  assert.equal(answer.headers['content-disposition'], `attachment; filename="report-${filed.id}.json"`);
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');

  const envelope = JSON.parse(answer.body) as Envelope;
  assert.equal(envelope.format, 'haven-export-envelope/1');
  assert.ok(libsodiumVerifies(envelope), 'the signature verifies with libsodium');
  const statement = JSON.parse(envelope.statement) as Statement;
  assert.equal(statement.format, 'haven-export/1');
  const { document } = statement;
  assert.deepEqual(document.organisation.id, 'hotline-demo');
  assert.equal(document.report.id, filed.id);
  assert.equal(document.report.classification, 'csam');
  assert.match(String(document.report.fields.description), new RegExp(`MARKER-${filed.marker} description`));
  assert.deepEqual(document.report.addresses[0]?.fields, fields);
  assert.equal(document.report.addresses[0]?.classification, 'csam');
  assert.match(document.report.addresses[0]?.defanged ?? '', /^hxxps:\/\/example\[\.\]org\//);
  assert.ok(document.report.history.some((e) => e.type === 'note' && e.text?.includes(`Note ${filed.marker}`) && e.by === 'hotline-analyst'));
  assert.ok(document.report.history.some((e) => e.type === 'message' && e.text?.includes(`Question ${filed.marker}`)));
  assert.deepEqual([document.exported.by, document.exported.format], ['hotline-analyst', 'json']);

  // The key on record is the one that signed, and the audit entry is the one the statement names.
  const org = await haven.store.db.selectFrom('organisations').select('signing_public_key').where('id', '=', 'hotline-demo').executeTakeFirstOrThrow();
  assert.equal(Buffer.from(org.signing_public_key ?? Buffer.alloc(0)).toString('base64'), envelope.signingKey);
  const entry = await haven.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.exported').executeTakeFirstOrThrow();
  assert.deepEqual([entry.seq, Buffer.from(entry.hash).toString('hex')], [statement.audit.seq, statement.audit.hash]);
  assert.deepEqual([entry.subject, entry.organisation_id], [`report:${filed.id}`, 'hotline-demo']);
  const digest = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  assert.deepEqual(JSON.parse(entry.detail ?? '{}'), { format: 'json', sha256: digest });

  const env = cliEnv(haven.dataDir, haven.databaseUrl);
  const jsonFile = path.join(dir, `report-${filed.id}.json`);
  fs.writeFileSync(jsonFile, answer.body);
  const verified = await runHaven(['export', 'verify', jsonFile], env);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /signature: valid/);
  assert.match(verified.stdout, /signed by: BEE SECURE Stopline — demo \(hotline-demo\)/);
  assert.match(verified.stdout, new RegExp(`audit entry ${statement.audit.seq}: in the log`));
  assert.match(verified.stdout, /^verified$/m);
  // The key a prosecutor compares with, as the operator prints it for them.
  const listed = await runHaven(['organisation', 'list'], env);
  assert.equal(listed.code, 0, listed.stdout + listed.stderr);
  assert.match(listed.stdout, new RegExp(`^hotline-demo\\s+${envelope.signingKey.replace(/[+/]/g, '\\$&')}$`, 'm'));

  // One character of the statement changed: the signature no longer holds.
  const altered: Envelope = { ...envelope, statement: envelope.statement.replace('"csam"', '"cxam"') };
  assert.notEqual(altered.statement, envelope.statement);
  const alteredFile = path.join(dir, 'altered.json');
  fs.writeFileSync(alteredFile, JSON.stringify(altered, null, 2));
  const refused = await runHaven(['export', 'verify', alteredFile], env);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /ALTERED or not signed by this key/);
  assert.doesNotMatch(refused.stdout, /verified/);

  // Signed anew by someone else's key: valid, but not an organisation's of this Haven.
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_keypair(publicKey, secretKey);
  const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(signature, Buffer.from(altered.statement), secretKey);
  const forgedFile = path.join(dir, 'forged.json');
  fs.writeFileSync(forgedFile, JSON.stringify({ ...altered, signature: signature.toString('base64'), signingKey: publicKey.toString('base64') }));
  const stranger = await runHaven(['export', 'verify', forgedFile], env);
  assert.equal(stranger.code, 1, stranger.stdout + stranger.stderr);
  assert.match(stranger.stderr, /valid signature, but the key is not an organisation's here/);

  // The printable page: the same report, no script and no link, the envelope at its end.
  const page = await staff.hotlineAnalyst.post(`/office/reports/${filed.id}/export`, { format: 'html' });
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  assert.equal(page.headers['content-disposition'], `attachment; filename="report-${filed.id}.html"`);
  assert.match(String(page.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(page.body, /<script|<a\s|href=|<img|<link/i);
  assert.match(page.body, /<pre id="haven-export-envelope">/);
  assert.match(page.body, /hxxps:\/\/example\[\.\]org\//);
  assert.match(page.body, /Child sexual abuse material/);
  assert.match(page.body, new RegExp(`Note ${filed.marker}: checked with our tools`));
  const htmlFile = path.join(dir, `report-${filed.id}.html`);
  fs.writeFileSync(htmlFile, page.body);
  const fromPage = await runHaven(['export', 'verify', htmlFile], env);
  assert.equal(fromPage.code, 0, fromPage.stdout + fromPage.stderr);
  assert.match(fromPage.stdout, /signed by: BEE SECURE Stopline — demo \(hotline-demo\)/);

  // Both exports are in the report's history and in the log; the second names the first.
  assert.equal(await exportsAudited(haven), 2);
  const events = await haven.store.db.selectFrom('report_events').select(['type', 'actor']).where('report_id', '=', filed.id).orderBy('seq').execute();
  assert.deepEqual(
    events.filter((e) => e.type === 'exported').map((e) => e.actor),
    [`account:${analyst.session.account.id}`, `account:${analyst.session.account.id}`],
  );
  const second = JSON.parse(
    JSON.parse(
      /<pre id="haven-export-envelope">([\s\S]*?)<\/pre>/
        .exec(page.body)?.[1]
        ?.replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&') ?? '{}',
    ).statement,
  ) as Statement;
  assert.ok(
    second.document.report.history.some((e) => e.type === 'exported' && e.by === 'hotline-analyst'),
    'the earlier export is in the history',
  );
});
