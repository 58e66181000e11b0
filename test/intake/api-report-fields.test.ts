// The JSON API refuses what it would otherwise lose: a field the channel does not take, or a
// value of a type the field cannot hold, is named in a 400, and no report is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHaven } from '../support/haven.ts';
import { countReports, fieldsFor, newMarker, postJson } from '../support/reports.ts';

type Errors = { errors: { field: string; code: string; message: string }[] };

test('a misspelt or foreign field is refused by name, in the language asked for', async (t) => {
  const haven = await testHaven(t);
  const before = await countReports(haven.store);
  const { description, ...rest } = fieldsFor('child-abuse', newMarker());
  const response = await postJson(
    haven.app,
    '/api/v1/reports',
    { channel: 'child-abuse', fields: { ...rest, descripton: description, urls: ['https://example.org/'] } },
    { 'accept-language': 'de' },
  );
  assert.equal(response.statusCode, 400);
  const { errors } = response.json() as Errors;
  assert.deepEqual(errors.map((e) => `${e.field}:${e.code}`).sort(), ['fields.descripton:unknown-field', 'fields.urls:unknown-field']);
  assert.match(errors[0]?.message ?? '', /Feld/, 'the message is in German');
  assert.equal(await countReports(haven.store), before, 'nothing was stored');
});

test('a description sent as a list of lines is refused, not cut to its first line', async (t) => {
  const haven = await testHaven(t);
  const before = await countReports(haven.store);
  const fields = { ...fieldsFor('online', newMarker()), description: ['first line', 'second line'] };
  const response = await postJson(haven.app, '/api/v1/reports', { channel: 'online', fields });
  assert.equal(response.statusCode, 400);
  assert.deepEqual(
    (response.json() as Errors).errors.map((e) => `${e.field}:${e.code}`),
    ['fields.description:malformed'],
  );
  assert.equal(await countReports(haven.store), before, 'nothing was stored');
});
