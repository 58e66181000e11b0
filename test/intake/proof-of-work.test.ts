// Floods and spam (issue 15): a report with a valid proof of work counts under the normal limit
// per client; one without (no JavaScript, a replayed, forged or expired solution) is still taken,
// under a lower limit of its own, and past it comes back with everything typed, as any held-back
// report does: never refused as an error, never lost. Forms and the API alike. Solutions are
// found here with altcha-lib's own solver, as a platform would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { CONTENT_DIR } from '../../src/haven.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { loadCatalogue, translator } from '../../src/i18n/messages.ts';
import { CHALLENGE_LIFETIME_SECONDS, createProofOfWork } from '../../src/intake/proof-of-work.ts';
import { type TestHaven, testHaven } from '../support/haven.ts';
import { controls, decodeEntities, fieldValue } from '../support/html.ts';
import { countReports, fieldsFor, newMarker, postForm, postJson, receiptOnPage } from '../support/reports.ts';

const catalogue = loadCatalogue(CONTENT_DIR);
// Little work, so that the tests stay quick; the browser test solves the default.
const EASY = '4';

/** A solution to `challenge`, as the page's script or a platform sends it (altcha's base64 payload). */
async function solve(challenge: Challenge, solvedFor: Challenge = challenge): Promise<string> {
  const solution = await solveChallenge({ challenge: solvedFor, deriveKey });
  assert.ok(solution, 'altcha-lib solves the challenge');
  return Buffer.from(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } })).toString('base64');
}

/** The challenge a form page carries, in its proof field. */
function challengeOn(html: string): Challenge {
  const [field] = controls(html, 'proof');
  assert.ok(field, 'the form has a proof field');
  assert.equal(field.attrs.get('type'), 'hidden');
  assert.equal(field.attrs.get('value'), '', 'empty as served: without JavaScript it is sent empty');
  assert.equal(Number(field.attrs.get('data-proof-lifetime')), CHALLENGE_LIFETIME_SECONDS);
  return JSON.parse(field.attrs.get('data-proof-challenge') ?? '') as Challenge;
}

async function formChallenge(haven: TestHaven, locale: Locale = 'en'): Promise<Challenge> {
  const page = await haven.app.inject({ url: `/${locale}/report/online` });
  assert.equal(page.statusCode, 200);
  return challengeOn(page.body);
}

async function apiChallenge(haven: TestHaven): Promise<Challenge> {
  const answer = await haven.app.inject({ url: '/api/v1/challenge' });
  assert.equal(answer.statusCode, 200);
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(answer.headers['set-cookie'], undefined);
  return answer.json() as Challenge;
}

/** Sends the online form, with `proof` if given; returns the answer. */
function sendForm(haven: TestHaven, marker: string, proof?: string, locale: Locale = 'en') {
  return postForm(haven.app, `/${locale}/report/online`, { ...fieldsFor('online', marker), ...(proof === undefined ? {} : { proof }) });
}

/** The form came back held back, intact and in its language, with a new challenge to solve. */
function assertHeldBack(answer: Awaited<ReturnType<typeof sendForm>>, marker: string, locale: Locale, what: string) {
  assert.equal(answer.statusCode, 429, `${what}: held back`);
  assert.ok(Number(answer.headers['retry-after']) > 0, `${what}: says when to try again`);
  const page = decodeEntities(answer.body);
  assert.ok(page.includes(translator(catalogue, locale)('report.tooManyTitle')), `${what}: told why, in ${locale}`);
  assert.ok(fieldValue(answer.body, 'contact')?.includes(marker), `${what}: what was typed is still in the form`);
  assert.ok(page.includes(`MARKER-${marker} description`), `${what}: the description too`);
  assert.ok(challengeOn(answer.body).signature, `${what}: with a new challenge`);
}

test('with a valid proof a report counts under the normal limit; without, under the lower one, then the form comes back intact', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '3', INTAKE_REPORTS_WITHOUT_PROOF: '1', INTAKE_PROOF_DIFFICULTY: EASY });

  // Without a proof (no JavaScript): the first is taken, the second held back in every language.
  const first = newMarker();
  const unproven = await sendForm(haven, first, '');
  assert.equal(unproven.statusCode, 200, 'a report without a proof is still taken');
  assert.ok(receiptOnPage(unproven.body));
  for (const locale of LOCALES) {
    const marker = newMarker();
    assertHeldBack(await sendForm(haven, marker, undefined, locale), marker, locale, `${locale}, past the limit without a proof`);
  }

  // With a valid proof the same client goes on, up to the normal limit.
  for (let i = 0; i < 3; i++) {
    const answer = await sendForm(haven, newMarker(), await solve(await formChallenge(haven)));
    assert.equal(answer.statusCode, 200, `report ${i + 1} with a proof`);
    assert.ok(receiptOnPage(answer.body));
  }
  const marker = newMarker();
  assertHeldBack(await sendForm(haven, marker, await solve(await formChallenge(haven))), marker, 'en', 'past the normal limit, with a proof');
  assert.equal(await countReports(haven.store), 4);
});

test('a replayed, forged, foreign or expired solution counts as none: the report is held, not lost', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '100', INTAKE_REPORTS_WITHOUT_PROOF: '1', INTAKE_PROOF_DIFFICULTY: EASY });
  // The one report this client may send without a proof is spent: from here on, a report that
  // counts as sent without one is held back, and one with a valid proof is taken.
  assert.equal((await sendForm(haven, newMarker())).statusCode, 200);

  const payload = await solve(await formChallenge(haven));
  assert.equal((await sendForm(haven, newMarker(), payload)).statusCode, 200, 'a valid solution, used once');
  const replay = newMarker();
  assertHeldBack(await sendForm(haven, replay, payload), replay, 'en', 'the same solution again');

  // A solution of one challenge sent with another (each signed by Haven).
  const [one, other] = [await formChallenge(haven), await formChallenge(haven)];
  const swapped = newMarker();
  assertHeldBack(await sendForm(haven, swapped, await solve(other, one)), swapped, 'en', 'a solution for another challenge');

  // A challenge whose parameters were changed (a longer life): its signature no longer holds.
  const prolonged = structuredClone(await formChallenge(haven));
  prolonged.parameters.expiresAt = (prolonged.parameters.expiresAt ?? 0) + 86_400;
  const forged = newMarker();
  assertHeldBack(await sendForm(haven, forged, await solve(prolonged)), forged, 'en', 'a challenge changed by the client');

  // A challenge signed with another server secret (another site, or a guess).
  const stranger = createProofOfWork({ store: haven.store, key: randomBytes(32), difficulty: 4 });
  t.after(() => stranger.close());
  const foreign = newMarker();
  assertHeldBack(await sendForm(haven, foreign, await solve(await stranger.challenge())), foreign, 'en', 'a challenge Haven did not sign');

  // One of Haven's own challenges, signed with its key, issued two hours ago: expired.
  const past = createProofOfWork({ store: haven.store, key: haven.keys.proofOfWork, difficulty: 4, now: () => Date.now() - 2 * 3_600_000 });
  t.after(() => past.close());
  const expired = newMarker();
  assertHeldBack(await sendForm(haven, expired, await solve(await past.challenge())), expired, 'en', 'an expired challenge');

  for (const [i, junk] of ['not base64 at all', Buffer.from('{"challenge":1}').toString('base64'), 'x'.repeat(5000)].entries()) {
    const marker = newMarker();
    assertHeldBack(await sendForm(haven, marker, junk), marker, 'en', `a malformed proof (${i + 1})`);
  }

  // None of that spent the client's allowance with a proof: a fresh solution is taken.
  assert.equal((await sendForm(haven, newMarker(), await solve(await formChallenge(haven)))).statusCode, 200);
  assert.equal(await countReports(haven.store), 3);
});

test('the API takes a proof the same way, and answers 429 with Retry-After past each limit', async (t) => {
  const haven = await testHaven(t, { INTAKE_REPORTS_PER_CLIENT: '2', INTAKE_REPORTS_WITHOUT_PROOF: '1', INTAKE_PROOF_DIFFICULTY: EASY });
  const report = (proof?: string) =>
    postJson(
      haven.app,
      '/api/v1/reports',
      { channel: 'online', fields: fieldsFor('online', newMarker()), ...(proof ? { proof } : {}) },
      { 'accept-language': 'fr' },
    );
  const assertLimited = (answer: Awaited<ReturnType<typeof report>>, what: string) => {
    assert.equal(answer.statusCode, 429, what);
    assert.ok(Number(answer.headers['retry-after']) > 0, `${what}: Retry-After`);
    const [error] = (answer.json() as { errors: { code: string; message: string }[] }).errors;
    assert.equal(error?.code, 'rate-limited', what);
    assert.equal(error?.message, translator(catalogue, 'fr')('error.rate-limited'), `${what}: translated`);
  };

  assert.equal((await report()).statusCode, 201, 'without a proof: taken, once');
  assertLimited(await report(), 'a second without a proof');

  const payload = await solve(await apiChallenge(haven));
  assert.equal((await report(payload)).statusCode, 201, 'with a proof');
  assertLimited(await report(payload), 'the same proof again');
  assert.equal((await report(await solve(await apiChallenge(haven)))).statusCode, 201, 'with another proof');
  assertLimited(await report(await solve(await apiChallenge(haven))), 'past the normal limit');
  assert.equal(await countReports(haven.store), 3);
});

test('a solution counts once across instances, and twice at once only once', async (t) => {
  const haven = await testHaven(t, { INTAKE_PROOF_DIFFICULTY: EASY });
  // Two instances share the database and the secret, nothing else.
  const [a, b] = [1, 2].map(() => createProofOfWork({ store: haven.store, key: haven.keys.proofOfWork, difficulty: 4 }));
  t.after(() => Promise.all([a?.close(), b?.close()]));
  assert.ok(a && b);
  const payload = await solve(await a.challenge());
  assert.equal(await b.redeem(payload), true, 'a solution to another instance’s challenge');
  assert.equal(await a.redeem(payload), false, 'used on one instance, refused on the other');

  const twice = await solve(await a.challenge());
  const outcomes = await Promise.all([a.redeem(twice), a.redeem(twice), b.redeem(twice)]);
  assert.equal(outcomes.filter(Boolean).length, 1, `sent three times at once, counted once: ${outcomes}`);

  // The nonce is kept until the hour after its challenge expires, then swept; nothing else is kept.
  const rows = await haven.store.db.selectFrom('used_proofs').selectAll().execute();
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(Number(row.forget_at) % 3_600_000, 0, 'kept until a whole hour, which tells nothing finer');
    assert.ok(Number(row.forget_at) > Date.now() + (CHALLENGE_LIFETIME_SECONDS - 60) * 1000);
  }
  // An instance whose clock reads two hours later sweeps them away on its next use.
  const later = createProofOfWork({ store: haven.store, key: haven.keys.proofOfWork, difficulty: 4, now: () => Date.now() + 2 * 3_600_000 });
  assert.equal(await later.redeem(payload), false, 'expired by then');
  await later.close();
  assert.equal((await haven.store.db.selectFrom('used_proofs').selectAll().execute()).length, 0, 'swept once their hour has passed');
});
