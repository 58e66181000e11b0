// Recovery sheets: any k of the n sheets rebuild the organisation's key and fewer never do; a sheet
// typed wrong, from an older set, given twice or forged is refused, and the refusal says which.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { visibleText } from '../../test/support/html.ts';
import { generateKeyPair } from '../crypto/box.ts';
import { LOCALES } from '../i18n/locales.ts';
import { loadCatalogue, translator } from '../i18n/messages.ts';
import { isDomainError, statusOf } from '../web/domain-errors.ts';
import { RecoverySheets } from './recovery-sheets.view.tsx';
import { readSheet, SHEET_LENGTH, writeSheet } from './sheet-text.ts';
import { issueSheets, type RecoverySet, RecoverySetInvalid, rebuildKey, type SheetRefusalCode, SheetRefused } from './sheets.ts';

const organisation = generateKeyPair();
const issued = await issueSheets(organisation.privateKey, { threshold: 2, shares: 3 });
const [one, two, three] = issued.sheets as [string, string, string];

/** Asserts the promise is refused for `code`, naming `sheet` when given. */
async function refused(promise: Promise<unknown>, code: SheetRefusalCode, sheet?: number) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SheetRefused, String(error));
    assert.equal(error.code, code);
    assert.equal(error.sheet, sheet);
    return true;
  });
}

const rebuild = (texts: string[], set: RecoverySet = issued.set) => rebuildKey(texts, set, organisation.publicKey);

test('any two of the three sheets rebuild the key, in any order, and all three do too', async () => {
  for (const texts of [
    [one, two],
    [one, three],
    [two, three],
    [three, one],
    [one, two, three],
  ]) {
    assert.deepEqual(await rebuild(texts), organisation.privateKey);
  }
  // A form's empty fields are skipped; the sheets keep their place for any refusal.
  assert.deepEqual(await rebuild(['', three, ' - ', one]), organisation.privateKey);
});

test('a set is n sheets of 72 characters in groups of four, and stores only the sealed key', () => {
  assert.equal(issued.sheets.length, 3);
  for (const sheet of issued.sheets) assert.match(sheet, /^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){17}$/);
  assert.equal(SHEET_LENGTH, 72);
  assert.equal(new Set(issued.sheets).size, 3);
  assert.deepEqual(Object.keys(issued.set).sort(), ['sealedKey', 'setId', 'shares', 'threshold']);
  assert.match(issued.set.setId, /^[0-9a-f]{12}$/);
  assert.equal(issued.set.threshold, 2);
  assert.equal(issued.set.shares, 3);
  assert.ok(!issued.set.sealedKey.includes(organisation.privateKey.subarray(0, 8)), 'the key is sealed');
});

test('one sheet alone is refused before anything is combined; so are k − 1 sheets of a larger set', async () => {
  for (const texts of [[one], [two], [three], [], [one, ''], ['', '', three]]) {
    await assert.rejects(rebuild(texts), (e: unknown) => e instanceof SheetRefused && e.code === 'too-few-sheets' && e.threshold === 2);
  }
  const five = await issueSheets(organisation.privateKey, { threshold: 3, shares: 5 });
  const [a, b, c, , e] = five.sheets as string[] as [string, string, string, string, string];
  await refused(rebuild([a, b], five.set), 'too-few-sheets');
  assert.deepEqual(await rebuild([e, c, a], five.set), organisation.privateKey);
});

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

test('a sheet with one character changed, left out, added or swapped is refused as a typo, by its place', async () => {
  const chars = [...two.replaceAll(' ', '')];
  for (let i = 0; i < chars.length; i++) {
    const changed = [...chars];
    changed[i] = ALPHABET[(ALPHABET.indexOf(chars[i] ?? '0') + 1 + (i % 31)) % 32] ?? '0';
    await refused(rebuild([one, changed.join('')]), 'sheet-unreadable', 2);
  }
  const text = chars.join('');
  const dropped = text.slice(0, 40) + text.slice(41);
  const added = `${text.slice(0, 40)}K${text.slice(40)}`;
  const swapped = text.slice(0, 40) + text[41] + text[40] + text.slice(42);
  if (chars[40] !== chars[41]) await refused(rebuild([swapped, one]), 'sheet-unreadable', 1);
  await refused(rebuild([three, dropped]), 'sheet-unreadable', 2);
  await refused(rebuild([three, one, added]), 'sheet-unreadable', 3);
  await refused(rebuild([one, 'U'.repeat(72)]), 'sheet-unreadable', 2);
  await refused(rebuild([one, `${two} ${'A'.repeat(400)}`]), 'sheet-unreadable', 2);
  // A typo is named first, even on a sheet that would also be too few.
  await refused(rebuild([text.slice(1)]), 'sheet-unreadable', 1);
});

test('lower case, other spacing, dashes and O, I, L for 0, 1 are read as the printed sheet', async () => {
  const typed = (text: string) =>
    text
      .toLowerCase()
      .replaceAll('0', 'o')
      .replaceAll('1', 'l')
      .replace(/ /g, (_, at: number) => (at % 3 ? '  ' : '-'));
  assert.deepEqual(await rebuild([typed(one), `\n  ${typed(three)}\t`]), organisation.privateKey);
  assert.deepEqual(await rebuild([two.replaceAll(' ', ''), three.replaceAll('1', 'I')]), organisation.privateKey);
  // A sheet made to be full of 0 and 1, so that the letters are surely read as digits.
  const share = new Uint8Array(33).fill(0x08);
  const printed = writeSheet('000000000000', share);
  assert.match(printed, /0/);
  assert.match(printed, /1/);
  const read = readSheet(printed.replaceAll('0', 'O').replaceAll('1', 'i').toLowerCase());
  assert.deepEqual(read, { setId: '000000000000', share });
});

test('after the sheets are issued again, an old sheet is refused as from another set, by its place', async () => {
  const again = await issueSheets(organisation.privateKey, { threshold: 2, shares: 3 });
  assert.notEqual(again.set.setId, issued.set.setId);
  await refused(rebuild([one, two], again.set), 'sheet-from-other-set', 1);
  await refused(rebuild([again.sheets[0] ?? '', two], again.set), 'sheet-from-other-set', 2);
  assert.deepEqual(await rebuild([again.sheets[2] ?? '', again.sheets[0] ?? ''], again.set), organisation.privateKey);
});

test('the same sheet twice is refused, however it was typed', async () => {
  await refused(rebuild([one, one]), 'same-sheet-twice', 2);
  await refused(rebuild([two, three, two.toLowerCase()]), 'same-sheet-twice', 3);
});

test('another organisation’s sheets do not open this organisation’s key, even with the set id changed', async () => {
  const other = generateKeyPair();
  const theirs = await issueSheets(other.privateKey, { threshold: 2, shares: 3 });
  await refused(rebuild(theirs.sheets.slice(0, 2)), 'sheet-from-other-set', 1);

  // Their shares with this set's id and a checksum made again: read, then refused as a whole.
  const doctored = theirs.sheets.slice(0, 2).map((text) => writeSheet(issued.set.setId, readSheet(text)?.share ?? new Uint8Array()));
  await refused(rebuild(doctored), 'sheets-do-not-match');
  // One of theirs among ours: it rebuilds a wrong recovery key, which opens nothing.
  await refused(rebuild([one, doctored[1] ?? '']), 'sheets-do-not-match');
  // The set id's characters changed by hand: the checksum no longer fits.
  const retyped = `${issued.sheets[0]?.slice(0, 12)}${theirs.sheets[0]?.slice(12)}`;
  await refused(rebuild([retyped, two]), 'sheet-unreadable', 1);

  // Their whole set and sheets, checked against this organisation's public key: refused.
  await refused(rebuildKey(theirs.sheets.slice(1), theirs.set, organisation.publicKey), 'sheets-do-not-match');
  assert.deepEqual(await rebuildKey(theirs.sheets.slice(1), theirs.set, other.publicKey), other.privateKey);
});

test('a refusal is an invalid-input domain error (400)', () => {
  const error = new SheetRefused('sheet-unreadable', { sheet: 2 });
  assert.ok(isDomainError(error));
  assert.equal(statusOf(error), 400);
  assert.equal(error.message, 'sheet 2 has a typing error');
});

test('2 ≤ threshold ≤ shares ≤ 10, else the set is refused by the field at fault', async () => {
  const cases: [number, number, 'threshold' | 'shares'][] = [
    [1, 3, 'threshold'],
    [4, 3, 'threshold'],
    [2.5, 3, 'threshold'],
    [2, 1, 'shares'],
    [2, 11, 'shares'],
    [Number.NaN, 3, 'threshold'],
  ];
  for (const [threshold, shares, field] of cases) {
    await assert.rejects(issueSheets(organisation.privateKey, { threshold, shares }), (e: unknown) => e instanceof RecoverySetInvalid && e.field === field);
  }
  assert.ok(isDomainError(new RecoverySetInvalid('shares')));
  const ten = await issueSheets(organisation.privateKey, { threshold: 10, shares: 10 });
  assert.deepEqual(await rebuild([...ten.sheets].reverse(), ten.set), organisation.privateKey);
  await assert.rejects(issueSheets(Buffer.alloc(16), { threshold: 2, shares: 3 }), RangeError);
});

/** The recovery messages alone, as the loader reads them (content/messages/office-recovery). */
function recoveryCatalogue() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-recovery-'));
  fs.mkdirSync(path.join(dir, 'messages', 'office-recovery'), { recursive: true });
  for (const locale of LOCALES) {
    fs.writeFileSync(path.join(dir, 'messages', `${locale}.yaml`), '');
    const own = new URL(`../../content/messages/office-recovery/${locale}.yaml`, import.meta.url);
    fs.copyFileSync(own, path.join(dir, 'messages', 'office-recovery', `${locale}.yaml`));
  }
  const catalogue = loadCatalogue(dir);
  fs.rmSync(dir, { recursive: true });
  return catalogue;
}

test('the sheets print one section each: heading, organisation, date, text, QR code and instructions', () => {
  const catalogue = recoveryCatalogue();
  const qrSvgs = issued.sheets.map((_, i) => `<svg role="img" aria-label="QR ${i + 1}"><path d="M0 0h${i + 1}"/></svg>`);
  const props = { organisationName: 'Police grand-ducale', sheets: issued.sheets, threshold: 2, issuedAt: '8 December 2026', qrSvgs };
  const html = renderToString(h(RecoverySheets, { t: translator(catalogue, 'en'), ...props }));
  const text = visibleText(html);
  assert.equal(html.match(/<section /g)?.length, 3);
  for (const [i, sheet] of issued.sheets.entries()) {
    assert.ok(text.includes(`Recovery sheet ${i + 1} of 3`), `heading ${i + 1}`);
    assert.ok(text.includes(sheet), `sheet ${i + 1}'s text`);
    assert.ok(html.includes(qrSvgs[i] ?? ''), `sheet ${i + 1}'s QR code`);
  }
  assert.equal(text.split('Organisation: Police grand-ducale').length, 4);
  assert.equal(text.split('Issued on: 8 December 2026').length, 4);
  assert.ok(text.includes('Any 2 of the 3 sheets together rebuild'));
  assert.ok(text.includes('shown only once and is not stored'));

  for (const locale of LOCALES) {
    const t = translator(catalogue, locale);
    const page = visibleText(renderToString(h(RecoverySheets, { t, ...props })));
    assert.doesNotMatch(page, /office\.recovery\./, `${locale}: every message is there`);
    assert.ok(page.includes('Police grand-ducale'));
    for (const code of ['sheet-unreadable', 'sheet-from-other-set', 'same-sheet-twice', 'too-few-sheets', 'sheets-do-not-match', 'invalid-recovery-set']) {
      assert.notEqual(t(`office.error.${code}`, { sheet: 2, threshold: 3 }), `office.error.${code}`);
    }
  }
  const fr = translator(catalogue, 'fr');
  assert.equal(fr('office.recovery.sheet.title', { number: 2, total: 3 }), 'Feuille de récupération 2 sur 3');
  assert.match(fr('office.error.sheet-unreadable', { sheet: 1 }), /^La 1re feuille saisie contient une faute de frappe/);
  assert.match(translator(catalogue, 'de')('office.error.sheet-unreadable', { sheet: 2 }), /^Das 2\. eingegebene Blatt enthält einen Tippfehler/);
  assert.match(translator(catalogue, 'en')('office.error.sheet-from-other-set', { sheet: 3 }), /^The 3rd sheet you entered belongs to another set/);
});
